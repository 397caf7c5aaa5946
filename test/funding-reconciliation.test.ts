import { eq, inArray } from "drizzle-orm";
import type { Database } from "../src/db/client";
import { exchangeRates, fundingInstruments } from "../src/modules/funding/funding.tables";
import {
  fundingSummary,
  type FundingDimension,
  type FundingFigures,
  type FundingFilter,
} from "../src/modules/funding-summary/funding-summary.service";
import { measureProjects, measureResponsibilities, measures } from "../src/modules/measures/measures.tables";
import { organisations } from "../src/modules/organisations/organisations.tables";
import { partnerships, partnershipSignatories, policyAreas, signatories } from "../src/modules/partnerships/partnerships.tables";
import { projectBudgets, projectParticipants, projects, projectTransactions } from "../src/modules/projects/projects.tables";
import { openTestDatabase, type TestDatabase } from "./helpers/databases";

/**
 * Property: on generated data (several currencies, amounts down to 0.01, reversing entries,
 * projects shared between several organisations and measures with joint leads), the rows of
 * every grouping add up to the grand totals to the cent, the totals equal the raw data, and
 * a filter gives exactly the row it selects. Arithmetic in the test is on BigInt cents.
 */

const CURRENCIES = ["EUR", "USD", "PLN", "BYN", "GBP"] as const;
const FIGURE_BY_TYPE = {
  OUTGOING_COMMITMENT: "committed",
  DISBURSEMENT: "disbursed",
  EXPENDITURE: "expended",
  INCOMING_FUNDS: null,
  INCOMING_COMMITMENT: null,
} as const;
const FIGURES = ["budget", "committed", "disbursed", "expended", "undisbursed"] as const;
type Figure = (typeof FIGURES)[number];

/** Small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const some = <T>(items: readonly T[], max: number): T[] => [...new Set(Array.from({ length: int(0, max) }, () => pick(items)))];
  return { next, int, pick, some };
}

const cents = (amount: string): bigint => {
  const [whole, fraction = ""] = amount.replace("-", "").split(".");
  const value = BigInt(whole!) * 100n + BigInt((fraction + "00").slice(0, 2));
  return amount.startsWith("-") ? -value : value;
};
const toAmount = (value: bigint): string => {
  const sign = value < 0n ? "-" : "";
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
};

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

interface Generated {
  partnershipCode: string;
  /** The raw totals per currency and figure, summed here in BigInt cents. */
  expected: Map<string, Record<Figure, bigint>>;
  lines: { projectId: number; currency: string; cents: bigint; valueDate: string; figure: Figure | null }[];
  /** Who shares each project's money: its organisations by role and its linked measures. */
  projects: Map<number, { organisations: Record<"IMPLEMENTING" | "FUNDING", number[]>; measureIds: number[] }>;
  /** Each measure's lead signatories, policy area and status. */
  measures: Map<number, { leadIds: number[]; policyAreaId: number; status: string }>;
  policyAreaCodes: string[];
  organisationCodes: string[];
  signatoryCodes: string[];
}

async function generate(db: Database, seed: number): Promise<Generated> {
  const rnd = random(seed);
  const partnershipCode = `PT-${seed}`;
  const [partnership] = await db
    .insert(partnerships)
    .values({ code: partnershipCode, title: `Generated ${seed}`, signedOn: "2016-10-13" })
    .returning();
  const signatoryRows = await db.select().from(signatories).where(inArray(signatories.code, ["BY", "EU", "PL", "LT"]));
  await db.insert(partnershipSignatories).values(signatoryRows.map((s) => ({ partnershipId: partnership!.id, signatoryId: s.id })));
  const areas = await db
    .insert(policyAreas)
    .values(["ALPHA", "BETA", "GAMMA"].map((code, i) => ({ partnershipId: partnership!.id, code, position: i + 1, title: code })))
    .returning();
  const instruments = await db.select().from(fundingInstruments).where(inArray(fundingInstruments.code, ["ENI", "AMIF", "MPF"]));
  const orgs = await db.select().from(organisations).where(inArray(organisations.code, ["EU", "IOM-BY", "ICMPD", "WBG", "BY-MIA"]));

  const measureRows = await db
    .insert(measures)
    .values(
      Array.from({ length: 12 }, (_, i) => ({
        partnershipId: partnership!.id,
        code: `G${seed}-${i}`,
        title: `Generated measure ${i}`,
        policyAreaId: rnd.pick(areas).id,
        status: rnd.pick(["PROPOSED", "AGREED", "IN_PROGRESS", "ON_HOLD", "COMPLETED"] as const),
      })),
    )
    .returning();
  const measureInfo: Generated["measures"] = new Map();
  for (const measure of measureRows) {
    const leads = [rnd.pick(signatoryRows), ...(rnd.next() < 0.3 ? [rnd.pick(signatoryRows)] : []), ...(rnd.next() < 0.15 ? [rnd.pick(signatoryRows)] : [])];
    const unique = [...new Map(leads.map((s) => [s.id, s])).values()];
    await db.insert(measureResponsibilities).values(unique.map((s, position) => ({ measureId: measure.id, signatoryId: s.id, role: "LEAD" as const, position })));
    measureInfo.set(measure.id, { leadIds: unique.map((s) => s.id), policyAreaId: measure.policyAreaId, status: measure.status });
  }
  const projectInfo: Generated["projects"] = new Map();

  const expected = new Map<string, Record<Figure, bigint>>();
  const lines: Generated["lines"] = [];
  const add = (currency: string, figure: Figure, value: bigint) => {
    const totals = expected.get(currency) ?? { budget: 0n, committed: 0n, disbursed: 0n, expended: 0n, undisbursed: 0n };
    totals[figure] += value;
    if (figure === "committed") totals.undisbursed += value;
    if (figure === "disbursed") totals.undisbursed -= value;
    expected.set(currency, totals);
  };
  const amount = () => {
    const kind = rnd.next();
    const value = kind < 0.2 ? BigInt(rnd.int(1, 3)) : kind < 0.6 ? BigInt(rnd.int(1, 99_999)) : BigInt(rnd.int(1, 2_000_000_000)) * 100n + BigInt(rnd.int(0, 99));
    return value;
  };
  const valueDate = () => `${rnd.int(2014, 2024)}-${String(rnd.int(1, 12)).padStart(2, "0")}-${String(rnd.int(1, 28)).padStart(2, "0")}`;

  for (let p = 0; p < 25; p++) {
    const [project] = await db
      .insert(projects)
      .values({
        partnershipId: partnership!.id,
        code: `GP${seed}-${p}`,
        title: `Generated project ${p}`,
        status: "IMPLEMENTATION",
        instrumentId: rnd.next() < 0.25 ? null : rnd.pick(instruments).id,
      })
      .returning();
    const participants = rnd.some(orgs, 4).flatMap((org) =>
      rnd.some(["IMPLEMENTING", "FUNDING"] as const, 2).map((role) => ({ projectId: project!.id, organisationId: org.id, role })),
    );
    if (participants.length) await db.insert(projectParticipants).values(participants);
    const linked = rnd.some(measureRows, 4);
    if (linked.length) await db.insert(measureProjects).values(linked.map((m) => ({ measureId: m.id, projectId: project!.id })));
    const inRole = (role: string) => participants.filter((p) => p.role === role).map((p) => p.organisationId);
    projectInfo.set(project!.id, { organisations: { IMPLEMENTING: inRole("IMPLEMENTING"), FUNDING: inRole("FUNDING") }, measureIds: linked.map((m) => m.id) });

    for (let b = rnd.int(0, 2); b > 0; b--) {
      const currency = rnd.pick(CURRENCIES);
      const value = amount();
      const date = valueDate();
      await db.insert(projectBudgets).values({ projectId: project!.id, status: "COMMITTED", valueDate: date, amount: toAmount(value), currency });
      add(currency, "budget", value);
      lines.push({ projectId: project!.id, currency, cents: value, valueDate: date, figure: "budget" });
    }
    for (let t = rnd.int(0, 8); t > 0; t--) {
      const type = rnd.pick(Object.keys(FIGURE_BY_TYPE) as (keyof typeof FIGURE_BY_TYPE)[]);
      const currency = rnd.pick(CURRENCIES);
      const value = amount();
      const date = valueDate();
      const [transaction] = await db
        .insert(projectTransactions)
        .values({ projectId: project!.id, type, valueDate: date, amount: toAmount(value), currency })
        .returning();
      const figure = FIGURE_BY_TYPE[type];
      if (figure) add(currency, figure, value);
      lines.push({ projectId: project!.id, currency, cents: value, valueDate: date, figure });
      if (rnd.next() < 0.2) {
        await db.insert(projectTransactions).values({
          projectId: project!.id,
          type,
          valueDate: date,
          amount: toAmount(-value),
          currency,
          reversesId: transaction!.id,
        });
        if (figure) add(currency, figure, -value);
        lines.push({ projectId: project!.id, currency, cents: -value, valueDate: date, figure });
      }
    }
  }
  return {
    partnershipCode,
    expected,
    lines,
    projects: projectInfo,
    measures: measureInfo,
    policyAreaCodes: areas.map((a) => a.code),
    organisationCodes: orgs.map((o) => o.code),
    signatoryCodes: signatoryRows.map((s) => s.code),
  };
}

/** Sums the rows per currency and figure, in cents. */
function sumRows(rows: readonly FundingFigures[]) {
  const sums = new Map<string, Record<Figure, bigint>>();
  for (const row of rows) {
    const totals = sums.get(row.currency) ?? { budget: 0n, committed: 0n, disbursed: 0n, expended: 0n, undisbursed: 0n };
    for (const figure of FIGURES) totals[figure] += cents(row[figure]);
    sums.set(row.currency, totals);
  }
  return sums;
}

const asObject = (map: Map<string, Record<Figure, bigint>>) =>
  Object.fromEntries([...map].filter(([, t]) => FIGURES.some((f) => t[f] !== 0n)).map(([c, t]) => [c, Object.fromEntries(FIGURES.map((f) => [f, toAmount(t[f])]))]));

const GROUPINGS: FundingDimension[][] = [
  ["INSTRUMENT"],
  ["PROJECT"],
  ["ORGANISATION"],
  ["SIGNATORY"],
  ["POLICY_AREA"],
  ["MEASURE"],
  ["MEASURE_STATUS"],
  ["YEAR"],
  ["INSTRUMENT", "YEAR"],
  ["POLICY_AREA", "MEASURE_STATUS"],
  ["ORGANISATION", "SIGNATORY", "YEAR"],
];

describe.each([11, 2016, 4242])("reconciliation on data generated from seed %i", (seed) => {
  let data: Generated;
  beforeAll(async () => {
    data = await generate(database.db, seed);
  });

  it("totals equal the raw budget lines and transactions, per currency", async () => {
    const summary = await fundingSummary(database.db, [], { partnershipCode: data.partnershipCode }, null);
    expect(asObject(sumRows(summary.totals))).toEqual(asObject(data.expected));
  });

  it.each(GROUPINGS.map((g) => [g.join(" x "), g] as const))("rows grouped by %s add up to the totals to the cent", async (_name, groupBy) => {
    for (const organisationRole of ["IMPLEMENTING", "FUNDING"] as const) {
      const summary = await fundingSummary(database.db, groupBy, { partnershipCode: data.partnershipCode, organisationRole }, null);
      expect(asObject(sumRows(summary.rows))).toEqual(asObject(sumRows(summary.totals)));
      expect(asObject(sumRows(summary.totals))).toEqual(asObject(data.expected));
    }
  });

  it("a dimension's figures are the same whatever else is grouped", async () => {
    const scope = { partnershipCode: data.partnershipCode };
    const byKey = (rows: readonly (FundingFigures & Record<string, unknown>)[], key: string) => {
      const groups = new Map<unknown, (FundingFigures & Record<string, unknown>)[]>();
      for (const row of rows) groups.set(row[key], [...(groups.get(row[key]) ?? []), row]);
      return Object.fromEntries([...groups].map(([k, g]) => [String(k), asObject(sumRows(g))]));
    };
    for (const [dimension, key, others] of [
      ["MEASURE", "measureId", ["SIGNATORY", "ORGANISATION"]],
      ["POLICY_AREA", "policyAreaId", ["SIGNATORY", "YEAR"]],
      ["ORGANISATION", "organisationId", ["MEASURE", "SIGNATORY"]],
      ["SIGNATORY", "signatoryId", ["ORGANISATION", "INSTRUMENT"]],
    ] as const) {
      const alone = await fundingSummary(database.db, [dimension], scope, null);
      const withOthers = await fundingSummary(database.db, [dimension, ...others], scope, null);
      expect(byKey(withOthers.rows as never, key)).toEqual(byKey(alone.rows as never, key));
    }
  });

  it("each group of a shared dimension gets what an auditor computes by hand, line by line", async () => {
    const scope = { partnershipCode: data.partnershipCode };
    for (const organisationRole of ["IMPLEMENTING", "FUNDING"] as const) {
      for (const [dimension, key] of [
        ["ORGANISATION", "organisationId"],
        ["MEASURE", "measureId"],
        ["SIGNATORY", "signatoryId"],
        ["POLICY_AREA", "policyAreaId"],
        ["MEASURE_STATUS", "measureStatus"],
      ] as const) {
        const byHand = sharesByHand(data, dimension, organisationRole);
        for (const others of [[], ["ORGANISATION", "MEASURE", "SIGNATORY"].filter((d) => d !== dimension)] as FundingDimension[][]) {
          const summary = await fundingSummary(database.db, [dimension, ...others], { ...scope, organisationRole }, null);
          const grouping = { dimension, others, organisationRole };
          expect({ ...grouping, groups: figuresByGroup(summary.rows as never, key) }).toEqual({ ...grouping, groups: byHand });
        }
      }
    }
  });

  it("a filter on a shared dimension gives exactly that dimension's row", async () => {
    const cases: [FundingDimension, keyof FundingFilter, string[], (row: any) => number | null, () => Promise<Map<string, number>>][] = [
      ["POLICY_AREA", "policyAreaCode", data.policyAreaCodes, (r) => r.policyAreaId, () => idsByCode(policyAreas, data.policyAreaCodes)],
      ["ORGANISATION", "organisationCode", data.organisationCodes, (r) => r.organisationId, () => idsByCode(organisations, data.organisationCodes)],
      ["SIGNATORY", "signatoryCode", data.signatoryCodes, (r) => r.signatoryId, () => idsByCode(signatories, data.signatoryCodes)],
    ];
    for (const [dimension, filterKey, codes, keyOf, ids] of cases) {
      const grouped = await fundingSummary(database.db, [dimension], { partnershipCode: data.partnershipCode }, null);
      const idOf = await ids();
      for (const code of codes) {
        const filtered = await fundingSummary(database.db, [], { partnershipCode: data.partnershipCode, [filterKey]: code }, null);
        const row = grouped.rows.filter((r) => keyOf(r) === idOf.get(code));
        expect(asObject(sumRows(filtered.totals))).toEqual(asObject(sumRows(row)));
      }
    }
  });

  it("converts to a reporting currency at each value date's rate, still adding up", async () => {
    const rnd = random(seed + 1);
    const rates = new Map<string, bigint>(); // rate x 10^6 per currency, one rate from 2010
    for (const currency of CURRENCIES.filter((c) => c !== "EUR")) {
      const rate = BigInt(rnd.int(1, 5_000_000)); // 0.000001 .. 5.000000
      rates.set(currency, rate);
      await database.db
        .insert(exchangeRates)
        .values({ baseCurrency: currency, quoteCurrency: "EUR", rateDate: "2010-01-01", rate: toRate(rate), source: "test" })
        .onConflictDoNothing();
    }
    const stored = await database.db.select().from(exchangeRates).where(eq(exchangeRates.quoteCurrency, "EUR"));
    for (const row of stored) if (row.rateDate === "2010-01-01") rates.set(row.baseCurrency, BigInt(row.rate.replace(".", "").replace(/0{4}$/, "")));

    let expected = { budget: 0n, committed: 0n, disbursed: 0n, expended: 0n };
    for (const line of data.lines) {
      if (!line.figure || line.figure === "undisbursed") continue;
      const converted = line.currency === "EUR" ? line.cents : roundHalfAway(line.cents * rates.get(line.currency)!, 1_000_000n);
      expected = { ...expected, [line.figure]: expected[line.figure] + converted };
    }
    for (const groupBy of GROUPINGS) {
      const summary = await fundingSummary(database.db, groupBy, { partnershipCode: data.partnershipCode }, "EUR");
      expect(summary.totals.map((t) => t.currency)).toEqual(["EUR"]);
      expect(asObject(sumRows(summary.rows))).toEqual(asObject(sumRows(summary.totals)));
      const [total] = summary.totals;
      expect([total!.budget, total!.committed, total!.disbursed, total!.expended]).toEqual(
        [expected.budget, expected.committed, expected.disbursed, expected.expended].map(toAmount),
      );
    }
  });

  async function idsByCode(table: typeof policyAreas | typeof organisations | typeof signatories, codes: string[]) {
    const rows = await database.db.select({ id: table.id, code: table.code }).from(table).where(inArray(table.code, codes));
    if (table === policyAreas) {
      const own = await database.db
        .select({ id: policyAreas.id, code: policyAreas.code })
        .from(policyAreas)
        .innerJoin(partnerships, eq(partnerships.id, policyAreas.partnershipId))
        .where(eq(partnerships.code, data.partnershipCode));
      return new Map(own.map((r) => [r.code, r.id]));
    }
    return new Map(rows.map((r) => [r.code, r.id]));
  }
});

/** A rate given in millionths, as numeric text: 1234567n -> "1.234567". */
const toRate = (millionths: bigint) => `${millionths / 1_000_000n}.${String(millionths % 1_000_000n).padStart(6, "0")}`;

/** PostgreSQL's round() on numeric: half away from zero. */
function roundHalfAway(value: bigint, divisor: bigint): bigint {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const rounded = (abs + divisor / 2n) / divisor;
  return negative ? -rounded : rounded;
}

/**
 * Each line divided equally among the groups of one dimension, in cents, the odd cents to the
 * first groups by id (the README's rule), as an auditor would compute it: among the project's
 * organisations in the role, among its linked measures, and each measure's share among the
 * measure's leads; an area's or a status's share is the sum of its measures'. Summed per group,
 * currency and figure.
 */
function sharesByHand(data: Generated, dimension: FundingDimension, role: "IMPLEMENTING" | "FUNDING") {
  const groups = new Map<string, Map<string, Record<Figure, bigint>>>();
  const add = (group: unknown, currency: string, figure: Figure, value: bigint) => {
    const key = String(group);
    const byCurrency = groups.get(key) ?? new Map<string, Record<Figure, bigint>>();
    const totals = byCurrency.get(currency) ?? { budget: 0n, committed: 0n, disbursed: 0n, expended: 0n, undisbursed: 0n };
    totals[figure] += value;
    if (figure === "committed") totals.undisbursed += value;
    if (figure === "disbursed") totals.undisbursed -= value;
    byCurrency.set(currency, totals);
    groups.set(key, byCurrency);
  };
  // Sorted by id; none: the whole amount to the null group.
  const inOrder = (ids: readonly number[]): (number | null)[] => (ids.length ? [...ids].sort((a, b) => a - b) : [null]);
  for (const line of data.lines) {
    if (!line.figure) continue;
    const project = data.projects.get(line.projectId)!;
    const share = (group: unknown, value: bigint) => add(group, line.currency, line.figure!, value);
    if (dimension === "ORGANISATION") {
      const organisations = inOrder(project.organisations[role]);
      equalShares(line.cents, organisations.length).forEach((value, i) => share(organisations[i], value));
      continue;
    }
    const measureIds = inOrder(project.measureIds);
    equalShares(line.cents, measureIds.length).forEach((value, j) => {
      const measure = measureIds[j] === null ? undefined : data.measures.get(measureIds[j]!)!;
      if (dimension === "MEASURE") share(measureIds[j], value);
      if (dimension === "POLICY_AREA") share(measure?.policyAreaId ?? null, value);
      if (dimension === "MEASURE_STATUS") share(measure?.status ?? null, value);
      if (dimension === "SIGNATORY") {
        const leads = inOrder(measure?.leadIds ?? []);
        equalShares(value, leads.length).forEach((lead, l) => share(leads[l], lead));
      }
    });
  }
  return Object.fromEntries([...groups].map(([key, byCurrency]) => [key, asObject(byCurrency)]).filter(([, figures]) => Object.keys(figures as object).length > 0));
}

/** `total` cents in `parts` equal shares, the first `|total| mod parts` one cent more (in the total's sign). */
function equalShares(total: bigint, parts: number): bigint[] {
  const sign = total < 0n ? -1n : 1n;
  const abs = total * sign;
  const base = abs / BigInt(parts);
  const odd = Number(abs % BigInt(parts));
  return Array.from({ length: parts }, (_, i) => sign * (base + (i < odd ? 1n : 0n)));
}

/** The rows' figures per value of one dimension, summed over the other dimensions. */
function figuresByGroup(rows: readonly (FundingFigures & Record<string, unknown>)[], key: string) {
  const groups = new Map<string, FundingFigures[]>();
  for (const row of rows) groups.set(String(row[key]), [...(groups.get(String(row[key])) ?? []), row]);
  return Object.fromEntries([...groups].map(([group, members]) => [group, asObject(sumRows(members))]).filter(([, figures]) => Object.keys(figures as object).length > 0));
}
