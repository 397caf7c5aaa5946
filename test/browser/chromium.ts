import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page, type WebSocketRoute } from "playwright-core";

/** Debian's chromium (apt-get install chromium; .ci/run installs it when missing): nothing is downloaded. */
export const CHROMIUM = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium)`);
  // Playwright starts it without its sandbox (chromiumSandbox: false), which running as root needs.
  return chromium.launch({ executablePath: CHROMIUM });
}

/**
 * Lets the page reach `allowedOrigins` only: every request and WebSocket to another host is
 * recorded and aborted (closed), so a test can show that none was attempted. WebSockets do not
 * pass page.route: they are routed on their own, through `relay` when one is given.
 */
export async function confineTo(page: Page, allowedOrigins: string[], relay?: SocketRelay): Promise<string[]> {
  const elsewhere: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (allowedOrigins.includes(new URL(url).origin)) return route.continue();
    elsewhere.push(url);
    return route.abort("blockedbyclient");
  });
  await page.routeWebSocket(
    () => true,
    (socket) => {
      const url = new URL(socket.url());
      const origin = `${url.protocol === "wss:" ? "https:" : "http:"}//${url.host}`;
      if (!allowedOrigins.includes(origin)) {
        elsewhere.push(socket.url());
        return socket.close();
      }
      if (relay) relay.relay(socket);
      else socket.connectToServer();
    },
  );
  return elsewhere;
}

/**
 * A page's WebSockets, relayed to the server by the test: it records the messages each way
 * (parsed), and can cut them as a server going away does (1001) and refuse new ones until reopened.
 */
export class SocketRelay {
  readonly sent: Record<string, any>[] = [];
  readonly received: Record<string, any>[] = [];
  private readonly open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  private refusing = false;

  relay(page: WebSocketRoute): void {
    if (this.refusing) return void page.close({ code: 1001, reason: "going away" });
    const pair = { page, server: page.connectToServer() };
    this.open.add(pair);
    page.onMessage((message) => {
      this.sent.push(JSON.parse(String(message)));
      pair.server.send(message);
    });
    pair.server.onMessage((message) => {
      this.received.push(JSON.parse(String(message)));
      page.send(message);
    });
    const closed = () => this.open.delete(pair);
    page.onClose((code, reason) => {
      closed();
      void pair.server.close({ code, reason });
    });
    pair.server.onClose((code, reason) => {
      closed();
      void page.close({ code, reason });
    });
  }

  /** Closes every open socket (1001, going away) and refuses new ones until `reopen()`. */
  async drop(): Promise<void> {
    this.refusing = true;
    for (const pair of [...this.open]) {
      this.open.delete(pair);
      await pair.server.close({ code: 1001, reason: "going away" });
      await pair.page.close({ code: 1001, reason: "going away" });
    }
  }

  reopen(): void {
    this.refusing = false;
  }
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
