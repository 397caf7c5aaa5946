/**
 * Which provisions of an act are in effect on a day. Dates of coarse precision are stored as
 * the first day of their period ("July 2020": 2020-07-01, MONTH), so an end date counts
 * through the end of its period. A provision stops being in effect once a provision that
 * replaces it is in effect (the 20 years projected for 2025 replace the 16 of today).
 */

type Precision = "DAY" | "MONTH" | "QUARTER" | "YEAR";

export interface ProvisionPeriod {
  id: number;
  effectiveFrom: string | null;
  effectiveUntil: string | null;
  effectiveUntilPrecision: Precision | null;
  replacesId: number | null;
}

/** The last day of the period a date of this precision stands for, as YYYY-MM-DD. */
export function lastDayOf(date: string, precision: Precision): string {
  const [year, month] = date.split("-").map(Number) as [number, number];
  const endMonth = { DAY: null, MONTH: month, QUARTER: Math.ceil(month / 3) * 3, YEAR: 12 }[precision];
  if (endMonth === null) return date;
  // Day 0 of the next month is the last day of this one.
  const last = new Date(Date.UTC(year, endMonth, 0));
  return last.toISOString().slice(0, 10);
}

function withinOwnPeriod(provision: ProvisionPeriod, day: string): boolean {
  if (provision.effectiveFrom !== null && provision.effectiveFrom > day) return false;
  if (provision.effectiveUntil !== null && lastDayOf(provision.effectiveUntil, provision.effectiveUntilPrecision ?? "DAY") < day) {
    return false;
  }
  return true;
}

/** The provisions in effect on `day` (YYYY-MM-DD), in their given order. */
export function provisionsInEffectOn<P extends ProvisionPeriod>(provisions: readonly P[], day: string): P[] {
  const current = provisions.filter((provision) => withinOwnPeriod(provision, day));
  const replaced = new Set(current.flatMap((provision) => (provision.replacesId === null ? [] : [provision.replacesId])));
  return current.filter((provision) => !replaced.has(provision.id));
}
