/**
 * What grew between two heap snapshots (e.g. memory-flood.ts --heap-snapshots): objects
 * grouped by V8's node type and constructor (or function) name, with their count and self
 * size in each, the largest growth first.
 *
 *   cd bench && node --max-old-space-size=4096 --import tsx heap-summary.ts results/snapshots/1-before-flood.heapsnapshot results/snapshots/2-after-flood.heapsnapshot [--top 40]
 */
import { readFileSync } from "node:fs";
import { intArg, parseArgs } from "./lib";

interface Group {
  count: number;
  bytes: number;
}

/** Count and self size per "type name" (e.g. "object Token", "closure resolve", "code (bytecode)"). */
function summarise(file: string): Map<string, Group> {
  const snapshot = JSON.parse(readFileSync(file, "utf8")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((field) => fields.indexOf(field)) as [number, number, number];
  const groups = new Map<string, Group>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    // Strings are grouped by type alone: their names are their contents.
    const name = ["string", "concatenated string", "sliced string", "number"].includes(type) ? "" : snapshot.strings[snapshot.nodes[i + nameAt]!]!.slice(0, 60);
    const key = `${type} ${name}`.trim();
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += snapshot.nodes[i + sizeAt]!;
    groups.set(key, group);
  }
  return groups;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2).filter((arg) => arg.startsWith("--") || !arg.endsWith(".heapsnapshot")));
  const files = process.argv.slice(2).filter((arg) => arg.endsWith(".heapsnapshot"));
  if (files.length !== 2) throw new Error("Give two .heapsnapshot files: before and after");
  const top = intArg(args, "top", 40);
  const [before, after] = files.map(summarise) as [Map<string, Group>, Map<string, Group>];
  const total = (groups: Map<string, Group>) => [...groups.values()].reduce((sum, g) => sum + g.bytes, 0);
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const rows = [...new Set([...before.keys(), ...after.keys()])]
    .map((key) => {
      const b = before.get(key) ?? { count: 0, bytes: 0 };
      const a = after.get(key) ?? { count: 0, bytes: 0 };
      return { key, count: a.count - b.count, bytes: a.bytes - b.bytes, after: a };
    })
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, top);
  process.stdout.write(`heap (self sizes): ${mib(total(before))} MiB -> ${mib(total(after))} MiB\n\n`);
  process.stdout.write("| type and name | Δ count | Δ MiB | count after | MiB after |\n|---|---:|---:|---:|---:|\n");
  for (const row of rows) {
    process.stdout.write(`| ${row.key.replace(/\|/g, "\\|")} | ${row.count} | ${mib(row.bytes)} | ${row.after.count} | ${mib(row.after.bytes)} |\n`);
  }
}

main();
