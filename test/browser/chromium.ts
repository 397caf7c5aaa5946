import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium (apt-get install chromium; .ci/run installs it when missing): nothing is downloaded. */
export const CHROMIUM = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium)`);
  // Playwright starts it without its sandbox (chromiumSandbox: false), which running as root needs.
  return chromium.launch({ executablePath: CHROMIUM });
}

/**
 * Lets the page reach `allowedOrigins` only: every request to another host is recorded and
 * aborted, so a test can show that none was attempted.
 */
export async function confineTo(page: Page, allowedOrigins: string[]): Promise<string[]> {
  const elsewhere: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (allowedOrigins.includes(new URL(url).origin)) return route.continue();
    elsewhere.push(url);
    return route.abort("blockedbyclient");
  });
  return elsewhere;
}

/** A second web server on another port, as a frontend on another origin would be. */
export async function servePage(html: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
