/**
 * Benchmark data: a fresh PostgreSQL database with the project's migrations and seed, scaled
 * up by generated partnerships. Per partnership: its signatories (the EU, three to seven of
 * the seeded Member States and a generated partner country), the declaration's six policy
 * areas, four ministries of the partner country, 1,000 measures (responsibilities, status
 * history, themes, links to projects), 200 projects (participants, budget lines) and about
 * 5,000 transactions, about 2% of them reversals.
 *
 *   npx tsx generate.ts --partnerships 10 [--database bench_mobility_p10] [--url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Needs the production build (`npm run build` in the project root): it migrates and seeds
 * with the project's own code. Rows are made in SQL (INSERT ... SELECT generate_series), one
 * partnership per step, with a progress line per step; random() is seeded, so the same
 * arguments give the same data.
 */
import postgres from "postgres";
import { DEFAULT_SERVER_URL, databaseUrl, fromDist, intArg, log, onServer, parseArgs } from "./lib";

export const MEASURES_PER_PARTNERSHIP = 1000;
export const PROJECTS_PER_PARTNERSHIP = 200;
export const TRANSACTIONS_PER_PARTNERSHIP = 5000;
/** Originals; every 50th (by id) gets a reversing entry, so originals + reversals ≈ 5,000. */
const ORIGINAL_TRANSACTIONS = Math.round(TRANSACTIONS_PER_PARTNERSHIP / 1.02);

export interface GenerateOptions {
  serverUrl: string;
  database: string;
  partnerships: number;
}

export interface DataSize {
  [table: string]: number;
}

const TABLES_TO_COUNT = [
  "partnership",
  "signatory",
  "policy_area",
  "organisation",
  "measure",
  "measure_responsibility",
  "measure_status_change",
  "measure_project",
  "measure_theme",
  "project",
  "project_participant",
  "project_budget",
  "project_transaction",
];

/** Drops `database` if it exists, creates it, migrates, seeds, generates; returns row counts. */
export async function generateDatabase({ serverUrl, database, partnerships }: GenerateOptions): Promise<DataSize> {
  if (!/^bench_[a-z0-9_]+$/.test(database)) throw new Error(`Benchmark databases are named bench_*, not ${database}`);
  const url = databaseUrl(serverUrl, database);
  const started = Date.now();
  await onServer(serverUrl, async (sql) => {
    await sql.unsafe(`drop database if exists "${database}" with (force)`);
    await sql.unsafe(`create database "${database}"`);
  });
  log(`created ${database}; applying migrations and the seed with the production build`);
  const { openPostgres } = fromDist("src/db/client.js");
  const { prepareDatabase } = fromDist("src/db/prepare.js");
  const handle = openPostgres(url);
  try {
    await prepareDatabase(handle, { databaseUrl: url, seed: true });
  } finally {
    await handle.close();
  }

  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select setseed(0.42)`;
    const ids = await seededIds(sql);
    const partnerCodes = await freeTwoLetterCodes(sql, partnerships);
    for (let i = 1; i <= partnerships; i++) {
      const stepStarted = Date.now();
      await sql.begin((tx) => generatePartnership(tx as unknown as postgres.Sql, i, partnerCodes[i - 1]!, ids));
      log(`partnership ${i}/${partnerships} generated in ${Date.now() - stepStarted} ms`);
    }
    log("analyze");
    await sql`analyze`;
    const size: DataSize = {};
    for (const table of TABLES_TO_COUNT) {
      const [row] = await sql.unsafe(`select count(*)::int as n from "${table}"`);
      size[table] = row!.n as number;
    }
    log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(size)}`);
    return size;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

interface SeededIds {
  euSignatory: number;
  memberStates: number[];
  euOrganisation: number;
  internationalOrganisations: number[];
  /** Instrument ids with the share of projects each funds (the rest have none). */
  instruments: { id: number; share: number }[];
  themes: number[];
}

const INSTRUMENT_SHARES: Record<string, number> = {
  ENI: 0.32,
  MPF: 0.2,
  AMIF: 0.1,
  ISF: 0.1,
  ERASMUS_PLUS: 0.08,
  TAIEX: 0.06,
  MOST: 0.04,
  CBC: 0.04,
  EU4YOUTH: 0.02,
  TEMPUS: 0.01,
};

async function seededIds(sql: postgres.Sql): Promise<SeededIds> {
  const signatories = await sql<{ id: number; code: string; kind: string }[]>`select id, code, kind::text from signatory order by id`;
  const organisations = await sql<{ id: number; code: string }[]>`select id, code from organisation order by id`;
  const instruments = await sql<{ id: number; code: string }[]>`select id, code from funding_instrument order by id`;
  const themes = await sql<{ id: number }[]>`select id from theme order by id`;
  const organisation = (code: string) => {
    const found = organisations.find((o) => o.code === code);
    if (!found) throw new Error(`The seed has no organisation ${code}`);
    return found.id;
  };
  return {
    euSignatory: signatories.find((s) => s.code === "EU")!.id,
    memberStates: signatories.filter((s) => s.kind === "EU_MEMBER_STATE").map((s) => s.id),
    euOrganisation: organisation("EU"),
    internationalOrganisations: ["IOM-BY", "ICMPD", "LA-STRADA"].map(organisation),
    instruments: instruments.filter((i) => INSTRUMENT_SHARES[i.code]).map((i) => ({ id: i.id, share: INSTRUMENT_SHARES[i.code]! })),
    themes: themes.map((t) => t.id),
  };
}

/** Two-letter codes no seeded signatory has, for the generated partner countries. */
async function freeTwoLetterCodes(sql: postgres.Sql, count: number): Promise<string[]> {
  const taken = new Set((await sql<{ code: string }[]>`select code from signatory`).map((s) => s.code));
  const codes: string[] = [];
  for (let a = 0; a < 26 && codes.length < count; a++) {
    for (let b = 0; b < 26 && codes.length < count; b++) {
      const code = String.fromCharCode(65 + a, 65 + b);
      if (!taken.has(code)) codes.push(code);
    }
  }
  if (codes.length < count) throw new Error(`At most ${codes.length} partnerships can be generated`);
  return codes;
}

export const partnershipCode = (i: number) => `BP-${String(i).padStart(4, "0")}`;

/** A SQL CASE picking an instrument id by a uniform random number `r`, by the shares above. */
function instrumentCase(instruments: SeededIds["instruments"], r: string): string {
  let cumulative = 0;
  const whens = instruments.map(({ id, share }) => {
    cumulative += share;
    return `when ${r} < ${cumulative.toFixed(4)} then ${Number(id)}`;
  });
  return `case ${whens.join(" ")} else null end`;
}

async function generatePartnership(sql: postgres.Sql, i: number, partnerCode: string, ids: SeededIds): Promise<void> {
  const code = partnershipCode(i);
  const [partnership] = await sql<{ id: number }[]>`
    insert into partnership (code, title, signed_on, description)
    values (${code}, ${`Mobility Partnership ${i} between the EU and partner country ${partnerCode}`},
            (date '2008-01-01' + (random() * 4000)::int), 'Generated for the benchmark')
    returning id`;
  const pid = partnership!.id;
  const [partner] = await sql<{ id: number }[]>`
    insert into signatory (code, name, kind) values (${partnerCode}, ${`Partner country ${partnerCode}`}, 'PARTNER_COUNTRY')
    returning id`;
  // The partner, the EU and three to seven Member States.
  const memberStates = ids.memberStates.filter((_, j) => j < 3 || (i + j) % 3 !== 0);
  const signatoryIds = [partner!.id, ids.euSignatory, ...memberStates];
  await sql`insert into partnership_signatory ${sql(signatoryIds.map((signatoryId) => ({ partnership_id: pid, signatory_id: signatoryId })))}`;
  const { policyAreaSeeds } = fromDist("seeds/data/partnership.js");
  await sql`insert into policy_area ${sql(
    (policyAreaSeeds as { code: string; position: number; title: string }[]).map((a) => ({ ...a, partnership_id: pid })),
  )}`;
  const ministries = await sql<{ id: number }[]>`
    insert into organisation ${sql(
      ["MIA", "MFA", "SBC", "MLSP"].map((suffix) => ({
        code: `${partnerCode}-${suffix}`,
        name: `Ministry ${suffix} of partner country ${partnerCode}`,
        kind: "GOVERNMENT",
        signatory_id: partner!.id,
      })),
    )} returning id`;
  const implementers = [...ministries.map((m) => m.id), ...ids.internationalOrganisations];

  // Projects: skewed statuses, instruments by share, dates of mixed precision.
  await sql.unsafe(
    `
    insert into project (partnership_id, code, title, description, status, instrument_id,
      planned_start, planned_start_precision, planned_end, planned_end_precision,
      actual_start, actual_start_precision, actual_end, actual_end_precision, is_assumption, note)
    select $1, $2 || '-P' || lpad(g::text, 3, '0'),
      'Project ' || g || ' of ' || $2 || ': ' || (array['border management','labour mobility','readmission','asylum capacity','diaspora engagement','student exchange'])[1 + g % 6],
      case when r4 < 0.7 then repeat('Generated project description. ', 1 + (g % 5)) end,
      st, ${instrumentCase(ids.instruments, "r2")},
      ps, prec, ps + (365 * (1 + floor(r3 * 4)))::int, prec,
      case when st in ('IMPLEMENTATION','FINALISATION','CLOSED','SUSPENDED') then ps + 30 end,
      case when st in ('IMPLEMENTATION','FINALISATION','CLOSED','SUSPENDED') then prec end,
      case when st = 'CLOSED' then ps + 30 + (365 * (1 + floor(r3 * 4)))::int end,
      case when st = 'CLOSED' then prec end,
      r4 < 0.03, case when r4 < 0.03 then 'Dates assumed' end
    from (
      select g, r2, r3, r4,
        (case when r1 < 0.12 then 'PIPELINE' when r1 < 0.57 then 'IMPLEMENTATION' when r1 < 0.67 then 'FINALISATION'
              when r1 < 0.92 then 'CLOSED' when r1 < 0.96 then 'CANCELLED' else 'SUSPENDED' end)::project_status as st,
        date '2014-01-01' + (r3 * 3000)::int as ps,
        (case when r4 < 0.6 then 'DAY' when r4 < 0.85 then 'MONTH' else 'QUARTER' end)::date_precision as prec
      from (select g, random() r1, random() r2, random() r3, random() r4 from generate_series(1, $3::int) g) s
    ) p`,
    [pid, code, PROJECTS_PER_PARTNERSHIP],
  );

  await sql.unsafe(
    `
    with p as (select id, row_number() over (order by id) as rn from project where partnership_id = $1),
         o as (select $3::int[] as impl)
    insert into project_participant (project_id, organisation_id, role)
    select p.id, x.org, x.role::organisation_role
    from p, o, lateral (values
      ($2::int, 'FUNDING', true),
      (o.impl[1 + (p.rn % array_length(o.impl, 1))::int], 'IMPLEMENTING', true),
      (o.impl[1 + ((p.rn + 2) % array_length(o.impl, 1))::int], 'IMPLEMENTING', p.rn % 3 = 0),
      (o.impl[1 + (p.rn % array_length(o.impl, 1))::int], 'ACCOUNTABLE', p.rn % 5 = 0)
    ) as x(org, role, keep)
    where x.keep`,
    [pid, ids.euOrganisation, implementers],
  );

  await sql.unsafe(
    `
    insert into project_budget (project_id, status, period_start, period_end, value_date, amount, currency, qualifier, as_stated, is_assumption)
    select p.id, (case when random() < 0.7 then 'COMMITTED' else 'INDICATIVE' end)::budget_status,
      case when j = 1 then coalesce(p.planned_start, date '2018-01-01') end,
      case when j = 1 then coalesce(p.planned_end, date '2021-12-31') end,
      coalesce(p.planned_start, date '2018-01-01') + 90 * (j - 1),
      round((50000 + random() * 4950000)::numeric, 2),
      (case when c < 0.8 then 'EUR' when c < 0.92 then 'USD' when c < 0.96 then 'CHF' when c < 0.98 then 'SEK' else 'PLN' end),
      (case when random() < 0.9 then 'EXACT' else 'APPROXIMATE' end)::qualifier, null, false
    from (select *, random() as c from project where partnership_id = $1) p,
         generate_series(1, 1 + (p.id % 3)) j`,
    [pid],
  );

  // Measures: skewed statuses; the version counts the status history below.
  await sql.unsafe(
    `
    insert into measure (partnership_id, code, title, description, policy_area_id, status, completion_level,
      deadline, is_assumption, note, version, created_at, updated_at)
    select $1, 'M-' || lpad(g::text, 5, '0'),
      (array['Improve','Develop','Strengthen','Support','Establish','Review'])[1 + g % 6] || ' ' ||
        (array['labour migration channels','readmission procedures','visa facilitation','asylum reception','border cooperation',
               'diaspora networks','student mobility','data exchange','social protection','anti-trafficking','return counselling',
               'integration services'])[1 + (g * 7) % 12] || ' (' || $2 || ' measure ' || g || ')',
      repeat('Generated measure description for the benchmark. ', 1 + (g % 4)),
      pa.id, st,
      (case st when 'COMPLETED' then 'COMPLETE' when 'IN_PROGRESS' then (case when r3 < 0.5 then 'LIMITED' else 'SUBSTANTIAL' end)
               when 'AGREED' then 'NOT_STARTED' end)::completion_level,
      case when r3 < 0.7 then date '2017-01-01' + (r4 * 3650)::int end,
      r5 < 0.05, case when r5 < 0.05 then 'Lead assumed' end,
      case st when 'PROPOSED' then 1 when 'AGREED' then 2 when 'IN_PROGRESS' then 3 else 4 end,
      created, created + interval '200 days' * r4
    from (
      select g, r3, r4, r5, timestamptz '2017-01-01 00:00+00' + interval '1000 days' * r1 as created,
        1 + floor(power(r1, 1.4) * 6)::int as position,
        (case when r2 < 0.15 then 'PROPOSED' when r2 < 0.33 then 'AGREED' when r2 < 0.68 then 'IN_PROGRESS'
              when r2 < 0.76 then 'ON_HOLD' when r2 < 0.95 then 'COMPLETED' else 'WITHDRAWN' end)::measure_status as st
      from (select g, random() r1, random() r2, random() r3, random() r4, random() r5 from generate_series(1, $3::int) g) s
    ) m
    join policy_area pa on pa.partnership_id = $1 and pa.position = m.position`,
    [pid, code, MEASURES_PER_PARTNERSHIP],
  );

  // The history that leads to each measure's status; its length is the measure's version.
  await sql.unsafe(
    `
    insert into measure_status_change (measure_id, from_status, to_status, reason, actor_sub, actor_role, changed_at)
    select m.id, case when i > 1 then path[i - 1] end, path[i],
      case path[i] when 'PROPOSED' then 'Proposed by the partnership' when 'ON_HOLD' then 'Waiting for funding'
                   when 'WITHDRAWN' then 'Superseded by another measure' end,
      'bench-generator', 'COORDINATOR', m.created_at + interval '45 days' * (i - 1)
    from measure m,
      lateral (select (case m.status
        when 'PROPOSED' then '{PROPOSED}' when 'AGREED' then '{PROPOSED,AGREED}'
        when 'IN_PROGRESS' then '{PROPOSED,AGREED,IN_PROGRESS}' when 'ON_HOLD' then '{PROPOSED,AGREED,IN_PROGRESS,ON_HOLD}'
        when 'COMPLETED' then '{PROPOSED,AGREED,IN_PROGRESS,COMPLETED}' else '{PROPOSED,AGREED,IN_PROGRESS,WITHDRAWN}'
      end)::measure_status[] as path) h,
      generate_subscripts(h.path, 1) i
    where m.partnership_id = $1`,
    [pid],
  );

  // One lead (two for every tenth measure), zero to three contributors, all distinct signatories.
  await sql.unsafe(
    `
    with m as (select id, row_number() over (order by id) as rn from measure where partnership_id = $1),
         s as (select $2::int[] as sigs, array_length($2::int[], 1) as k)
    insert into measure_responsibility (measure_id, signatory_id, role, position, is_assumption)
    select m.id, s.sigs[1 + ((m.rn + x.off) % s.k)::int], x.role::responsibility_role, x.pos, m.rn % 37 = 0
    from m, s, lateral (values
      (0, 'LEAD', 0, true), (1, 'LEAD', 1, m.rn % 10 = 0),
      (2, 'CONTRIBUTING', 0, m.rn % 4 >= 1), (3, 'CONTRIBUTING', 1, m.rn % 4 >= 2), (4, 'CONTRIBUTING', 2, m.rn % 4 >= 3)
    ) as x(off, role, pos, keep)
    where x.keep`,
    [pid, signatoryIds],
  );

  // Zero to three projects of the same partnership per measure; up to two themes.
  await sql.unsafe(
    `
    with m as (select id, row_number() over (order by id) as rn, random() as r from measure where partnership_id = $1),
         p as (select array_agg(id order by id) as ids from project where partnership_id = $1)
    insert into measure_project (measure_id, project_id)
    select m.id, p.ids[1 + ((m.rn * 7 + j * 31) % array_length(p.ids, 1))::int]
    from m, p, generate_series(0, 2) j
    where j < (case when m.r < 0.35 then 0 when m.r < 0.7 then 1 when m.r < 0.9 then 2 else 3 end)`,
    [pid],
  );
  await sql.unsafe(
    `
    with m as (select id, row_number() over (order by id) as rn from measure where partnership_id = $1)
    insert into measure_theme (measure_id, theme_id)
    select m.id, ($2::int[])[1 + ((m.rn + j * 3) % array_length($2::int[], 1))::int]
    from m, generate_series(0, 1) j
    where j < m.rn % 3`,
    [pid, ids.themes],
  );

  // Transactions: a few projects have many (skewed), mostly EUR, mostly disbursements.
  await sql.unsafe(
    `
    with p as (select array_agg(id order by id) as ids from project where partnership_id = $1)
    insert into project_transaction (project_id, type, value_date, amount, currency, provider_organisation_id,
      receiver_organisation_id, description, recorded_at)
    select p.ids[1 + floor(power(r1, 1.8) * array_length(p.ids, 1))::int], ty,
      vd, round((100 + r3 * 250000)::numeric, 2),
      (case when r4 < 0.85 then 'EUR' when r4 < 0.95 then 'USD' else 'CHF' end),
      case when ty in ('DISBURSEMENT','OUTGOING_COMMITMENT') then $2::int end,
      ($3::int[])[1 + (g % array_length($3::int[], 1))::int],
      case when r4 < 0.1 then 'Instalment ' || g end,
      vd + interval '3 days'
    from p, (
      select g, r1, r3, r4, date '2016-01-01' + (r5 * 3000)::int as vd,
        (case when r2 < 0.45 then 'DISBURSEMENT' when r2 < 0.75 then 'EXPENDITURE' when r2 < 0.9 then 'OUTGOING_COMMITMENT'
              when r2 < 0.97 then 'INCOMING_FUNDS' else 'INCOMING_COMMITMENT' end)::transaction_type as ty
      from (select g, random() r1, random() r2, random() r3, random() r4, random() r5 from generate_series(1, $4::int) g) s
    ) t`,
    [pid, ids.euOrganisation, implementers, ORIGINAL_TRANSACTIONS],
  );
  // About 2% are corrected by a reversing entry of the negated amount.
  await sql.unsafe(
    `
    insert into project_transaction (project_id, type, value_date, amount, currency, provider_organisation_id,
      receiver_organisation_id, description, reverses_id, recorded_at)
    select t.project_id, t.type, t.value_date + 10, -t.amount, t.currency, t.provider_organisation_id,
      t.receiver_organisation_id, 'Reversal: entered twice', t.id, t.recorded_at + interval '10 days'
    from project_transaction t join project p on p.id = t.project_id
    where p.partnership_id = $1 and t.reverses_id is null and t.id % 50 = 0`,
    [pid],
  );
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const partnerships = intArg(args, "partnerships", 10, { max: 600 });
  const database = typeof args.database === "string" ? args.database : `bench_mobility_p${partnerships}`;
  const serverUrl = typeof args.url === "string" ? args.url : DEFAULT_SERVER_URL;
  const size = await generateDatabase({ serverUrl, database, partnerships });
  process.stdout.write(`${JSON.stringify({ database, url: databaseUrl(serverUrl, database), size }, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
