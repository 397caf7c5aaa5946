import { and, asc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { batchQuery, batchQueryByColumns } from "../../db/batch-query";
import { idIn } from "../../db/id-in";
import { queryByShape, QueryValues, type Bind } from "../../db/query-shapes";
import { containsText } from "../../lib/text-search";
import type { Money } from "../../graphql/common.types";
import { columnsFor } from "../../graphql/selection";
import { paginate, pageTotal, type Connection, type PageArgs, type SortKey } from "../../lib/pagination";
import type { FundingInstrumentRow } from "../funding/funding.service";
import { fundingInstruments } from "../funding/funding.tables";
import { organisations } from "../organisations/organisations.tables";
import { partnerships, signatories } from "../partnerships/partnerships.tables";
import { PROJECT_COLUMNS, projectBudgets, projectParticipants, projects, projectTransactions } from "./projects.tables";
import { ProjectOrderField, type ProjectFilter, type ProjectOrder } from "./projects.types";
import { lookupTable } from "../../lib/lookup";

export type ProjectRow = typeof projects.$inferSelect;

// Amount and currency travel together as Money, as the API serves them.
const { amount: budgetAmount, currency: budgetCurrency, ...budgetColumns } = getTableColumns(projectBudgets);
const budgetSelection = {
  ...budgetColumns,
  amount: { amount: budgetAmount, currency: budgetCurrency },
};
export type ProjectBudgetRow = Omit<typeof projectBudgets.$inferSelect, "amount" | "currency"> & {
  amount: Money;
};

const { amount: transactionAmount, currency: transactionCurrency, ...transactionColumns } =
  getTableColumns(projectTransactions);
const transactionSelection = {
  ...transactionColumns,
  amount: { amount: transactionAmount, currency: transactionCurrency },
};
export type ProjectTransactionRow = Omit<typeof projectTransactions.$inferSelect, "amount" | "currency"> & {
  amount: Money;
};

// 'infinity' sorts projects without the date last and keeps the keyset comparison total.
const startSortKey = (name: string, key: "plannedStart" | "actualStart"): SortKey<ProjectRow> => ({
  name,
  expression: sql`coalesce(${projects[key]}, 'infinity'::date)`,
  property: key,
  valueOf: (p) => p[key] ?? "infinity",
  sqlType: "date",
});

const SORT_KEYS = lookupTable<ProjectOrderField, SortKey<ProjectRow>>({
  CODE: { name: "CODE", expression: sql`${projects.code}`, property: "code", valueOf: (p) => p.code, sqlType: "text" },
  TITLE: { name: "TITLE", expression: sql`${projects.title}`, property: "title", valueOf: (p) => p.title, sqlType: "text" },
  PLANNED_START: startSortKey("PLANNED_START", "plannedStart"),
  ACTUAL_START: startSortKey("ACTUAL_START", "actualStart"),
});

const DEFAULT_ORDER: ProjectOrder = { field: ProjectOrderField.CODE, direction: "ASC" as ProjectOrder["direction"] };

/**
 * Projects matching `filter`, one page at a time. Throws BAD_USER_INPUT for invalid page
 * arguments or cursors. The page's instruments come with it (a ten-row table, joined), handed
 * to `withInstruments`: a list of projects asks for them next, and this spares a statement.
 * `asked`: whether the query asks for totalCount (see pageTotal), and what it reads of the
 * projects (see columnsFor).
 */
export function listProjects(
  db: Executor,
  filter: ProjectFilter | null | undefined,
  order: ProjectOrder | null | undefined,
  page: PageArgs,
  asked: { totalCount: boolean; ofNodes: readonly string[] },
  withInstruments: (instruments: FundingInstrumentRow[]) => void,
): Promise<Connection<ProjectRow>> {
  const values = new QueryValues();
  const where = projectConditions(filter ?? {}, values.bind);
  const total = pageTotal(db, projects, where, { wanted: asked.totalCount, values });
  const { field, direction } = order ?? DEFAULT_ORDER;
  const sortKey = SORT_KEYS[field];
  const columns = columnsFor(PROJECT_COLUMNS, asked.ofNodes, ["id", sortKey.property]);
  return paginate<ProjectRow>({
    args: page,
    sortKey,
    direction,
    idExpression: sql`${projects.id}`,
    idOf: (p) => p.id,
    bind: values.bind,
    fetch: async (boundary, orderBy, limit) => {
      const pageSize = values.bind(limit);
      const rows = await projectsPage(
        db,
        [where, boundary, ...orderBy, total.column, sql.raw(Object.keys(columns).join()), sql`limit ${pageSize}`],
        () =>
          db
            .select({ project: columns, instrument: fundingInstruments, total: total.column })
            .from(projects)
            .leftJoin(fundingInstruments, eq(fundingInstruments.id, projects.instrumentId))
            .where(and(where, boundary))
            .orderBy(...orderBy)
            .limit(pageSize),
        values,
      );
      total.read(rows);
      withInstruments(rows.flatMap(({ instrument }) => (instrument ? [instrument] : [])));
      return rows.map(({ project }) => project);
    },
    count: total.count,
  });
}

const projectsPage = queryByShape<{ project: ProjectRow; instrument: FundingInstrumentRow | null; total: number | null }>("projectsPage");

function projectConditions(filter: ProjectFilter, bind: Bind): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.partnershipCode != null) {
    conditions.push(
      // "= (scalar)": codes are unique, and the planner can use the index on the column.
      sql`${projects.partnershipId} = (select ${partnerships.id} from ${partnerships} where ${partnerships.code} = ${bind(filter.partnershipCode)})`,
    );
  }
  if (filter.recipientCode != null) {
    conditions.push(
      sql`${projects.recipientSignatoryId} = (select ${signatories.id} from ${signatories} where ${signatories.code} = ${bind(filter.recipientCode)})`,
    );
  }
  if (filter.statuses != null) {
    // An empty list asks for no status at all: no rows, rather than a SQL error.
    conditions.push(filter.statuses.length ? inArray(projects.status, filter.statuses.map(bind)) : sql`false`);
  }
  if (filter.instrumentCode != null) {
    conditions.push(
      sql`${projects.instrumentId} = (select ${fundingInstruments.id} from ${fundingInstruments} where ${fundingInstruments.code} = ${bind(filter.instrumentCode)})`,
    );
  }
  if (filter.organisationCode != null || filter.organisationRole != null) {
    const { organisationCode, organisationRole } = filter;
    const organisation = organisationCode != null ? sql` and ${organisations.code} = ${bind(organisationCode)}` : sql``;
    const role = organisationRole != null ? sql` and ${projectParticipants.role} = ${bind(organisationRole)}` : sql``;
    conditions.push(sql`exists (
      select 1 from ${projectParticipants} join ${organisations} on ${organisations.id} = ${projectParticipants.organisationId}
      where ${projectParticipants.projectId} = ${projects.id}${organisation}${role})`);
  }
  const search = filter.search?.trim();
  if (search) {
    conditions.push(containsText(search, [projects.code, projects.title], bind));
  }
  const flags: [boolean | null | undefined, SQL][] = [
    [filter.hasBudget, hasBudget],
    [filter.hasDisbursement, hasDisbursement],
    [filter.disbursedExceedsCommitted, disbursedExceedsCommitted],
  ];
  for (const [wanted, condition] of flags) {
    if (wanted != null) conditions.push(wanted ? condition : sql`not ${condition}`);
  }
  return and(...conditions);
}

// The auditors' views. Sums stay in SQL, per currency: currencies are never mixed, and
// reversing entries (negative amounts) net out their originals.

const hasBudget = sql`exists (
  select 1 from ${projectBudgets} where ${projectBudgets.projectId} = ${projects.id} and ${projectBudgets.amount} > 0)`;

const hasDisbursement = sql`exists (
  select 1 from ${projectTransactions}
  where ${projectTransactions.projectId} = ${projects.id} and ${projectTransactions.type} = 'DISBURSEMENT'
  group by ${projectTransactions.currency}
  having sum(${projectTransactions.amount}) > 0)`;

const disbursedExceedsCommitted = sql`exists (
  select 1 from ${projectTransactions}
  where ${projectTransactions.projectId} = ${projects.id}
    and ${projectTransactions.type} in ('DISBURSEMENT', 'OUTGOING_COMMITMENT')
  group by ${projectTransactions.currency}
  having coalesce(sum(${projectTransactions.amount}) filter (where ${projectTransactions.type} = 'DISBURSEMENT'), 0)
       > coalesce(sum(${projectTransactions.amount}) filter (where ${projectTransactions.type} = 'OUTGOING_COMMITMENT'), 0))`;


export async function findProjectByCode(db: Executor, code: string): Promise<ProjectRow | null> {
  const [row] = await db.select().from(projects).where(eq(projects.code, code));
  return row ?? null;
}

// Batch queries behind the DataLoaders; each answers for many projects in one round trip.

export const projectsByIds = batchQuery<ProjectRow>("projectsByIds", (db, ids) =>
  db.select().from(projects).where(idIn(projects.id, ids)));

/** Projects funded through each instrument, for FundingInstrument.projects. */
export const projectsOfInstruments = batchQuery<ProjectRow>("projectsOfInstruments", (db, instrumentIds) =>
  db
    .select()
    .from(projects)
    .where(idIn(projects.instrumentId, instrumentIds))
    .orderBy(asc(projects.code)));

/** Funders first, then the other roles in IATI order; within a role, as recorded. */
export const participantsOfProjects = batchQuery("participantsOfProjects", (db, projectIds) =>
  db
    .select({ projectId: projectParticipants.projectId, role: projectParticipants.role, organisation: organisations })
    .from(projectParticipants)
    .innerJoin(organisations, eq(organisations.id, projectParticipants.organisationId))
    .where(idIn(projectParticipants.projectId, projectIds))
    .orderBy(asc(projectParticipants.role), asc(projectParticipants.id)));

/** The projects each organisation takes part in, for Organisation.projects. */
export const participationsOfOrganisations = batchQuery("participationsOfOrganisations", (db, organisationIds) =>
  db
    .select({ organisationId: projectParticipants.organisationId, role: projectParticipants.role, project: projects })
    .from(projectParticipants)
    .innerJoin(projects, eq(projects.id, projectParticipants.projectId))
    .where(idIn(projectParticipants.organisationId, organisationIds))
    .orderBy(asc(projects.code), asc(projectParticipants.role)));

/** Every budget line per currency added up, in SQL so that numerics stay exact. */
export const budgetTotalsOfProjects = batchQuery("budgetTotalsOfProjects", (db, projectIds) =>
  db
    .select({
      projectId: projectBudgets.projectId,
      amount: sql<string>`sum(${projectBudgets.amount})`,
      currency: projectBudgets.currency,
    })
    .from(projectBudgets)
    .where(idIn(projectBudgets.projectId, projectIds))
    .groupBy(projectBudgets.projectId, projectBudgets.currency)
    .orderBy(asc(projectBudgets.currency)));

/** Budget lines of projects, with the columns asked of them (see batchQueryByColumns). */
export const budgetsOfProjects = batchQueryByColumns<ProjectBudgetRow>("budgetsOfProjects", (db, projectIds, asked) =>
  db
    .select(columnsFor(budgetSelection, asked, ["projectId"]))
    .from(projectBudgets)
    .where(idIn(projectBudgets.projectId, projectIds))
    .orderBy(asc(projectBudgets.valueDate), asc(projectBudgets.id)));

export const transactionsByIds = batchQuery<ProjectTransactionRow>("transactionsByIds", (db, ids) =>
  db.select(transactionSelection).from(projectTransactions).where(idIn(projectTransactions.id, ids)));

export const transactionsOfProjects = batchQuery<ProjectTransactionRow>("transactionsOfProjects", (db, projectIds) =>
  db
    .select(transactionSelection)
    .from(projectTransactions)
    .where(idIn(projectTransactions.projectId, projectIds))
    .orderBy(asc(projectTransactions.valueDate), asc(projectTransactions.id)));

/** Transactions per type and currency added up in SQL; reversing entries are negative, so they cancel. */
export const transactionTotalsOfProjects = batchQuery("transactionTotalsOfProjects", (db, projectIds) =>
  db
    .select({
      projectId: projectTransactions.projectId,
      type: projectTransactions.type,
      amount: { amount: sql<string>`sum(${projectTransactions.amount})`, currency: projectTransactions.currency },
    })
    .from(projectTransactions)
    .where(idIn(projectTransactions.projectId, projectIds))
    .groupBy(projectTransactions.projectId, projectTransactions.type, projectTransactions.currency)
    .orderBy(asc(projectTransactions.type), asc(projectTransactions.currency)));
