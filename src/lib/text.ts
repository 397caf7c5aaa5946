/**
 * What counts as text a person wrote. One rule for every text input: the GraphQL arguments
 * (src/graphql/validation.ts) and the exports' query parameters.
 */

// Anything that shows: not whitespace, not a control, not a format character (Cf: zero-width
// spaces and joiners, soft hyphens, direction marks, byte order marks) nor any other code point
// that renders as nothing (default-ignorable: fillers, variation selectors).
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** True for text that shows nothing: empty, spaces, or only invisible characters ("\u200b\u200b"). */
export const isBlank = (text: string): boolean => !VISIBLE.test(text);

/**
 * True for text PostgreSQL stores exactly as sent: well-formed UTF-16 (a lone surrogate such as
 * "x\ud800y", which JSON can carry, would be stored as U+FFFD) and no NUL (which it refuses).
 */
export const isStorableText = (text: string): boolean => text.isWellFormed() && !text.includes("\u0000");

export const UNSTORABLE_TEXT = "holds malformed text (a lone UTF-16 surrogate) or a NUL character; send well-formed Unicode text";

/**
 * The path of the first string inside `value` (an argument, an input object, a list) that is
 * not storable text: "" for `value` itself, "title", "filter.search", "codes.2"; undefined if none.
 */
export function findUnstorableText(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return isStorableText(value) ? undefined : path;
  if (value === null || typeof value !== "object" || value instanceof Date) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = findUnstorableText(item, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * A word with "a" or "an" before it, for messages that read as sentences: "an IN_PROGRESS
 * measure", "a PROPOSED measure", "an Organisation". By its first letter, which suits the
 * status codes and type names of this API.
 */
export const withIndefiniteArticle = (word: string): string => `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
