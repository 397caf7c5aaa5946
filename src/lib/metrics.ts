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

/** What /metrics answers: the bounded caches, the process's memory and `series`, in Prometheus's text format. */
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
  for (const { name, help, type, value } of series) lines.push(`# HELP ${PREFIX}_${name} ${help}`, `# TYPE ${PREFIX}_${name} ${type}`, `${PREFIX}_${name} ${value()}`);
  return `${lines.join("\n")}\n`;
}
