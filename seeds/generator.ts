import { sql, type SQL } from "drizzle-orm";
import { selectRows, type Executor } from "../src/db/client";
import { policyAreaSeeds } from "./data/partnership";

/**
 * Generated partnerships, for the benchmark (bench/generate.ts, codes BP-) and the
 * demonstration data (seeds/demo.ts, codes DEMO-). Per partnership: its signatories (a
 * generated partner country, the EU and three to seven of the seeded Member States), the
 * declaration's six policy areas, four ministries of the partner country, measures
 * (responsibilities, status history, themes, links to projects), projects (participants,
 * budget lines) and transactions, about 2% of them reversals.
 *
 * Rows are made in SQL (INSERT ... SELECT generate_series) through drizzle, so this runs on
 * PGlite and PostgreSQL alike. The statistical shape (skewed statuses, instruments by share,
 * mixed currencies) comes from random(): call `setseed` on the same connection first, and
 * generate the partnerships in the same order, for the same data every time.
 */

export interface PartnershipSizes {
  measures: number;
  projects: number;
  /** Originals and reversals together: every 50th original (by id) gets a reversing entry. */
  transactions: number;
}

/** What generated rows say about themselves: their names, descriptions and notes. */
export interface GeneratedTexts {
  partnershipTitle(number: number, partnerCode: string): string;
  partnershipDescription: string;
  partnerName(partnerCode: string): string;
  ministryName(suffix: string, partnerCode: string): string;
  /** Repeated one to five times in 70% of the projects' descriptions. */
  projectDescription: string;
  /** Repeated one to four times in every measure's description. */
  measureDescription: string;
  /**
   * Put in every note column (measures, projects, budget lines) and transaction description,
   * before the generator's own remarks ("Dates assumed"); null: only those remarks.
   */
  note: string | null;
  /** Who the status history says made each change. */
  actor: string;
}

/** The seed's rows that generated partnerships refer to (see seedDatabase). */
export interface ReferenceIds {
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

/** @throws when the brief's seed is not loaded (the generator builds on its signatories, instruments and themes). */
export async function referenceIds(db: Executor): Promise<ReferenceIds> {
  const signatories = await selectRows<{ id: number; code: string; kind: string }>(
    db,
    sql`select id, code, kind::text from signatory order by id`,
  );
  const organisations = await selectRows<{ id: number; code: string }>(db, sql`select id, code from organisation order by id`);
  const instruments = await selectRows<{ id: number; code: string }>(db, sql`select id, code from funding_instrument order by id`);
  const themes = await selectRows<{ id: number }>(db, sql`select id from theme order by id`);
  const idOf = (kind: string, rows: { id: number; code: string }[], code: string) => {
    const found = rows.find((row) => row.code === code);
    if (!found) throw new Error(`The seed has no ${kind} ${code}: load the policy brief's seed first`);
    return found.id;
  };
  return {
    euSignatory: idOf("signatory", signatories, "EU"),
    memberStates: signatories.filter((s) => s.kind === "EU_MEMBER_STATE").map((s) => s.id),
    euOrganisation: idOf("organisation", organisations, "EU"),
    internationalOrganisations: ["IOM-BY", "ICMPD", "LA-STRADA"].map((code) => idOf("organisation", organisations, code)),
    instruments: instruments.filter((i) => INSTRUMENT_SHARES[i.code]).map((i) => ({ id: i.id, share: INSTRUMENT_SHARES[i.code]! })),
    themes: themes.map((t) => t.id),
  };
}

/** Two-letter codes no signatory has yet, for generated partner countries. */
export async function freeTwoLetterCodes(db: Executor, count: number): Promise<string[]> {
  const taken = new Set((await selectRows<{ code: string }>(db, sql`select code from signatory`)).map((s) => s.code));
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

/** A SQL CASE picking an instrument id by a uniform random number `r`, by the shares above. */
function instrumentCase(instruments: ReferenceIds["instruments"], r: string): SQL {
  let cumulative = 0;
  const whens = instruments.map(({ id, share }) => {
    cumulative += share;
    return `when ${r} < ${cumulative.toFixed(4)} then ${Number(id)}`;
  });
  return sql.raw(`case ${whens.join(" ")} else null end`);
}

/** An int[] parameter; drizzle would otherwise spread a JS array into a list of parameters. */
const intArray = (values: number[]) => sql`${sql.param(values)}::int[]`;

export interface GeneratedPartnership {
  /** The number in its set: picks its Member States and appears in its title. */
  number: number;
  code: string;
  /** A signatory code no row has yet; its ministries are coded `<partnerCode>-MIA` and so on. */
  partnerCode: string;
  sizes: PartnershipSizes;
  texts: GeneratedTexts;
  ids: ReferenceIds;
}

/** Generates one partnership; run it in a transaction (a partnership is all there or not at all). Returns its id. */
export async function generatePartnership(tx: Executor, spec: GeneratedPartnership): Promise<number> {
  const { number: i, code, partnerCode, sizes, texts, ids } = spec;
  const note = texts.note;
  /** The note, then the generator's remark where there is one; null when neither is (concat_ws would give ''). */
  const noted = (remark: SQL) => sql`nullif(concat_ws('. ', ${note}::text, ${remark}), '')`;
  const [partnership] = await selectRows<{ id: number }>(
    tx,
    sql`insert into partnership (code, title, signed_on, description)
    values (${code}, ${texts.partnershipTitle(i, partnerCode)}, (date '2008-01-01' + (random() * 4000)::int), ${texts.partnershipDescription})
    returning id`,
  );
  const pid = partnership!.id;
  const [partner] = await selectRows<{ id: number }>(
    tx,
    sql`insert into signatory (code, name, kind) values (${partnerCode}, ${texts.partnerName(partnerCode)}, 'PARTNER_COUNTRY') returning id`,
  );
  // The partner, the EU and three to seven Member States.
  const memberStates = ids.memberStates.filter((_, j) => j < 3 || (i + j) % 3 !== 0);
  const signatoryIds = [partner!.id, ids.euSignatory, ...memberStates];
  await tx.execute(sql`insert into partnership_signatory (partnership_id, signatory_id)
    select ${pid}::int, unnest(${intArray(signatoryIds)})`);
  await tx.execute(sql`insert into policy_area (partnership_id, code, position, title)
    values ${sql.join(
      policyAreaSeeds.map((a) => sql`(${pid}::int, ${a.code}, ${a.position}::smallint, ${a.title})`),
      sql`, `,
    )}`);
  const ministries = await selectRows<{ id: number }>(
    tx,
    sql`insert into organisation (code, name, kind, signatory_id)
    values ${sql.join(
      ["MIA", "MFA", "SBC", "MLSP"].map(
        (suffix) => sql`(${`${partnerCode}-${suffix}`}, ${texts.ministryName(suffix, partnerCode)}, 'GOVERNMENT', ${partner!.id}::int)`,
      ),
      sql`, `,
    )} returning id`,
  );
  const implementers = [...ministries.map((m) => m.id), ...ids.internationalOrganisations];

  // Projects: skewed statuses, instruments by share, dates of mixed precision.
  await tx.execute(sql`
    insert into project (partnership_id, code, title, description, status, instrument_id,
      planned_start, planned_start_precision, planned_end, planned_end_precision,
      actual_start, actual_start_precision, actual_end, actual_end_precision, is_assumption, note)
    select ${pid}::int, ${code}::text || '-P' || lpad(g::text, 3, '0'),
      'Project ' || g || ' of ' || ${code}::text || ': ' || (array['border management','labour mobility','readmission','asylum capacity','diaspora engagement','student exchange'])[1 + g % 6],
      case when r4 < 0.7 then repeat(${texts.projectDescription}::text, 1 + (g % 5)) end,
      st, ${instrumentCase(ids.instruments, "r2")},
      ps, prec, ps + (365 * (1 + floor(r3 * 4)))::int, prec,
      case when st in ('IMPLEMENTATION','FINALISATION','CLOSED','SUSPENDED') then ps + 30 end,
      case when st in ('IMPLEMENTATION','FINALISATION','CLOSED','SUSPENDED') then prec end,
      case when st = 'CLOSED' then ps + 30 + (365 * (1 + floor(r3 * 4)))::int end,
      case when st = 'CLOSED' then prec end,
      r4 < 0.03, ${noted(sql`case when r4 < 0.03 then 'Dates assumed' end`)}
    from (
      select g, r2, r3, r4,
        (case when r1 < 0.12 then 'PIPELINE' when r1 < 0.57 then 'IMPLEMENTATION' when r1 < 0.67 then 'FINALISATION'
              when r1 < 0.92 then 'CLOSED' when r1 < 0.96 then 'CANCELLED' else 'SUSPENDED' end)::project_status as st,
        date '2014-01-01' + (r3 * 3000)::int as ps,
        (case when r4 < 0.6 then 'DAY' when r4 < 0.85 then 'MONTH' else 'QUARTER' end)::date_precision as prec
      from (select g, random() r1, random() r2, random() r3, random() r4 from generate_series(1, ${sizes.projects}::int) g) s
    ) p`);

  await tx.execute(sql`
    with p as (select id, row_number() over (order by id) as rn from project where partnership_id = ${pid}::int),
         o as (select ${intArray(implementers)} as impl)
    insert into project_participant (project_id, organisation_id, role)
    select p.id, x.org, x.role::organisation_role
    from p, o, lateral (values
      (${ids.euOrganisation}::int, 'FUNDING', true),
      (o.impl[1 + (p.rn % array_length(o.impl, 1))::int], 'IMPLEMENTING', true),
      (o.impl[1 + ((p.rn + 2) % array_length(o.impl, 1))::int], 'IMPLEMENTING', p.rn % 3 = 0),
      (o.impl[1 + (p.rn % array_length(o.impl, 1))::int], 'ACCOUNTABLE', p.rn % 5 = 0)
    ) as x(org, role, keep)
    where x.keep`);

  await tx.execute(sql`
    insert into project_budget (project_id, status, period_start, period_end, value_date, amount, currency, qualifier, as_stated, is_assumption, note)
    select p.id, (case when random() < 0.7 then 'COMMITTED' else 'INDICATIVE' end)::budget_status,
      case when j = 1 then coalesce(p.planned_start, date '2018-01-01') end,
      case when j = 1 then coalesce(p.planned_end, date '2021-12-31') end,
      coalesce(p.planned_start, date '2018-01-01') + 90 * (j - 1),
      round((50000 + random() * 4950000)::numeric, 2),
      (case when c < 0.8 then 'EUR' when c < 0.92 then 'USD' when c < 0.96 then 'CHF' when c < 0.98 then 'SEK' else 'PLN' end),
      (case when random() < 0.9 then 'EXACT' else 'APPROXIMATE' end)::qualifier, null, false, ${note}::text
    from (select *, random() as c from project where partnership_id = ${pid}::int) p,
         generate_series(1, 1 + (p.id % 3)) j`);

  // Measures: skewed statuses; the version counts the status history below.
  await tx.execute(sql`
    insert into measure (partnership_id, code, title, description, policy_area_id, status, completion_level,
      deadline, is_assumption, note, version, created_at, updated_at)
    select ${pid}::int, 'M-' || lpad(g::text, 5, '0'),
      (array['Improve','Develop','Strengthen','Support','Establish','Review'])[1 + g % 6] || ' ' ||
        (array['labour migration channels','readmission procedures','visa facilitation','asylum reception','border cooperation',
               'diaspora networks','student mobility','data exchange','social protection','anti-trafficking','return counselling',
               'integration services'])[1 + (g * 7) % 12] || ' (' || ${code}::text || ' measure ' || g || ')',
      repeat(${texts.measureDescription}::text, 1 + (g % 4)),
      pa.id, st,
      (case st when 'COMPLETED' then 'COMPLETE' when 'IN_PROGRESS' then (case when r3 < 0.5 then 'LIMITED' else 'SUBSTANTIAL' end)
               when 'AGREED' then 'NOT_STARTED' end)::completion_level,
      case when r3 < 0.7 then date '2017-01-01' + (r4 * 3650)::int end,
      r5 < 0.05, ${noted(sql`case when r5 < 0.05 then 'Lead assumed' end`)},
      case st when 'PROPOSED' then 1 when 'AGREED' then 2 when 'IN_PROGRESS' then 3 else 4 end,
      created, created + interval '200 days' * r4
    from (
      select g, r3, r4, r5, timestamptz '2017-01-01 00:00+00' + interval '1000 days' * r1 as created,
        1 + floor(power(r1, 1.4) * 6)::int as position,
        (case when r2 < 0.15 then 'PROPOSED' when r2 < 0.33 then 'AGREED' when r2 < 0.68 then 'IN_PROGRESS'
              when r2 < 0.76 then 'ON_HOLD' when r2 < 0.95 then 'COMPLETED' else 'WITHDRAWN' end)::measure_status as st
      from (select g, random() r1, random() r2, random() r3, random() r4, random() r5 from generate_series(1, ${sizes.measures}::int) g) s
    ) m
    join policy_area pa on pa.partnership_id = ${pid}::int and pa.position = m.position`);

  // The history that leads to each measure's status; its length is the measure's version.
  await tx.execute(sql`
    insert into measure_status_change (measure_id, from_status, to_status, reason, actor_sub, actor_role, changed_at)
    select m.id, case when i > 1 then path[i - 1] end, path[i],
      case path[i] when 'PROPOSED' then 'Proposed by the partnership' when 'ON_HOLD' then 'Waiting for funding'
                   when 'WITHDRAWN' then 'Superseded by another measure' end,
      ${texts.actor}::text, 'COORDINATOR', m.created_at + interval '45 days' * (i - 1)
    from measure m,
      lateral (select (case m.status
        when 'PROPOSED' then '{PROPOSED}' when 'AGREED' then '{PROPOSED,AGREED}'
        when 'IN_PROGRESS' then '{PROPOSED,AGREED,IN_PROGRESS}' when 'ON_HOLD' then '{PROPOSED,AGREED,IN_PROGRESS,ON_HOLD}'
        when 'COMPLETED' then '{PROPOSED,AGREED,IN_PROGRESS,COMPLETED}' else '{PROPOSED,AGREED,IN_PROGRESS,WITHDRAWN}'
      end)::measure_status[] as path) h,
      generate_subscripts(h.path, 1) i
    where m.partnership_id = ${pid}::int`);

  // One lead (two for every tenth measure), zero to three contributors, all distinct signatories.
  await tx.execute(sql`
    with m as (select id, row_number() over (order by id) as rn from measure where partnership_id = ${pid}::int),
         s as (select sigs, array_length(sigs, 1) as k from (select ${intArray(signatoryIds)} as sigs) a)
    insert into measure_responsibility (measure_id, signatory_id, role, position, is_assumption)
    select m.id, s.sigs[1 + ((m.rn + x.off) % s.k)::int], x.role::responsibility_role, x.pos, m.rn % 37 = 0
    from m, s, lateral (values
      (0, 'LEAD', 0, true), (1, 'LEAD', 1, m.rn % 10 = 0),
      (2, 'CONTRIBUTING', 0, m.rn % 4 >= 1), (3, 'CONTRIBUTING', 1, m.rn % 4 >= 2), (4, 'CONTRIBUTING', 2, m.rn % 4 >= 3)
    ) as x(off, role, pos, keep)
    where x.keep`);

  // Zero to three projects of the same partnership per measure; up to two themes.
  await tx.execute(sql`
    with m as (select id, row_number() over (order by id) as rn, random() as r from measure where partnership_id = ${pid}::int),
         p as (select array_agg(id order by id) as ids from project where partnership_id = ${pid}::int)
    insert into measure_project (measure_id, project_id)
    select m.id, p.ids[1 + ((m.rn * 7 + j * 31) % array_length(p.ids, 1))::int]
    from m, p, generate_series(0, 2) j
    where j < (case when m.r < 0.35 then 0 when m.r < 0.7 then 1 when m.r < 0.9 then 2 else 3 end)`);
  await tx.execute(sql`
    with m as (select id, row_number() over (order by id) as rn from measure where partnership_id = ${pid}::int),
         t as (select ${intArray(ids.themes)} as ids)
    insert into measure_theme (measure_id, theme_id)
    select m.id, t.ids[1 + ((m.rn + j * 3) % array_length(t.ids, 1))::int]
    from m, t, generate_series(0, 1) j
    where j < m.rn % 3`);

  // Transactions: a few projects have many (skewed), mostly EUR, mostly disbursements.
  await tx.execute(sql`
    with p as (select array_agg(id order by id) as ids from project where partnership_id = ${pid}::int),
         o as (select ${intArray(implementers)} as impl)
    insert into project_transaction (project_id, type, value_date, amount, currency, provider_organisation_id,
      receiver_organisation_id, description, recorded_at)
    select p.ids[1 + floor(power(r1, 1.8) * array_length(p.ids, 1))::int], ty,
      vd, round((100 + r3 * 250000)::numeric, 2),
      (case when r4 < 0.85 then 'EUR' when r4 < 0.95 then 'USD' else 'CHF' end),
      case when ty in ('DISBURSEMENT','OUTGOING_COMMITMENT') then ${ids.euOrganisation}::int end,
      o.impl[1 + (g % array_length(o.impl, 1))::int],
      ${noted(sql`case when r4 < 0.1 then 'Instalment ' || g end`)},
      vd + interval '3 days'
    from p, o, (
      select g, r1, r3, r4, date '2016-01-01' + (r5 * 3000)::int as vd,
        (case when r2 < 0.45 then 'DISBURSEMENT' when r2 < 0.75 then 'EXPENDITURE' when r2 < 0.9 then 'OUTGOING_COMMITMENT'
              when r2 < 0.97 then 'INCOMING_FUNDS' else 'INCOMING_COMMITMENT' end)::transaction_type as ty
      from (select g, random() r1, random() r2, random() r3, random() r4, random() r5
            from generate_series(1, ${Math.round(sizes.transactions / 1.02)}::int) g) s
    ) t`);
  // About 2% are corrected by a reversing entry of the negated amount.
  await tx.execute(sql`
    insert into project_transaction (project_id, type, value_date, amount, currency, provider_organisation_id,
      receiver_organisation_id, description, reverses_id, recorded_at)
    select t.project_id, t.type, t.value_date + 10, -t.amount, t.currency, t.provider_organisation_id,
      t.receiver_organisation_id, ${noted(sql`'Reversal: entered twice'`)}, t.id, t.recorded_at + interval '10 days'
    from project_transaction t join project p on p.id = t.project_id
    where p.partnership_id = ${pid}::int and t.reverses_id is null and t.id % 50 = 0`);
  return pid;
}
