import { constants, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { cacheStats, type CacheStats } from "./bounded-cache";

const PREFIX = "mobility_plan";

const CACHE_SERIES: { name: string; help: string; type: "gauge" | "counter"; value: (stats: CacheStats) => number }[] = [
  { name: "cache_entries", help: "Entries in each bounded cache", type: "gauge", value: (s) => s.entries },
  { name: "cache_bytes", help: "Estimated heap bytes of each bounded cache's entries", type: "gauge", value: (s) => s.bytes },
  { name: "cache_max_entries", help: "Entry bound of each cache", type: "gauge", value: (s) => s.maxEntries },
  { name: "cache_max_bytes", help: "Estimated-bytes bound of each cache", type: "gauge", value: (s) => s.maxBytes },
  { name: "cache_evictions_total", help: "Entries each cache evicted to stay within its bounds", type: "counter", value: (s) => s.evictions },
];

/** A figure one part of the application keeps, read when /metrics is asked. */
export interface MetricSeries {
  name: string;
  help: string;
  type: "gauge" | "counter";
  value: () => number;
}

/** Upper bounds of the garbage collector's pause histogram, in seconds. */
const PAUSE_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5];
const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak_callbacks",
};

/** The process's garbage collection pauses by kind: how many below each bucket's bound, how many, their sum. */
const gcPauses = new Map<string, { buckets: number[]; count: number; sum: number }>();
let gcObserver: PerformanceObserver | undefined;

/**
 * Counts the garbage collector's pauses from now on, for /metrics (once per process). While a
 * pause lasts, no request moves: they are where latency's tail comes from (bench/RESULTS.md).
 */
export function observeGarbageCollection(): void {
  gcObserver ??= new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = GC_KINDS[(entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1] ?? "other";
      let pauses = gcPauses.get(kind);
      if (!pauses) gcPauses.set(kind, (pauses = { buckets: PAUSE_BUCKETS.map(() => 0), count: 0, sum: 0 }));
      const seconds = entry.duration / 1000;
      PAUSE_BUCKETS.forEach((bound, index) => {
        if (seconds <= bound) pauses.buckets[index]! += 1;
      });
      pauses.count += 1;
      pauses.sum += seconds;
    }
  });
  gcObserver.observe({ entryTypes: ["gc"] });
}

function gcPauseLines(): string[] {
  const name = `${PREFIX}_gc_pause_seconds`;
  const lines = [`# HELP ${name} The garbage collector's pauses, by kind`, `# TYPE ${name} histogram`];
  for (const [kind, pauses] of gcPauses) {
    PAUSE_BUCKETS.forEach((bound, index) => lines.push(`${name}_bucket{kind="${kind}",le="${bound}"} ${pauses.buckets[index]}`));
    lines.push(`${name}_bucket{kind="${kind}",le="+Inf"} ${pauses.count}`, `${name}_sum{kind="${kind}"} ${pauses.sum}`, `${name}_count{kind="${kind}"} ${pauses.count}`);
  }
  return lines;
}

/** What /metrics answers: the bounded caches, the process's memory and garbage collection, and `series`, in Prometheus's text format. */
export function metricsText(series: readonly MetricSeries[] = []): string {
  const caches = cacheStats();
  const memory = process.memoryUsage();
  const lines: string[] = [];
  for (const series of CACHE_SERIES) {
    lines.push(`# HELP ${PREFIX}_${series.name} ${series.help}`, `# TYPE ${PREFIX}_${series.name} ${series.type}`);
    for (const stats of caches) lines.push(`${PREFIX}_${series.name}{cache="${stats.name}"} ${series.value(stats)}`);
  }
  const processSeries: [string, string, number][] = [
    ["process_resident_memory_bytes", "Resident set size", memory.rss],
    ["process_heap_total_bytes", "V8 heap reserved", memory.heapTotal],
    ["process_heap_used_bytes", "V8 heap in use", memory.heapUsed],
    ["process_external_memory_bytes", "Memory of C++ objects bound to JavaScript objects (buffers, WebAssembly memories)", memory.external],
  ];
  for (const [name, help, value] of processSeries) lines.push(`# HELP ${PREFIX}_${name} ${help}`, `# TYPE ${PREFIX}_${name} gauge`, `${PREFIX}_${name} ${value}`);
  lines.push(...gcPauseLines());
  for (const { name, help, type, value } of series) lines.push(`# HELP ${PREFIX}_${name} ${help}`, `# TYPE ${PREFIX}_${name} ${type}`, `${PREFIX}_${name} ${value()}`);
  return `${lines.join("\n")}\n`;
}
