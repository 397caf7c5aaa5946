import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { scoreboardDocumentIds, scoreboardManifest } from "./manifest";

/**
 * Bundles the scoreboard page (src/web/client, Preact + TSX) with esbuild into
 * `<root>/dist/web/`: scoreboard.js, scoreboard.css and trusted-documents.json (the page's
 * operations as a manifest). One function for both callers: the build
 * (scripts/build-if-stale.mjs, via tsc's output) and jest's global setup, so that a test never
 * runs against a stale bundle. About 0.1 s.
 *
 * The page gets its operations' ids through `define`, never their texts: it cannot send a query
 * that is not a trusted document.
 */
export function buildScoreboardClient(root: string): { outdir: string } {
  const outdir = path.join(root, "dist", "web");
  // esbuild is a devDependency, loaded only when building: the server never needs it.
  const esbuild = require("esbuild") as typeof import("esbuild");
  const { outputFiles } = esbuild.buildSync({
    entryPoints: { scoreboard: path.join(root, "src", "web", "client", "main.tsx") },
    outdir,
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    minify: true,
    sourcemap: false,
    charset: "utf8",
    legalComments: "none",
    define: { SCOREBOARD_DOCUMENT_IDS: JSON.stringify(scoreboardDocumentIds()) },
    logLevel: "warning",
    write: false,
  });
  mkdirSync(outdir, { recursive: true });
  for (const file of outputFiles) writeFileSync(file.path, file.contents);
  writeFileSync(path.join(outdir, "trusted-documents.json"), `${JSON.stringify(scoreboardManifest(), null, 2)}\n`);
  return { outdir };
}
