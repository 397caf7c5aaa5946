import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { staticFiles } from "../http/static-files";
import { sendError } from "../lib/http";

/**
 * The scoreboard: a page for people at `/` (the plan, a measure, the money, the statistics),
 * built on the public GraphQL API with the page's own trusted documents (./documents.ts).
 * Its script and stylesheet are bundled by the build into dist/web/ (./build-client.ts) and
 * served from there: no CDN, and the Content-Security-Policy lets the page load and call
 * nothing but this server, with no inline script or style.
 */

/** Where the page's files are served. */
export const SCOREBOARD_ASSETS_PATH = "/scoreboard";

const FILES: Record<string, string> = {
  "scoreboard.js": "text/javascript; charset=utf-8",
  "scoreboard.css": "text/css; charset=utf-8",
};

/** connect-src 'self' covers ws(s):// to this host as well (CSP Level 3): the page's live updates need no more. */
export const SCOREBOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const PAGE_HTML = `<!doctype html>
<html lang="en" data-endpoint="/graphql" data-partnership="EU-BY">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mobility partnership scoreboard</title>
<link rel="stylesheet" href="${SCOREBOARD_ASSETS_PATH}/scoreboard.css">
<script defer src="${SCOREBOARD_ASSETS_PATH}/scoreboard.js"></script>
</head>
<body>
<div id="app"><main><h1>Mobility partnership scoreboard</h1><p>Loading… (the page needs JavaScript)</p></main></div>
</body>
</html>
`;

/** The project's root: the nearest directory above this file with the project's package.json (src/web or dist/bundle). */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "mobility-plan") return dir;
    if (path.dirname(dir) === dir) throw new Error(`No mobility-plan package.json above ${__dirname}`);
  }
}

export function scoreboard() {
  const webDir = path.join(projectRoot(), "dist", "web");
  const { load, send } = staticFiles({ vary: "Accept-Encoding" });

  return {
    page(req: IncomingMessage, res: ServerResponse): void {
      res.setHeader("content-security-policy", SCOREBOARD_CONTENT_SECURITY_POLICY);
      res.setHeader("referrer-policy", "no-referrer");
      send(req, res, load("", "text/html; charset=utf-8", () => PAGE_HTML));
    },
    /** One of the page's files, by name; false when there is none of that name. */
    asset(req: IncomingMessage, res: ServerResponse, name: string): boolean {
      const type = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
      if (type === undefined) return false;
      const file = path.join(webDir, name);
      if (!existsSync(file)) {
        sendError(res, 503, `The scoreboard's ${name} is not built: run npm run build`, "SERVICE_UNAVAILABLE");
        return true;
      }
      send(req, res, load(name, type, () => readFileSync(file)));
      return true;
    },
  };
}
