import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { staticFiles } from "../http/static-files";

/**
 * GraphiQL at /graphql for a browser, served by the service itself from npm packages (graphiql
 * 3's UMD build and React 18's), with no CDN and no request to any other host: users run the
 * service offline and behind firewalls. The packages ship their browser builds ready to load,
 * so nothing is bundled; the files are read on the first visit, not at start-up.
 *
 * The page's Content-Security-Policy lets it load and call nothing but this server, so a
 * request to another host cannot happen even by mistake.
 */

/** Where the explorer's files are served, beside /graphql (which Apollo serves). */
export const EXPLORER_ASSETS_PATH = "/explorer";

interface Asset {
  file: () => string;
  type: string;
}

const packageFile = (name: string, file: string) => () => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

const ASSETS: Record<string, Asset> = {
  "react.production.min.js": { file: packageFile("react", "umd/react.production.min.js"), type: "text/javascript; charset=utf-8" },
  "react-dom.production.min.js": { file: packageFile("react-dom", "umd/react-dom.production.min.js"), type: "text/javascript; charset=utf-8" },
  "graphiql.min.js": { file: packageFile("graphiql", "graphiql.min.js"), type: "text/javascript; charset=utf-8" },
  "graphiql.min.css": { file: packageFile("graphiql", "graphiql.min.css"), type: "text/css; charset=utf-8" },
};

const DEFAULT_QUERY = `# The EU-Belarus Mobility Partnership and its action plan.
# Docs: the book icon on the left. To sign in, put a token in the Headers tab below:
#   { "Authorization": "Bearer <npm run --silent token -- --role COORDINATOR>" }
{
  partnership(code: "EU-BY") {
    title
    signedOn
    signatories { code name }
  }
  measures(filter: { partnershipCode: "EU-BY" }, first: 5) {
    totalCount
    nodes { code title status nextStatuses }
  }
}
`;

/** Starts GraphiQL on the page: a script of its own, since the policy allows no inline script. */
const START_SCRIPT = `"use strict";
const endpoint = new URL(document.documentElement.dataset.endpoint, location.href).href;
// Subscriptions go over WebSocket to the same path (graphql-ws); the Headers tab's JSON, e.g.
// {"authorization": "Bearer <token>"}, becomes connection_init's payload.
const fetcher = GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: endpoint.replace(/^http/, "ws") });
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
    defaultEditorToolsVisibility: "headers",
    defaultHeaders: "{}",
    shouldPersistHeaders: false,
    // Deprecated arguments and input fields are in the docs too (behind "Show Deprecated
    // Arguments"): without this, GraphiQL's introspection leaves them out altogether.
    inputValueDeprecation: true,
  }),
);
`;

function pageHtml(): string {
  const asset = (name: string) => `${EXPLORER_ASSETS_PATH}/${name}`;
  return `<!doctype html>
<html lang="en" data-endpoint="/graphql">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mobility-plan · GraphQL explorer</title>
<link rel="stylesheet" href="${asset("graphiql.min.css")}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the explorer…</div>
<script src="${asset("react.production.min.js")}"></script>
<script src="${asset("react-dom.production.min.js")}"></script>
<script src="${asset("graphiql.min.js")}"></script>
<script src="${asset("start.js")}"></script>
</body>
</html>
`;
}

/**
 * Only this server: scripts and styles from its files (GraphiQL sets inline styles, and fonts and
 * icons come as data: URLs inside its stylesheet), queries to its /graphql.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** A browser asking for a page: a GET or HEAD that accepts HTML (GraphQL clients ask for JSON). */
export function wantsExplorer(req: IncomingMessage): boolean {
  return (req.method === "GET" || req.method === "HEAD") && /\btext\/html\b/i.test(req.headers.accept ?? "");
}

export function explorer() {
  // Vary on Accept too: /graphql answers a browser with the page and a client with JSON.
  const { load, send } = staticFiles({ vary: "Accept, Accept-Encoding" });

  return {
    /** The page itself, for a browser that opens /graphql. */
    page(req: IncomingMessage, res: ServerResponse): void {
      res.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
      res.setHeader("referrer-policy", "no-referrer");
      send(req, res, load("page", "text/html; charset=utf-8", pageHtml));
    },
    /** One of the page's files, by its name under EXPLORER_ASSETS_PATH; false when there is none of that name. */
    asset(req: IncomingMessage, res: ServerResponse, name: string): boolean {
      if (name === "start.js") {
        send(req, res, load(name, "text/javascript; charset=utf-8", () => START_SCRIPT));
        return true;
      }
      const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
      if (!asset) return false;
      send(req, res, load(name, asset.type, () => readFileSync(asset.file())));
      return true;
    },
  };
}
