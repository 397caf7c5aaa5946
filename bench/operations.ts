/**
 * The benchmark's operations, as this service's GraphQL documents. Shared by the load driver
 * (bench/run.ts) and the statement-count test (test/benchmark-operations.test.ts), so the
 * test guards exactly what the benchmark measures. No imports: jest compiles this file as
 * it is, outside its roots.
 *
 * The operation names are also how the floor server (bench/floor.mjs) dispatches: it
 * answers the same request bodies with hand-written SQL.
 */

/** (1) A dashboard page: measures of a partnership with area, leads, responsibilities and projects. */
export const DASHBOARD = /* GraphQL */ `
  query Dashboard($partnershipCode: String!, $first: Int!) {
    measures(filter: { partnershipCode: $partnershipCode }, first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id code title status deadline overdue version
        policyArea { code title }
        lead { code name }
        leads { code }
        responsibilities { role isAssumption signatory { code name } }
        projects { code title instrument { code name } }
      }
    }
  }
`;

/** (2) One measure by id, with its status history. */
export const MEASURE_HISTORY = /* GraphQL */ `
  query MeasureHistory($id: ID!) {
    node(id: $id) {
      ... on Measure {
        id code title status version updatedAt
        statusHistory { fromStatus toStatus reason changedAt }
      }
    }
  }
`;

/**
 * (3) Projects funded through one instrument, with their budget lines. The per-currency
 * `budget` totals are left out so that PostGraphile (without an aggregates plugin) and the
 * floor do exactly the same work.
 */
export const PROJECTS_BY_INSTRUMENT = /* GraphQL */ `
  query ProjectsByInstrument($instrumentCode: String!, $first: Int!) {
    projects(filter: { instrumentCode: $instrumentCode }, first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id code title status plannedStart plannedEnd
        instrument { code name }
        budgets { status valueDate amount { amount currency } }
      }
    }
  }
`;

/**
 * (4) The funding summary by instrument and year of one partnership, per currency (no
 * conversion), with the grand totals.
 */
export const FUNDING_SUMMARY = /* GraphQL */ `
  query FundingSummary($partnershipCode: String!) {
    fundingSummary(groupBy: [INSTRUMENT, YEAR], filter: { partnershipCode: $partnershipCode }) {
      rows {
        instrument { code name }
        year currency budget committed disbursed expended undisbursed
      }
      totals { currency budget committed disbursed expended undisbursed }
    }
  }
`;

/** (5) Moving a measure between IN_PROGRESS and ON_HOLD, at the version last read. */
export const SET_MEASURE_STATUS = /* GraphQL */ `
  mutation SetMeasureStatus($input: SetMeasureStatusInput!) {
    setMeasureStatus(input: $input) {
      clientMutationId
      measure { id status version }
    }
  }
`;

export const PAGE_SIZE = 50;

export type OperationKey = "dashboard" | "measureHistory" | "projectsByInstrument" | "fundingSummary" | "setMeasureStatus";

export interface OperationSpec {
  key: OperationKey;
  /** As the results table names it. */
  title: string;
  operationName: string;
  query: string;
  mutation: boolean;
}

export const OPERATIONS: OperationSpec[] = [
  { key: "dashboard", title: "(1) dashboard page, 50 measures", operationName: "Dashboard", query: DASHBOARD, mutation: false },
  { key: "measureHistory", title: "(2) measure by id + history", operationName: "MeasureHistory", query: MEASURE_HISTORY, mutation: false },
  {
    key: "projectsByInstrument",
    title: "(3) projects by instrument + budgets",
    operationName: "ProjectsByInstrument",
    query: PROJECTS_BY_INSTRUMENT,
    mutation: false,
  },
  { key: "fundingSummary", title: "(4) funding summary by instrument, year", operationName: "FundingSummary", query: FUNDING_SUMMARY, mutation: false },
  { key: "setMeasureStatus", title: "(5) setMeasureStatus", operationName: "SetMeasureStatus", query: SET_MEASURE_STATUS, mutation: true },
];
