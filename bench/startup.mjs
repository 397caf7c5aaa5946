// Start-up timings on a fresh clone, as a new user meets them (README's two commands):
//   1. `npm ci` in a fresh `git clone` of this repository's HEAD (not timed against a target:
//      it downloads nothing here, but builds dist/ through the `prepare` script);
//   2. `npm start` on a fresh clone: seconds until the first GraphQL answer (creating, migrating
//      and seeding ./data included);
//   3. `npm start` again on the same ./data (a restart), median of --restarts runs;
//   4. `npm run token -- --role COORDINATOR`, median of --tokens runs.
// Targets (issue: the first five minutes): first answer within 15 s, a restart within 3 s, a
// token within 1 s. Usage: node bench/startup.mjs [--restarts 3] [--tokens 5] [--keep]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const restarts = option("restarts", 3);
const tokens = option("tokens", 5);
const keep = process.argv.includes("--keep");

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => Number((ms / 1000).toFixed(2));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** This environment without NODE_ENV: the service runs with its own default, as a new user's would. */
const { NODE_ENV: _nodeEnv, ...userEnv } = process.env;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Runs a command to its end; its wall time in ms. */
function timed(command, args, cwd) {
  const started = performance.now();
  execFileSync(command, args, { cwd, stdio: ["ignore", "ignore", "inherit"], env: userEnv });
  return performance.now() - started;
}

/** `npm start` until its first GraphQL answer with data; the ms it took, then stops it (SIGTERM to the group). */
async function firstAnswer(clone) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn("npm", ["start"], { cwd: clone, env: { ...userEnv, PORT: String(port) }, detached: true, stdio: "ignore" });
  let exited = false;
  child.once("exit", () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error("npm start exited before answering");
      if (performance.now() - started > 120_000) throw new Error("no answer within 120 s");
      try {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: '{ partnership(code: "EU-BY") { code } }' }),
        });
        const body = await response.json();
        if (body?.data?.partnership?.code === "EU-BY") return performance.now() - started;
      } catch {
        // Not listening yet.
      }
      await sleep(50);
    }
  } finally {
    if (!exited) process.kill(-child.pid, "SIGTERM");
    while (!exited) await sleep(50);
  }
}

const scratch = mkdtempSync(path.join(tmpdir(), "mobility-plan-startup-"));
const clone = path.join(scratch, "clone");
try {
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  execFileSync("git", ["clone", "--quiet", root, clone]);
  const install = timed("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], clone);
  const first = await firstAnswer(clone);
  const restartRuns = [];
  for (let i = 0; i < restarts; i++) restartRuns.push(await firstAnswer(clone));
  const tokenRuns = [];
  for (let i = 0; i < tokens; i++) tokenRuns.push(timed("npm", ["run", "--silent", "token", "--", "--role", "COORDINATOR"], clone));
  const result = {
    date: new Date().toISOString(),
    commit,
    "npm ci (s, includes the build)": seconds(install),
    "first answer on a fresh clone (s)": seconds(first),
    "restart (s, median)": seconds(median(restartRuns)),
    restarts: restartRuns.map(seconds),
    "token (s, median)": seconds(median(tokenRuns)),
    tokens: tokenRuns.map(seconds),
  };
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(path.join(root, "bench", "results", `startup-${result.date.slice(0, 19).replace(/:/g, "")}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  if (!keep) rmSync(scratch, { recursive: true, force: true });
}
