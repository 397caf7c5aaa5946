import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";

/**
 * Files a page of the service's own is made of (the explorer's, the scoreboard's): each read
 * once, on its first request, and kept with its gzip and its ETag; served revalidated on every
 * visit (a 304 when unchanged), so an upgrade is never masked by a stale copy.
 */
export interface StaticFile {
  type: string;
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

export function staticFiles(options: { vary: string }) {
  const loaded = new Map<string, StaticFile>();
  return {
    /** The file of this name, from `content` on its first use. */
    load(name: string, type: string, content: () => string | Buffer): StaticFile {
      let file = loaded.get(name);
      if (!file) {
        const body = Buffer.from(content());
        file = { type, body, gzipped: gzipSync(body), etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
        loaded.set(name, file);
      }
      return file;
    },
    send(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
      res.setHeader("content-type", file.type);
      res.setHeader("etag", file.etag);
      res.setHeader("cache-control", "no-cache");
      res.setHeader("x-content-type-options", "nosniff");
      res.setHeader("vary", options.vary);
      if (req.headers["if-none-match"] === file.etag) {
        res.statusCode = 304;
        res.end();
        return;
      }
      const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
      const body = gzip ? file.gzipped : file.body;
      if (gzip) res.setHeader("content-encoding", "gzip");
      res.setHeader("content-length", body.length);
      res.end(req.method === "HEAD" ? undefined : body);
    },
  };
}
