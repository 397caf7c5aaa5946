import { sql, type SQL } from "drizzle-orm";
import { selectRows, type Database, type Executor } from "../../db/client";
import { badUserInput } from "../../graphql/errors";
import { exchangeRates, fundingInstruments } from "../funding/funding.tables";
import { measureProjects, measureResponsibilities, measures } from "../measures/measures.tables";
import { organisations } from "../organisations/organisations.tables";
import { partnerships, policyAreas, signatories } from "../partnerships/partnerships.tables";
import { projectBudgets, projectParticipants, projects, projectTransactions } from "../projects/projects.tables";
import { lookupTable } from "../../lib/lookup";

/**
 * Funding summaries for auditors, computed in one SQL statement with exact decimals.
 *
 * Every budget line and transaction belongs to one project. Dimensions that a project has
 * once (instrument, project, year of the value date) group its money directly. Dimensions a
 * project may have several of (its organisations in a role; the measures it is linked to,
 * with their areas and statuses) share each amount equally among the project's combinations,
 * to the cent, the odd cents going to the first combinations; a measure's share is split
 * again among its lead signatories. The split is always made at this finest grain and then
 * summed, so every amount lands in exactly one row, the rows of any grouping add up to the
 * grand total exactly, and a figure (an area's, an organisation's) is the same whatever
 * else is grouped.
 */

export const FUNDING_DIMENSIONS = [
  "INSTRUMENT",
  "PROJECT",
  "ORGANISATION",
  "SIGNATORY",
  "POLICY_AREA",
  "MEASURE",
  "MEASURE_STATUS",
  "YEAR",
] as const;
export type FundingDimension = (typeof FUNDING_DIMENSIONS)[number];

export type OrganisationRole = (typeof projectParticipants.$inferSelect)["role"];
export type TransactionType = (typeof projectTransactions.$inferSelect)["type"];

export interface FundingFilter {
  partnershipCode?: string | null;
  /** Value dates from this day (inclusive). */
  from?: string | null;
  /** Value dates up to this day (inclusive). */
  to?: string | null;
  instrumentCodes?: string[] | null;
  projectCodes?: string[] | null;
  organisationCode?: string | null;
  /** The role through which ORGANISATION (and organisationCode) attribute money. */
  organisationRole?: OrganisationRole | null;
  signatoryCode?: string | null;
  policyAreaCode?: string | null;
  /** Only these transaction types count; budgets are not transactions and always count. */
  transactionTypes?: TransactionType[] | null;
}

export interface FundingFigures {
  currency: string;
  budget: string;
  committed: string;
  disbursed: string;
  expended: string;
  /** Committed but not yet disbursed: committed − disbursed. */
  undisbursed: string;
}

export interface FundingSummaryRow extends FundingFigures {
  instrumentId: number | null;
  projectId: number | null;
  organisationId: number | null;
  signatoryId: number | null;
  policyAreaId: number | null;
  measureId: number | null;
  measureStatus: string | null;
  year: number | null;
}

export interface FundingSummary {
  groupBy: FundingDimension[];
  rows: FundingSummaryRow[];
  totals: FundingFigures[];
}

const DEFAULT_ROLE: OrganisationRole = "IMPLEMENTING";

/** The SQL of each dimension, over the `share` rows (alias s) joined to their measure (m). */
const DIMENSION_SQL = lookupTable<FundingDimension, { column: keyof FundingSummaryRow; expression: SQL }>({
  INSTRUMENT: { column: "instrumentId", expression: sql`s.instrument_id` },
  PROJECT: { column: "projectId", expression: sql`s.project_id` },
  ORGANISATION: { column: "organisationId", expression: sql`s.organisation_id` },
  SIGNATORY: { column: "signatoryId", expression: sql`s.signatory_id` },
  POLICY_AREA: { column: "policyAreaId", expression: sql`m.policy_area_id` },
  MEASURE: { column: "measureId", expression: sql`s.measure_id` },
  MEASURE_STATUS: { column: "measureStatus", expression: sql`m.status::text` },
  YEAR: { column: "year", expression: sql`extract(year from s.value_date)::int` },
});

// Sums stay unbounded numeric, rounded to the cent for display: a cast to the columns'
// numeric(20,2) overflowed once amounts that each fit added up past 10^18 (or converted at a large rate).
const sumOf = (figure: string) => sql`coalesce(sum(s.share) filter (where s.figure = ${sql.raw(`'${figure}'`)}), 0)`;
const cents = (amount: SQL) => sql`round(${amount}, 2)::text`;

const FIGURES = sql`
  ${cents(sumOf("BUDGET"))} as budget,
  ${cents(sumOf("OUTGOING_COMMITMENT"))} as committed,
  ${cents(sumOf("DISBURSEMENT"))} as disbursed,
  ${cents(sumOf("EXPENDITURE"))} as expended,
  ${cents(sql`${sumOf("OUTGOING_COMMITMENT")} - ${sumOf("DISBURSEMENT")}`)} as undisbursed`;

export async function fundingSummary(
  db: Database,
  groupBy: FundingDimension[],
  filter: FundingFilter,
  reportingCurrency: string | null,
): Promise<FundingSummary> {
  const dimensions = [...new Set(groupBy)];
  if (dimensions.length !== groupBy.length) throw badUserInput("groupBy names a dimension twice");
  if (filter.from && filter.to && filter.from > filter.to) throw badUserInput("filter.from must not be after filter.to");

  const lines = moneyLines(filter);
  const converted = reportingCurrency ? convertedLines(reportingCurrency) : sql`select * from lines`;

  const dimensionSql = dimensions.map((d) => DIMENSION_SQL[d]);
  const groups = dimensionSql.map((d) => d.expression);
  // With no dimension there are only the totals.
  const groupingSets = groups.length
    ? sql`grouping sets ((${sql.join(groups, sql`, `)}, s.currency), (s.currency))`
    : sql`s.currency`;
  const isTotal = groups.length ? sql`grouping(${groups[0]}) = 1` : sql`true`;
  const selected = dimensionSql.map((d) => sql`${d.expression} as ${sql.identifier(d.column)}`);

  const query = sql`
    with lines as (${lines}),
    converted as (${converted}),
    ${needsAttribution(dimensions, filter) ? sharesAtFinestGrain(filter) : wholeLines}
    select ${sql.join([...selected, sql`s.currency::text as currency`, FIGURES, sql`${isTotal} as "isTotal"`], sql`, `)}
    from s left join ${measures} m on m.id = s.measure_id
    where ${attributionFilter(filter)}
    group by ${groupingSets}
    order by ${sql.join([...groups.map((g) => sql`${g} nulls last`), sql`s.currency`], sql`, `)}`;

  const rows = reportingCurrency
    ? // The rate check and the sums must see the same lines: one snapshot for both.
      await db.transaction(
        async (tx) => {
          await requireExchangeRates(tx, lines, reportingCurrency);
          return selectRows<FundingSummaryRow & { isTotal: boolean }>(tx, query);
        },
        { isolationLevel: "repeatable read", accessMode: "read only" },
      )
    : await selectRows<FundingSummaryRow & { isTotal: boolean }>(db, query);

  return {
    groupBy: dimensions,
    rows: dimensions.length ? rows.filter((row) => !row.isTotal).map(toSummaryRow) : [],
    totals: rows.filter((row) => row.isTotal).map(toFigures),
  };
}

// Rows are copied field by field: spreading the driver's rows (with a key left out) over
// defaults took ~12% of the summary's CPU (bench/RESULTS.md).

const toFigures = (row: FundingFigures): FundingFigures => ({
  currency: row.currency,
  budget: row.budget,
  committed: row.committed,
  disbursed: row.disbursed,
  expended: row.expended,
  undisbursed: row.undisbursed,
});

/** A grouped row: the dimensions it is not grouped by are null. */
const toSummaryRow = (row: Partial<FundingSummaryRow> & FundingFigures): FundingSummaryRow => ({
  instrumentId: row.instrumentId ?? null,
  projectId: row.projectId ?? null,
  organisationId: row.organisationId ?? null,
  signatoryId: row.signatoryId ?? null,
  policyAreaId: row.policyAreaId ?? null,
  measureId: row.measureId ?? null,
  measureStatus: row.measureStatus ?? null,
  year: row.year ?? null,
  ...toFigures(row),
});

/** Budget lines and transactions of the projects in scope, one row each. */
function moneyLines(filter: FundingFilter): SQL {
  const projectScope = sql.join(
    [
      sql`true`,
      filter.partnershipCode != null &&
        sql`p.partnership_id in (select id from ${partnerships} where code = ${filter.partnershipCode})`,
      filter.instrumentCodes != null &&
        sql`p.instrument_id in (select id from ${fundingInstruments} where code in ${inList(filter.instrumentCodes)})`,
      filter.projectCodes != null && sql`p.code in ${inList(filter.projectCodes)}`,
    ].filter((condition): condition is SQL => condition !== false),
    sql` and `,
  );
  const period = (column: SQL) =>
    sql.join(
      [sql`true`, filter.from ? sql`${column} >= ${filter.from}::date` : sql`true`, filter.to ? sql`${column} <= ${filter.to}::date` : sql`true`],
      sql` and `,
    );
  const types = filter.transactionTypes != null ? sql`t.type::text in ${inList(filter.transactionTypes)}` : sql`true`;
  return sql`
    select p.id as project_id, p.instrument_id, 'BUDGET' as figure, b.amount, b.currency::text as currency, b.value_date
    from ${projectBudgets} b join ${projects} p on p.id = b.project_id
    where ${projectScope} and ${period(sql`b.value_date`)}
    union all
    select p.id, p.instrument_id, t.type::text, t.amount, t.currency::text, t.value_date
    from ${projectTransactions} t join ${projects} p on p.id = t.project_id
    where ${projectScope} and ${period(sql`t.value_date`)} and ${types}`;
}

/** `in (...)` for a list that may be empty (an empty list matches nothing). */
function inList(values: readonly string[]): SQL {
  return values.length ? sql`(${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql`(select null::text where false)`;
}

/** Each line at the latest rate on or before its value date; amounts rounded to the cent. */
function convertedLines(reportingCurrency: string): SQL {
  return sql`
    select l.project_id, l.instrument_id, l.figure, l.value_date, ${reportingCurrency}::text as currency,
      case when l.currency = ${reportingCurrency} then l.amount else round(l.amount * r.rate, 2) end as amount
    from lines l
    left join lateral (
      select e.rate from ${exchangeRates} e
      where e.base_currency = l.currency and e.quote_currency = ${reportingCurrency} and e.rate_date <= l.value_date
      order by e.rate_date desc limit 1
    ) r on true`;
}

/** A missing rate is an error that names the currency and the date, never a silent skip. */
async function requireExchangeRates(db: Executor, lines: SQL, reportingCurrency: string): Promise<void> {
  const [missing] = await selectRows<{ currency: string; valueDate: string }>(
    db,
    sql`
    with lines as (${lines})
    select l.currency, l.value_date::text as "valueDate" from lines l
    where l.currency <> ${reportingCurrency} and not exists (
      select 1 from ${exchangeRates} e
      where e.base_currency = l.currency and e.quote_currency = ${reportingCurrency} and e.rate_date <= l.value_date)
    order by l.value_date, l.currency limit 1`,
  );
  if (missing) {
    throw badUserInput(
      `No exchange rate from ${missing.currency} to ${reportingCurrency} on or before ${missing.valueDate}; the coordinator can record one with setExchangeRate`,
      { currency: missing.currency, date: missing.valueDate },
    );
  }
}

/** Dimensions and filters a project may have several values of, so that its money is shared among them. */
const ATTRIBUTED_DIMENSIONS: ReadonlySet<FundingDimension> = new Set(["ORGANISATION", "SIGNATORY", "POLICY_AREA", "MEASURE", "MEASURE_STATUS"]);

function needsAttribution(dimensions: FundingDimension[], filter: FundingFilter): boolean {
  return (
    dimensions.some((d) => ATTRIBUTED_DIMENSIONS.has(d)) ||
    filter.organisationCode != null ||
    filter.signatoryCode != null ||
    filter.policyAreaCode != null
  );
}

/**
 * The rows `s` when only project-level dimensions (instrument, project, year) are grouped and
 * nothing is filtered by attribution: each line whole. The same sums as the finest split, whose
 * shares of a line add up to it exactly and all land in the line's group, for a fraction of the
 * work (the split multiplies every line by its project's combinations).
 */
const wholeLines = sql`
  s as (
    select project_id, instrument_id, figure, value_date, currency,
      null::int as organisation_id, null::int as measure_id, null::int as signatory_id, amount as share
    from converted
  )`;

/**
 * The rows `s`: each line shared among its project's organisations (in the role), its linked
 * measures and their lead signatories, so that each dimension on its own gets what an auditor
 * computes by hand: the line divided equally among the dimension's groups, to the cent, the odd
 * cents to the first groups (by id), and a measure's share divided so again among its leads.
 *
 * A line of T cents is laid out as cents 0..T-1. Organisation i (of n) owns a run of them:
 * ⌊T/n⌋ cents, one more for the first T mod n, in order. Measure j (of m) owns the cents
 * numbered j modulo m, which are ⌊T/m⌋ or one more, the first T mod m measures having the
 * extra; lead l (of k) of measure j owns the measure's l-th cents modulo k: the cents numbered
 * j + l·m modulo m·k. A share is the count of cents an (organisation, measure, lead) owns, so
 * shares add up to the line, and to each group's own equal share along every dimension,
 * whatever else is grouped. In cents with div and mod, exact at any size: numeric "/" rounds
 * its quotient to about 16 significant digits, which put shared amounts over 10^14 off the cent.
 */
function sharesAtFinestGrain(filter: FundingFilter): SQL {
  return sql`
    in_scope as (select distinct project_id from lines),
    owners as (
      select s.project_id, pp.organisation_id,
        row_number() over (partition by s.project_id order by pp.organisation_id) - 1 as org_index,
        count(*) over (partition by s.project_id) as org_count
      from in_scope s
      left join ${projectParticipants} pp on pp.project_id = s.project_id and pp.role = ${filter.organisationRole ?? DEFAULT_ROLE}
    ),
    linked as (
      select s.project_id, mp.measure_id,
        row_number() over (partition by s.project_id order by mp.measure_id) - 1 as measure_index,
        count(*) over (partition by s.project_id) as measure_count
      from in_scope s left join ${measureProjects} mp on mp.project_id = s.project_id
    ),
    linked_leads as (
      select k.*, r.signatory_id,
        row_number() over (partition by k.project_id, k.measure_id order by r.signatory_id) - 1 as lead_index,
        count(*) over (partition by k.project_id, k.measure_id) as lead_count
      from linked k left join ${measureResponsibilities} r on r.measure_id = k.measure_id and r.role = 'LEAD'
    ),
    line_cents as (
      select c.*, abs(c.amount) * 100 as total, sign(c.amount) as sign from converted c
    ),
    runs as (
      select c.*, o.organisation_id,
        o.org_index * div(c.total, o.org_count) + least(o.org_index, mod(c.total, o.org_count)) as run_start,
        div(c.total, o.org_count) + case when o.org_index < mod(c.total, o.org_count) then 1 else 0 end as run_length
      from line_cents c join owners o on o.project_id = c.project_id
    ),
    s as (
      select r.project_id, r.instrument_id, r.figure, r.value_date, r.currency, r.organisation_id, l.measure_id, l.signatory_id,
        r.sign * 0.01 * ${centsOwned(sql`r.run_start`, sql`r.run_length`, sql`l.measure_index + l.lead_index * l.measure_count`, sql`l.measure_count * l.lead_count`)} as share
      from runs r join linked_leads l on l.project_id = r.project_id
    )`;
}

/** How many of the cents numbered start .. start + length - 1 are `residue` modulo `modulus` (with 0 <= residue < modulus). */
function centsOwned(start: SQL, length: SQL, residue: SQL, modulus: SQL): SQL {
  // The numbers of cents not after n that are `residue` modulo `modulus`, n + 1 counted from -modulus: div stays on non-negative numbers.
  const upTo = (n: SQL) => sql`div((${n}) - (${residue}) + (${modulus}), ${modulus})`;
  return sql`(${upTo(sql`${start} + ${length} - 1`)} - ${upTo(sql`${start} - 1`)})`;
}

/** Filters on multi-valued dimensions keep only the matching shares, as the grouped rows show them. */
function attributionFilter(filter: FundingFilter): SQL {
  return sql.join(
    [
      sql`true`,
      filter.organisationCode != null &&
        sql`s.organisation_id in (select id from ${organisations} where code = ${filter.organisationCode})`,
      filter.signatoryCode != null && sql`s.signatory_id in (select id from ${signatories} where code = ${filter.signatoryCode})`,
      filter.policyAreaCode != null &&
        sql`m.policy_area_id in (select id from ${policyAreas} where code = ${filter.policyAreaCode})`,
    ].filter((condition): condition is SQL => condition !== false),
    sql` and `,
  );
}
