import DataLoader from "dataloader";

/**
 * DataLoader factories. A batch function must answer in the order of its keys; these group
 * the rows of one SQL query by key so every feature's loaders read the same.
 */

/** One row (or null) per key, e.g. a signatory by id. */
export function loaderOfOne<Key, Row>(
  fetch: (keys: readonly Key[]) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
): DataLoader<Key, Row | null> {
  return new DataLoader(async (keys) => {
    const byKey = new Map<Key, Row>();
    for (const row of await fetch(keys)) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Every row per key, in the order the query returned them, e.g. a measure's responsibilities. */
export function loaderOfMany<Key, Row>(
  fetch: (keys: readonly Key[]) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
): DataLoader<Key, Row[]> {
  return new DataLoader(async (keys) => {
    const byKey = new Map<Key, Row[]>();
    for (const row of await fetch(keys)) {
      const group = byKey.get(keyOf(row));
      if (group) group.push(row);
      else byKey.set(keyOf(row), [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}
