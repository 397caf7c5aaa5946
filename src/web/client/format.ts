/**
 * Figures as text. Money and indicator values arrive as exact decimal strings (the API's Decimal
 * scalar) and are shown from the string, digit for digit; Number() is used only to size a bar.
 */

/** "170000000.00" -> "170,000,000.00"; "4870.0000" -> "4,870" (a decimal part of zeros is dropped unless `keepCents`). */
export function decimal(text: string, keepCents = false): string {
  const negative = text.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? text.slice(1) : text).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const kept = keepCents ? fraction : fraction.replace(/0+$/, "");
  return `${negative ? "-" : ""}${grouped}${kept ? `.${kept}` : ""}`;
}

export const money = (amount: string, currency: string): string => `${currency} ${decimal(amount, true)}`;

/** A bar's length: the only place a decimal becomes a float. */
export const magnitude = (text: string): number => Math.abs(Number(text)) || 0;

const STATUS_WORDS: Record<string, string> = {
  PROPOSED: "Proposed",
  AGREED: "Agreed",
  IN_PROGRESS: "In progress",
  ON_HOLD: "On hold",
  COMPLETED: "Completed",
  WITHDRAWN: "Withdrawn",
};

export const STATUSES = ["PROPOSED", "AGREED", "IN_PROGRESS", "ON_HOLD", "COMPLETED", "WITHDRAWN"] as const;

export const statusWords = (status: string): string => STATUS_WORDS[status] ?? words(status);

/** "OUTGOING_COMMITMENT" -> "Outgoing commitment". */
export const words = (code: string): string => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, " ");

const QUALIFIER_WORDS: Record<string, string> = { EXACT: "", AT_LEAST: "at least", AT_MOST: "at most", APPROXIMATE: "about", RANGE: "from" };
export const qualifierWords = (qualifier: string): string => QUALIFIER_WORDS[qualifier] ?? words(qualifier);

/** "2026-12-02T10:00:00.000Z" -> "2 December 2026"; "2019-01-01" the same way. */
export function day(text: string | null | undefined): string {
  if (!text) return "";
  const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
