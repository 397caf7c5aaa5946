// Compiles src/ and seeds/ into dist/ with tsc, but only when a source changed since the last
// build: `npm start` and `npm run token` call it, and tsc costs 10-20 s even with nothing to do.
// "Changed" is judged by the newest modification time and the list of files (so a deleted or
// renamed file counts too), written to dist/.build-stamp after a successful build.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = path.join(root, "dist", ".build-stamp");
const inputs = ["src", "seeds", "tsconfig.json", "tsconfig.build.json", "package-lock.json"];

function* filesUnder(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return;
  if (!statSync(full).isDirectory()) {
    yield entry;
    return;
  }
  for (const child of readdirSync(full, { withFileTypes: true })) {
    const relative = path.join(entry, child.name);
    if (child.isDirectory()) yield* filesUnder(relative);
    else if (!child.name.endsWith(".test.ts")) yield relative;
  }
}

function currentStamp() {
  const files = inputs.flatMap((entry) => [...filesUnder(entry)]).sort();
  const newest = Math.max(...files.map((file) => statSync(path.join(root, file)).mtimeMs));
  return JSON.stringify({ newest, files });
}

const stamp = currentStamp();
if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) process.exit(0);

process.stderr.write("Building dist/ (tsc): the sources changed since the last build\n");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
try {
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
} catch {
  process.exit(1);
}
writeFileSync(stampFile, stamp);
