/**
 * What changed between two versions of an action plan: pure, so that the rules are unit
 * tested without a database. A measure belongs to a version when it has an entry there that
 * does not withdraw it.
 */

/** A measure as one version of the plan states it. */
export interface PlanEntry {
  measureId: number;
  code: string;
  title: string;
  description: string;
  policyAreaCode: string;
  deadline: string | null;
  /** In the order the plan names them ("EU and BY"). */
  leadCodes: string[];
  contributorCodes: string[];
  /** Set where this version withdraws the measure. */
  withdrawalReason: string | null;
}

export const PLAN_FIELDS = ["TITLE", "DESCRIPTION", "POLICY_AREA", "DEADLINE", "LEADS", "CONTRIBUTORS"] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

/** One field of a measure that reads differently in the two versions; lists read "EU, BY". */
export interface FieldChange {
  field: PlanField;
  from: string | null;
  to: string | null;
}

export interface PlanDiff<Entry extends PlanEntry> {
  /** In `to` but not in `from` (absent there, or withdrawn there). */
  added: Entry[];
  /** In `from` but not in `to`; the entry of `to` where it says why, else the one of `from`. */
  withdrawn: Entry[];
  /** In both, with at least one field that differs. */
  changed: { from: Entry; to: Entry; changes: FieldChange[] }[];
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

const isIn = (entry: PlanEntry | undefined): entry is PlanEntry => entry !== undefined && entry.withdrawalReason === null;

export function diffPlans<Entry extends PlanEntry>(from: readonly Entry[], to: readonly Entry[]): PlanDiff<Entry> {
  const before = new Map(from.map((entry) => [entry.measureId, entry]));
  const after = new Map(to.map((entry) => [entry.measureId, entry]));
  const diff: PlanDiff<Entry> = { added: [], withdrawn: [], changed: [] };
  for (const entry of to) {
    if (isIn(entry) && !isIn(before.get(entry.measureId))) diff.added.push(entry);
  }
  for (const entry of from) {
    if (!isIn(entry)) continue;
    const later = after.get(entry.measureId);
    if (!isIn(later)) {
      diff.withdrawn.push(later ?? entry);
      continue;
    }
    const changes = fieldChanges(entry, later);
    if (changes.length) diff.changed.push({ from: entry, to: later, changes });
  }
  diff.added.sort(byCode);
  diff.withdrawn.sort(byCode);
  diff.changed.sort((a, b) => byCode(a.to, b.to));
  return diff;
}

/** Fields that differ, in PLAN_FIELDS order. Responsibilities compare as sets: reordering names is no change. */
export function fieldChanges(from: PlanEntry, to: PlanEntry): FieldChange[] {
  const values = (entry: PlanEntry): Record<PlanField, string | null> => ({
    TITLE: entry.title,
    DESCRIPTION: entry.description,
    POLICY_AREA: entry.policyAreaCode,
    DEADLINE: entry.deadline,
    LEADS: entry.leadCodes.join(", "),
    CONTRIBUTORS: entry.contributorCodes.join(", "),
  });
  const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((code) => b.includes(code));
  const a = values(from);
  const b = values(to);
  return PLAN_FIELDS.filter((field) => {
    if (field === "LEADS") return !sameSet(from.leadCodes, to.leadCodes);
    if (field === "CONTRIBUTORS") return !sameSet(from.contributorCodes, to.contributorCodes);
    return a[field] !== b[field];
  }).map((field) => ({ field, from: a[field] || null, to: b[field] || null }));
}
