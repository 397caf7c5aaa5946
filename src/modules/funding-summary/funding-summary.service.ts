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

/**
 * An equal share of `amount` for part `part` of `parts`, truncated to the cent, the first
 * parts taking the odd cents: the parts always add up to the amount exactly. In cents, with
 * div and mod, which are exact at any size: numeric "/" rounds its quotient to about 16
 * significant digits, which shared amounts over 10^14 out of the cent.
 */
function equalShare(amount: SQL, parts: SQL, part: SQL): SQL {
  return sql`((div(${amount} * 100, ${parts})
    + case when ${part} <= abs(mod(${amount} * 100, ${parts})) then sign(${amount}) else 0 end) * 0.01)`;
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

/** The rows `s`: each line shared among its project's organisations and measures, then among the measures' leads. */
function sharesAtFinestGrain(filter: FundingFilter): SQL {
  return sql`
    numbered_lines as (select c.*, row_number() over () as line_id from converted c),
    keys as (${attributionKeys(filter)}),
    numbered as (
      select k.*,
        count(*) over (partition by k.project_id) as parts,
        row_number() over (partition by k.project_id order by k.organisation_id, k.measure_id) as part
      from keys k
    ),
    by_key as (
      select c.line_id, c.project_id, c.instrument_id, c.figure, c.value_date, c.currency,
        n.organisation_id, n.measure_id, ${equalShare(sql`c.amount`, sql`n.parts`, sql`n.part`)} as share
      from numbered_lines c join numbered n on n.project_id = c.project_id
    ),
    ${splitAmongLeads}`;
}

/** A measure's share is split again among its lead signatories (none: one share, no signatory). */
const splitAmongLeads = sql`
  leads as (select r.measure_id, r.signatory_id from ${measureResponsibilities} r where r.role = 'LEAD'),
  by_lead as (
    select b.*, l.signatory_id,
      count(*) over (partition by b.line_id, b.organisation_id, b.measure_id) as lead_parts,
      row_number() over (partition by b.line_id, b.organisation_id, b.measure_id order by l.signatory_id) as lead_part
    from by_key b left join leads l on l.measure_id = b.measure_id
  ),
  s as (
    select line_id, project_id, instrument_id, figure, value_date, currency, organisation_id, measure_id, signatory_id,
      ${equalShare(sql`share`, sql`lead_parts`, sql`lead_part`)} as share
    from by_lead
  )`;

/**
 * Every combination of a project's organisations (in the role) and linked measures. The
 * split is always this fine, whatever is grouped, so that every figure is a sum of the same
 * shares: an area's or an organisation's total is the same in every grouping.
 */
function attributionKeys(filter: FundingFilter): SQL {
  return sql`
    select p.id as project_id, o.organisation_id, ml.measure_id
    from ${projects} p
    left join lateral (
      select pp.organisation_id from ${projectParticipants} pp
      where pp.project_id = p.id and pp.role = ${filter.organisationRole ?? DEFAULT_ROLE}) o on true
    left join lateral (select mp.measure_id from ${measureProjects} mp where mp.project_id = p.id) ml on true
    where p.id in (select project_id from lines)`;
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
