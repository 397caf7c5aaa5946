/**
 * The scoreboard page's GraphQL operations: the only ones it sends, by id ("sha256:<hex>"),
 * never as text. The server trusts them always (beside a TRUSTED_DOCUMENTS manifest), so the page
 * works with TRUSTED_DOCUMENTS_ONLY=true; the build writes them as dist/web/trusted-documents.json
 * and gives the page their ids, not their texts (src/web/build-client.ts).
 * No imports: the page's code (src/web/client) type-checks against this file too.
 *
 * Plain public queries, as any frontend could send them, the one mutation a signed-in person
 * makes (moving a measure along its statuses), which the API checks like any other, and the two
 * subscriptions the page follows over WebSocket to show changes as they are made.
 */
export const DOCUMENTS = {
  Plan: `query ScoreboardPlan($partnership: String!) {
  partnership(code: $partnership) {
    code title signedOn
    signatories { code name }
    policyAreas { position code title }
  }
  measures(filter: { partnershipCode: $partnership }, orderBy: { field: DEADLINE, direction: ASC }, first: 100) {
    totalCount
    nodes { code title status overdue deadline policyArea { code } leads { code } }
  }
  actionPlanVersions(partnershipCode: $partnership, first: 100) {
    number status adoptedAt supersededAt note basedOn { number }
  }
}`,
  PlanDiff: `query ScoreboardPlanDiff($partnership: String!, $from: Int!, $to: Int!) {
  actionPlanDiff(partnershipCode: $partnership, from: $from, to: $to) {
    added(first: 100) { code title }
    withdrawn(first: 100) { code title withdrawalReason }
    changed(first: 100) { code changes { field from to } }
  }
}`,
  MeasureList: `query ScoreboardMeasureList($partnership: String!) {
  measures(filter: { partnershipCode: $partnership }, first: 100) { nodes { code title } }
}`,
  Measure: `query ScoreboardMeasure($partnership: String!, $code: String!) {
  measure(partnershipCode: $partnership, code: $code) {
    code title description status deadline overdue locator
    policyArea { title }
    responsibilities { role isAssumption signatory { code name } }
    organisations(first: 100) { role organisation { code name } }
    statusHistory(first: 100) { fromStatus toStatus reason changedAt }
    progressUpdates(first: 100) { text evidenceUrl createdAt }
    projects(first: 100) { code title status }
    legalActs(first: 100) { relation legalAct { code title status } }
    source { title }
  }
}`,
  Money: `query ScoreboardMoney {
  fundingSummary(groupBy: [INSTRUMENT, YEAR]) {
    rows { currency year instrument { code name } budget committed disbursed }
    totals { currency budget committed disbursed }
    allocations(first: 100) {
      periodStart periodEnd qualifier asStated
      amount { amount currency }
      instrument { code name }
      recipient { code }
    }
  }
  projects(first: 100) {
    nodes {
      code title status
      instrument { code name }
      budgets(first: 100) { amount { amount currency } qualifier asStated status valueDate }
      transactionTotals(first: 100) { type amount { amount currency } }
    }
  }
}`,
  Statistics: `query ScoreboardStatistics {
  indicators(first: 100) {
    code title unit
    theme { code title }
    observations(first: 100) {
      periodLabel periodStart geography value qualifier asStated locator
      source { title publisher year }
    }
  }
}`,
  MyMeasures: `query ScoreboardMyMeasures($partnership: String!, $signatory: String) {
  measures(filter: { partnershipCode: $partnership, responsibleSignatoryCode: $signatory }, first: 100) {
    nodes { id code title status version deadline nextStatuses leads { code } }
  }
}`,
  SetMeasureStatus: `mutation ScoreboardSetMeasureStatus($input: SetMeasureStatusInput!) {
  setMeasureStatus(input: $input) {
    measure { id code status version nextStatuses }
  }
}`,
  MeasureChanges: `subscription ScoreboardMeasureChanges($partnership: String!, $after: String) {
  measureChanged(filter: { partnershipCode: $partnership }, after: $after) { cursor }
}`,
  PlanChanges: `subscription ScoreboardPlanChanges($partnership: String!, $after: String) {
  actionPlanChanged(partnershipCode: $partnership, after: $after) { cursor }
}`,
} as const;

export type DocumentName = keyof typeof DOCUMENTS;
