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

/**
 * A loader per set of columns, made on first use: a relation field loads only the columns its
 * query reads (see rowPropertiesAsked), and the fields that read the same ones share a loader
 * and its batch. `clear(key)` forgets a key in all of them, as after a change.
 */
export class LoadersByColumns<Key, Value> {
  private readonly loaders = new Map<string, DataLoader<Key, Value>>();

  constructor(private readonly create: (asked: readonly string[]) => DataLoader<Key, Value>) {}

  reading(asked: readonly string[]): DataLoader<Key, Value> {
    const key = asked.join();
    let loader = this.loaders.get(key);
    if (!loader) this.loaders.set(key, (loader = this.create(asked)));
    return loader;
  }

  clear(key: Key): this {
    for (const loader of this.loaders.values()) loader.clear(key);
    return this;
  }
}
