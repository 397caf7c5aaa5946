/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time by
 * package or part of the program, and the hottest functions, with total (inclusive) time
 * for a few frames that matter (GraphQL execution, serialisation, SQL).
 *
 *   npx tsx cpuprofile.ts results/profile/CPU....cpuprofile
 */
import { readFileSync } from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  byArea: { area: string; ms: number; share: number }[];
  topFunctions: { name: string; area: string; ms: number; share: number }[];
  inclusive: { name: string; ms: number; share: number }[];
}

/** Which package, or which part of node or of this service, a frame belongs to. */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === "(garbage collector)") return "GC";
    if (functionName === "(idle)") return "idle";
    if (functionName === "(program)") return "V8/native (program)";
    return `native: ${functionName || "(anonymous)"}`;
  }
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) {
    const name = url.slice(5);
    if (name.includes("async_hooks") || name.includes("async_local_storage") || name.includes("promise_hooks")) return "node: async_hooks / AsyncLocalStorage";
    if (name.startsWith("internal/streams") || name.startsWith("stream")) return "node: streams";
    if (name.includes("http") || name.startsWith("_http")) return "node: http";
    if (name.startsWith("net") || name.includes("stream_base")) return "node: net";
    return `node: ${name.split("/").slice(0, 2).join("/")}`;
  }
  const dist = url.indexOf("/dist/");
  if (dist >= 0) return `service: ${url.slice(dist + 6).split("/").slice(0, 3).join("/")}`;
  return url;
}

export function summarise(profile: Profile, inclusiveNames: RegExp[] = []): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let total = 0;
  const areas = new Map<string, number>();
  const functions = new Map<string, { area: string; us: number }>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    total += us;
    const area = areaOf(node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const name = `${node.callFrame.functionName || "(anonymous)"} ${shortUrl(node.callFrame)}`;
    const entry = functions.get(name) ?? { area, us: 0 };
    entry.us += us;
    functions.set(name, entry);
    // Inclusive time: count a sample once for each pattern some frame on its stack matches.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const label = `${frame.functionName} ${shortUrl(frame)}`;
      for (const pattern of inclusiveNames) {
        if (pattern.test(label) && !seen.has(pattern.source)) {
          seen.add(pattern.source);
          inclusive.set(pattern.source, (inclusive.get(pattern.source) ?? 0) + us);
        }
      }
    }
  }
  const busy = total - (areas.get("idle") ?? 0);
  const share = (us: number) => us / busy;
  return {
    totalMs: busy / 1000,
    byArea: [...areas]
      .filter(([area]) => area !== "idle")
      .map(([area, us]) => ({ area, ms: us / 1000, share: share(us) }))
      .sort((a, b) => b.ms - a.ms),
    topFunctions: [...functions]
      .filter(([, f]) => f.area !== "idle")
      .map(([name, f]) => ({ name, area: f.area, ms: f.us / 1000, share: share(f.us) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 30),
    inclusive: [...inclusive].map(([name, us]) => ({ name, ms: us / 1000, share: share(us) })).sort((a, b) => b.ms - a.ms),
  };
}

function shortUrl(frame: CallFrame): string {
  if (!frame.url) return "";
  const modules = frame.url.lastIndexOf("node_modules/");
  const tail = modules >= 0 ? frame.url.slice(modules + 13) : frame.url.replace(/^.*\/dist\//, "dist/").replace(/^file:\/\//, "");
  return `(${tail}:${frame.lineNumber + 1})`;
}

export const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

export function toMarkdown(summary: ProfileSummary, areas = 15, functions = 20): string {
  const lines = [
    `CPU busy time sampled: ${(summary.totalMs / 1000).toFixed(1)} s (idle excluded).`,
    "",
    "| where (self time) | ms | share |",
    "|---|---:|---:|",
    ...summary.byArea.slice(0, areas).map((a) => `| ${a.area} | ${a.ms.toFixed(0)} | ${pct(a.share)} |`),
    "",
    "| hottest functions (self time) | where | share |",
    "|---|---|---:|",
    ...summary.topFunctions.slice(0, functions).map((f) => `| \`${f.name.replace(/\|/g, "\\|")}\` | ${f.area} | ${pct(f.share)} |`),
  ];
  if (summary.inclusive.length) {
    lines.push("", "| inclusive time (frames on the stack) | share |", "|---|---:|");
    lines.push(...summary.inclusive.map((f) => `| \`${f.name}\` | ${pct(f.share)} |`));
  }
  return lines.join("\n");
}

export const DEFAULT_INCLUSIVE = [
  /^execute .*graphql\/execution\/execute/,
  /^completeValue /,
  /^serialize/,
  /^stringify|JSON\.stringify|prettyJSONStringify/,
  /^mapResultRow /,
  /^handle .*postgres\/cjs\/src\/connection/,
  /^parse .*graphql\/language\/parser/,
  /^validate .*graphql\/validation\/validate/,
  /^load .*dataloader/,
  /^emitInit|^emitHook|^promiseInitHook|^promiseResolveHook|^promiseBeforeHook|^promiseAfterHook|^emitBefore|^emitAfter/,
];

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error("Usage: tsx cpuprofile.ts FILE.cpuprofile");
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  process.stdout.write(`${toMarkdown(summarise(profile, DEFAULT_INCLUSIVE), 25, 40)}\n`);
}
