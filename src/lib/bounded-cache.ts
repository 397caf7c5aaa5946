/**
 * A cache bounded by entry count and by an estimate of its bytes, that evicts the least
 * recently used entries, for anything keyed by what a client sends (query texts, principals,
 * query shapes): a stream of distinct keys then costs at most the bounds, never memory that
 * grows with the stream (issue 21, bench/RESULTS.md). Every cache is named and listed in a
 * registry that /metrics reports (entries, estimated bytes, evictions).
 */
export interface CacheBounds {
  maxEntries: number;
  maxBytes: number;
}

export interface CacheStats extends CacheBounds {
  name: string;
  entries: number;
  bytes: number;
  evictions: number;
}

export class BoundedCache<Key, Value> {
  // A Map iterates in insertion order: re-inserting an entry on use keeps the least recently used first.
  private readonly entries = new Map<Key, { value: Value; bytes: number }>();
  private bytes = 0;
  private evictions = 0;

  /**
   * `sizeOf` estimates an entry's bytes on the heap (its key and value). The cache is listed
   * under `name`; a later cache of the same name (another app in the same process, as in
   * tests) takes its place in the list.
   */
  constructor(
    readonly name: string,
    private readonly bounds: CacheBounds,
    private readonly sizeOf: (key: Key, value: Value) => number,
  ) {
    registerCache(this);
  }

  get(key: Key): Value | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` as the most recently used entry; one larger than the byte bound is not kept. */
  set(key: Key, value: Value): void {
    this.delete(key);
    const bytes = this.sizeOf(key, value);
    if (bytes > this.bounds.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    while (this.entries.size > this.bounds.maxEntries || this.bytes > this.bounds.maxBytes) {
      const [oldest] = this.entries.keys();
      this.delete(oldest as Key);
      this.evictions += 1;
    }
  }

  delete(key: Key): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  stats(): CacheStats {
    return { name: this.name, entries: this.entries.size, bytes: this.bytes, evictions: this.evictions, ...this.bounds };
  }
}

/** Anything that holds memory per client-controlled key and can say how much. */
export interface CountedCache {
  readonly name: string;
  stats(): CacheStats;
}

const registry = new Map<string, CountedCache>();

/** Lists a cache for /metrics under its name, in place of an earlier one of that name. */
export function registerCache(cache: CountedCache): void {
  registry.set(cache.name, cache);
}

/** Every listed cache's entries, estimated bytes and bounds, by name. */
export function cacheStats(): CacheStats[] {
  return [...registry.values()].map((cache) => cache.stats()).sort((a, b) => a.name.localeCompare(b.name));
}

/** A rough size of a string on the heap: two bytes a character at most, plus its header. */
export const stringBytes = (text: string) => 2 * text.length + 16;
