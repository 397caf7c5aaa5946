// Compiles src/ and seeds/ into dist/ with tsc, but only when a source changed since the last
// build: `npm start` and `npm run token` call it, and tsc costs 10-20 s even with nothing to do.
// "Changed" is judged by the newest modification time and the list of files (so a deleted or
// renamed file counts too), written to dist/.build-stamp after a successful build.
//
// Then esbuild bundles tsc's output for the three programs a user starts (the server, the child
// that creates a new PGlite directory, the token CLI) into dist/bundle/, one file each: Node reads
// one file instead of resolving and reading ~1,450 modules, which saved 0.4 s of a 3.7 s restart
// (bench/RESULTS.md, start-up). It bundles JavaScript that tsc already compiled, so the decorator
// metadata type-graphql reads is tsc's. type-graphql names GraphQL types after classes: esbuild
// renames a class only when its name collides with another module's in the bundle, which none of
// ours does (test/faults/startup.fault.ts checks the bundle serves the committed schema). So no
// --keep-names, which names every function made at run time through a call (each closure of each
// request, in hot paths too): 2-7% more CPU per dashboard page than dist/src, none without it.
// PGlite stays outside (it loads its WebAssembly and data files beside its own module), as do
// packages loaded only on demand and one that behaves differently when bundled (see `external`).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = path.join(root, "dist", ".build-stamp");
// patches/ too: the bundle carries the patched postgres.js, and a new patch changes no lock file;
// this script too, for its bundle options.
const inputs = ["src", "seeds", "patches", "scripts/build-if-stale.mjs", "tsconfig.json", "tsconfig.build.json", "package-lock.json"];

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

process.stderr.write("Building dist/ (tsc, then esbuild): the sources changed since the last build\n");
const tsc = require.resolve("typescript/bin/tsc");
try {
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
} catch {
  process.exit(1);
}

const bundleDir = path.join(root, "dist", "bundle");
rmSync(bundleDir, { recursive: true, force: true });
const { outputFiles } = require("esbuild").buildSync({
  entryPoints: ["dist/src/index.js", "dist/src/db/create-pglite.js", "dist/src/auth/token-cli.js"].map((file) => path.join(root, file)),
  // Flat, so that `fork(path.join(__dirname, "create-pglite.js"))` finds its sibling in either layout.
  entryNames: "[name]",
  outdir: bundleDir,
  bundle: true,
  platform: "node",
  target: "node20",
  // Without comments and indentation the source V8 keeps in memory is 5.2 MB instead of 7.3.
  minifyWhitespace: true,
  sourcemap: "linked",
  charset: "ascii",
  // @apollo/utils.createhash uses Node's crypto only when `module.require` exists, which a bundled
  // module lacks: bundled, Apollo would hash every document with sha.js, in JavaScript.
  external: ["@electric-sql/pglite", "ioredis", "graphiql", "react", "react-dom", "@apollo/utils.createhash"],
  logLevel: "warning",
  write: false,
});
mkdirSync(bundleDir, { recursive: true });
for (const file of outputFiles) {
  // V8 holds a script's source as one string, of two bytes a character as soon as a single
  // character is not Latin-1: esbuild leaves non-ASCII characters in regular expressions and
  // comments, which made the 7 MB bundle a 15 MB string (13 MiB more idle RSS than tsc's
  // output). Escaped, it stays one byte a character; \uXXXX means the same in both places.
  const text = file.path.endsWith(".js") ? file.text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : file.text;
  writeFileSync(file.path, text);
}
// The scoreboard page's script and stylesheet (src/web/client) into dist/web/, by the function
// jest's global setup calls too, compiled by tsc above.
require(path.join(root, "dist", "src", "web", "build-client.js")).buildScoreboardClient(root);
writeFileSync(stampFile, stamp);
