/**
 * A lookup table keyed by names a client sends (enum values, dimensions, sort fields), copied
 * onto an object without a prototype: no name, such as "constructor" or "toString", can find
 * an inherited member, whatever got past the checks before. Open-ended keys use a Map.
 */
export const lookupTable = <Key extends string, Value>(entries: Record<Key, Value>): Readonly<Record<Key, Value>> =>
  Object.freeze(Object.assign(Object.create(null) as Record<Key, Value>, entries));
