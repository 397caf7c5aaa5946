// The action plan's commands (reused below) load GraphQL types, whose decorators need this
// polyfill; what reaches here through prepareDatabase (the CLI, bench/generate.ts) has not loaded it.
import "reflect-metadata";
import { sql, type SQL } from "drizzle-orm";
import { selectRows, type Database, type Transaction } from "../src/db/client";
import { copyMeasures } from "../src/modules/action-plans/action-plans.commands";
import { generatePartnership, referenceIds, type GeneratedTexts, type PartnershipSizes } from "./generator";

/**
 * The demonstration data set (`npm run seed:demo`, or SEED=demo at start-up): partnerships
 * generated like the benchmark's, small, with codes starting DEMO- and every record saying it
 * is synthetic. It builds on the brief's shared reference rows (the EU, Member States,
 * instruments, themes) and adds nothing to the EU-BY partnership.
 */

export const DEMO_CODE_PREFIX = "DEMO-";
export const SYNTHETIC_NOTE = "Synthetic demonstration data (npm run seed:demo), not from the policy brief";

const DEMO_PARTNERSHIPS = 2;
const DEMO_SIZES: PartnershipSizes = { measures: 60, projects: 15, transactions: 200 };
/** Any fixed number: the same demonstration data every time it is loaded. */
const DEMO_RANDOM_SEED = 0.2016;
/** Who the generated status history and action plan say acted. */
const DEMO_ACTOR = "demo-generator";

const DEMO_TEXTS: GeneratedTexts = {
  partnershipTitle: (i, partnerCode) => `Demonstration Mobility Partnership ${i} between the EU and ${partnerCode} (synthetic)`,
  partnershipDescription: `${SYNTHETIC_NOTE}: generated to try the API on deadlines, overdue measures, budgets and transactions in several currencies, reversals and an adopted action plan.`,
  partnerName: (partnerCode) => `Synthetic partner country ${partnerCode} (demonstration data)`,
  ministryName: (suffix, partnerCode) => `Synthetic ministry ${suffix} of ${partnerCode} (demonstration data)`,
  projectDescription: "Synthetic demonstration project. ",
  measureDescription: "Synthetic demonstration measure. ",
  note: SYNTHETIC_NOTE,
  actor: DEMO_ACTOR,
};

/** Partnerships, signatories and organisations of the demonstration data. */
const isDemo = (column: string) => sql`${sql.identifier(column)} like ${`${DEMO_CODE_PREFIX}%`}`;

/**
 * Loads the demonstration data in one transaction, after the brief's seed. Does nothing when a
 * DEMO- partnership is already there, so it is safe to run again (and on every start).
 * Returns the codes of the partnerships it made (none when it did nothing).
 * @throws when the brief's seed is not loaded.
 */
export async function loadDemoData(db: Database): Promise<string[]> {
  // PGlite has a single connection: everything below must go through `tx`, never `db`.
  return db.transaction(async (tx) => {
    if ((await demoPartnershipCodes(tx)).length > 0) return [];
    // random() is seeded per connection; a transaction keeps to one.
    await tx.execute(sql`select setseed(${DEMO_RANDOM_SEED}::float8)`);
    const ids = await referenceIds(tx);
    const codes: string[] = [];
    for (let i = 1; i <= DEMO_PARTNERSHIPS; i++) {
      const code = `${DEMO_CODE_PREFIX}${i}`;
      const partnershipId = await generatePartnership(tx, {
        number: i,
        code,
        partnerCode: `${code}-PC`,
        sizes: DEMO_SIZES,
        texts: DEMO_TEXTS,
        ids,
      });
      await adoptFirstVersion(tx, partnershipId);
      codes.push(code);
    }
    return codes;
  });
}

/**
 * Version 1 of the partnership's action plan, adopted: the measures agreed so far (adoption
 * would agree the PROPOSED ones, which are left out as proposed since; WITHDRAWN ones are
 * gone). Written as the adoptActionPlanDraft command leaves it, without its audit records:
 * the demonstration data writes none, so that removing it leaves the audit trail untouched.
 */
async function adoptFirstVersion(tx: Transaction, partnershipId: number): Promise<void> {
  const [version] = await selectRows<{ id: number }>(
    tx,
    sql`insert into action_plan_version (partnership_id, number, note, opened_by_sub)
      values (${partnershipId}::int, 1, ${SYNTHETIC_NOTE}, ${DEMO_ACTOR}) returning id`,
  );
  await copyMeasures(tx, version!.id, sql`m.partnership_id = ${partnershipId}::int and m.status not in ('PROPOSED', 'WITHDRAWN')`);
  await tx.execute(sql`update action_plan_version
    set status = 'ADOPTED', adopted_at = now(), adopted_by_sub = ${DEMO_ACTOR}, revision = revision + 1
    where id = ${version!.id}::int`);
}

async function demoPartnershipCodes(tx: Transaction): Promise<string[]> {
  const rows = await selectRows<{ code: string }>(tx, sql`select code from partnership where ${isDemo("code")} order by code`);
  return rows.map((row) => row.code);
}

/**
 * History the database keeps append-only or frozen (migrations 0001, 0003, 0006), and which
 * removing the demonstration data must delete. Only the owner of these tables can turn their
 * guards off, inside the removal's own transaction: no other session ever sees them off.
 */
const GUARDS: [table: string, trigger: string][] = [
  ["measure_status_change", "measure_status_change_append_only"],
  ["measure_progress_update", "measure_progress_update_append_only"],
  ["action_plan_version", "action_plan_version_lifecycle"],
  ["action_plan_entry", "action_plan_entry_frozen_once_adopted"],
  ["action_plan_entry_responsibility", "action_plan_entry_responsibility_frozen_once_adopted"],
];

/**
 * Deletes every DEMO- partnership with everything in it (also what was added to them through
 * the API since), then the DEMO- organisations and signatories, in one transaction. The audit
 * trail is left as it is: it is evidence, and the demonstration data wrote nothing there.
 * Returns the codes of the partnerships removed.
 * @throws (SQLSTATE 42501) when the connection's role does not own the guarded tables.
 */
export async function removeDemoData(db: Database): Promise<string[]> {
  return db.transaction(async (tx) => {
    const codes = await demoPartnershipCodes(tx);
    const guards = async (action: "disable" | "enable") => {
      for (const [table, trigger] of GUARDS) await tx.execute(sql.raw(`alter table ${table} ${action} trigger ${trigger}`));
    };
    const partnershipIds = sql`(select id from partnership where ${isDemo("code")})`;
    const measureIds = sql`(select id from measure where partnership_id in ${partnershipIds})`;
    const projectIds = sql`(select id from project where partnership_id in ${partnershipIds})`;
    const versionIds = sql`(select id from action_plan_version where partnership_id in ${partnershipIds})`;
    // Referencing rows first: [table, column, the ids whose rows go].
    const deletions: [string, string, SQL][] = [
      // Responsibilities go with their entries (ON DELETE CASCADE).
      ["action_plan_entry", "version_id", versionIds],
      ["action_plan_version", "id", versionIds],
      ["measure_status_change", "measure_id", measureIds],
      ["measure_progress_update", "measure_id", measureIds],
      ["measure_responsibility", "measure_id", measureIds],
      ["measure_theme", "measure_id", measureIds],
      ["measure_project", "measure_id", measureIds],
      ["measure_project", "project_id", projectIds],
      ["measure", "id", measureIds],
      ["project_transaction", "project_id", projectIds],
      ["project_budget", "project_id", projectIds],
      ["project_participant", "project_id", projectIds],
      ["project", "id", projectIds],
      ["instrument_allocation", "partnership_id", partnershipIds],
      ["policy_area", "partnership_id", partnershipIds],
      ["partnership_signatory", "partnership_id", partnershipIds],
      ["partnership", "id", partnershipIds],
      ["organisation", "id", sql`(select id from organisation where ${isDemo("code")})`],
      ["signatory", "id", sql`(select id from signatory where ${isDemo("code")})`],
    ];
    await guards("disable");
    for (const [table, column, ids] of deletions) {
      await tx.execute(sql`delete from ${sql.identifier(table)} where ${sql.identifier(column)} in ${ids}`);
    }
    await guards("enable");
    return codes;
  });
}
