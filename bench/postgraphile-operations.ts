import type { OperationKey } from "./operations";

/**
 * The same operations in PostGraphile 5's generated schema (amber preset, default
 * inflection), with what it cannot express noted. It orders and filters only by indexed
 * columns, and computes nothing the tables do not hold, unless SQL functions or plugins
 * are added to the database; the benchmark adds none.
 */
export interface PostGraphileOperation {
  query: string;
  /** What this query leaves out compared with the API's, for the results. */
  differences: string;
}

export const POSTGRAPHILE_OPERATIONS: Partial<Record<OperationKey, PostGraphileOperation>> = {
  dashboard: {
    query: /* GraphQL */ `
      query Dashboard($partnershipCode: String!, $first: Int!) {
        partnershipByCode(code: $partnershipCode) {
          measuresByPartnershipId(first: $first, orderBy: [CODE_ASC, ROW_ID_ASC]) {
            totalCount
            pageInfo { hasNextPage endCursor }
            nodes {
              id code title status deadline version
              policyAreaByPolicyAreaId { code title }
              leads: measureResponsibilitiesByMeasureId(condition: { role: LEAD }) { nodes { signatoryBySignatoryId { code name } } }
              measureResponsibilitiesByMeasureId { nodes { role isAssumption signatoryBySignatoryId { code name } } }
              measureProjectsByMeasureId { nodes { projectByProjectId { code title fundingInstrumentByInstrumentId { code name } } } }
            }
          }
        }
      }
    `,
    differences:
      "no `overdue` (computed), `lead` left to the client (from the LEAD responsibilities), responsibilities and projects in natural order (it orders only by indexed columns)",
  },
  measureHistory: {
    query: /* GraphQL */ `
      query MeasureHistory($rowId: Int!) {
        measureByRowId(rowId: $rowId) {
          id code title status version updatedAt
          measureStatusChangesByMeasureId(orderBy: [CHANGED_AT_ASC, ROW_ID_ASC]) { nodes { fromStatus toStatus reason changedAt } }
        }
      }
    `,
    differences: "fetched by row id rather than by global id",
  },
  projectsByInstrument: {
    query: /* GraphQL */ `
      query ProjectsByInstrument($instrumentCode: String!, $first: Int!) {
        fundingInstrumentByCode(code: $instrumentCode) {
          projectsByInstrumentId(first: $first, orderBy: [CODE_ASC, ROW_ID_ASC]) {
            totalCount
            pageInfo { hasNextPage endCursor }
            nodes {
              id code title status plannedStart plannedEnd
              fundingInstrumentByInstrumentId { code name }
              projectBudgetsByProjectId { nodes { status valueDate amount currency } }
            }
          }
        }
      }
    `,
    differences: "budget lines in natural order (value_date is not indexed)",
  },
};

/** Why an operation has no PostGraphile counterpart. */
export const POSTGRAPHILE_LEFT_OUT: Partial<Record<OperationKey, string>> = {
  fundingSummary:
    "its generated schema has no sums or grouping without the @graphile/pg-aggregates plugin, which the benchmark does not add; fetching every budget line and transaction to add them up in the client would not be the same operation",
  setMeasureStatus:
    "its generated `updateMeasureByRowId` would skip what the mutation is: the transition rules, the version check, the status history and the audit record",
};
