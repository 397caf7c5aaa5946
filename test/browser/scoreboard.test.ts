import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { scoreboardDocumentIds } from "../../src/web/manifest";
import { AUDITOR, COORDINATOR } from "../helpers/claims";
import { parseCsv } from "../helpers/csv";
import { startTestServer, type TestServer } from "../helpers/server";
import { confineTo, launchChromium, SocketRelay } from "./chromium";

/** axe-core's browser build, evaluated in the page over the DevTools protocol (the page's CSP allows no inline script). */
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Pictures of each view, for a person to look at (never committed): SCREENSHOTS_DIR=/some/dir npx
 * jest test/browser/scoreboard writes plan, measure, measure-live, money, statistics, sign-in,
 * mine (a conflict explained), downloads, and each view at 375 pixels (<name>-375).
 */
const screenshotsDir = process.env.SCREENSHOTS_DIR;
const screenshot = async (page: Page, name: string) => {
  if (screenshotsDir) await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true });
};

interface Watched {
  page: Page;
  /** Requests and WebSockets to any other origin (aborted). */
  elsewhere: string[];
  /** Bodies of the page's GraphQL requests. */
  graphql: Record<string, unknown>[];
  /** The page's WebSocket to the server, relayed: its messages, and a way to cut it. */
  socket: SocketRelay;
  pageErrors: string[];
}

/** A page of its own browser context, or a tab of `context` (which shares its cookies, not its session storage). */
async function watchedPage(owner: Browser | BrowserContext, server: TestServer, viewport = { width: 1280, height: 900 }): Promise<Watched> {
  const page = "newContext" in owner ? await owner.newPage({ viewport }) : await owner.newPage();
  await page.setViewportSize(viewport);
  const socket = new SocketRelay();
  const elsewhere = await confineTo(page, [server.origin], socket);
  const graphql: Record<string, unknown>[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/graphql") graphql.push(JSON.parse(request.postData() ?? "null"));
  });
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => message.type() === "error" && pageErrors.push(message.text()));
  return { page, elsewhere, graphql, socket, pageErrors };
}

/** The page's width once narrowed to 375 pixels (375 when nothing scrolls sideways); a screenshot of it as `<name>-375`. */
async function narrowWidth(page: Page, name: string): Promise<number> {
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, `${name}-375`);
  return page.evaluate<number>("document.documentElement.scrollWidth");
}

/** Waits until the page's live updates are connected (its footer says so). */
const liveOn = (page: Page) => page.locator("footer .live", { hasText: /^Live:/ }).waitFor();

/** Signs in on the "My measures" view with a pasted token and waits for what it shows (a ministry's measures, an auditor's downloads). */
async function signIn(page: Page, server: TestServer, token: string, heading = "My measures"): Promise<void> {
  await openView(page, server, "#/mine");
  await page.getByLabel("Token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 2, name: heading }).waitFor();
  await page.waitForFunction(loaded);
}

/** A measure's entry in the "My measures" list. */
const mineItem = (page: Page, code: string) => page.locator(".mine > li", { has: page.getByRole("heading", { name: new RegExp(`^${code}: `) }) });

const BY_MINISTRY = { sub: "minsk-desk", role: "MINISTRY", signatory: "BY" } as const;

/** The "all areas" row of the plan's matrix, once its On hold cell reads `onHold`. */
async function matrixTotals(page: Page, onHold: string): Promise<(string | undefined)[]> {
  const caption = "Number of measures in each policy area, by status";
  await page.locator("table.matrix tbody tr").last().locator("td").nth(3).filter({ hasText: new RegExp(`^${onHold}$`) }).waitFor();
  return (await tableRows(page, caption)).at(-1)!.slice(1);
}

/**
 * Runs in the page: no view is loading. (This file is compiled without the DOM's types; and a
 * string would be evaluated with eval(), which the page's CSP refuses.)
 */
const loaded = () => !(globalThis as unknown as { document: { querySelector(selector: string): unknown } }).document.querySelector("main .loading");

/** Opens a view by its address and waits until it has loaded (no "Loading…" left, no failure). */
async function openView(page: Page, server: TestServer, fragment: string): Promise<void> {
  await page.goto(`${server.origin}/${fragment}`);
  await page.locator("main h2").first().waitFor();
  await page.waitForFunction(loaded);
  const failed = await page.locator("main .failed").allTextContents();
  expect(failed).toEqual([]);
}

/** The text of a table's rows as arrays of cell texts, header cells included. */
const tableRows = (page: Page, caption: string) =>
  page
    .locator("table", { has: page.locator("caption", { hasText: caption }) })
    .first()
    .evaluate((table) => [...table.querySelectorAll("tr")].map((row) => [...row.querySelectorAll("th, td")].map((cell) => cell.textContent?.trim())));

async function axeViolations(page: Page): Promise<{ id: string; targets: string[] }[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<{ id: string; targets: string[] }[]>(`
    axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(WCAG_21_AA)} } })
      .then((result) => result.violations.map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target.join(" ")) })))
  `);
  return violations;
}

/** Every view as a visitor without a token sees it ("#/mine" is then the sign-in form). */
const VIEWS = ["#/mine", "#/plan", "#/measure/SOC-1", "#/money", "#/statistics"];

describe("the scoreboard in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the plan: the 17 measures by policy area and status, overdue first, progress per lead signatory, and no version adopted", async () => {
    const { page, elsewhere, pageErrors } = await watchedPage(browser, server);
    await openView(page, server, "#/plan");
    const matrix = await tableRows(page, "Number of measures in each policy area, by status");
    expect(matrix[0]).toEqual(["Policy area", "Proposed", "Agreed", "In progress", "On hold", "Completed", "Withdrawn", "Total"]);
    // The seed: every measure PROPOSED; 1, 0, 7, 2, 0 and 7 in the six areas.
    expect(matrix.slice(1).map((row) => [row[0]!.slice(0, 2), row[1], row[7]])).toEqual([
      ["1.", "1", "1"],
      ["2.", "0", "0"],
      ["3.", "7", "7"],
      ["4.", "2", "2"],
      ["5.", "0", "0"],
      ["6.", "7", "7"],
      ["Al", "17", "17"],
    ]);
    expect(await page.locator("#measures-heading + p").textContent()).toMatch(/^No measure is overdue: none of the 17 /);
    expect(await page.locator(".measure-list li").count()).toBe(17);
    const progress = await page.locator(".progress li").allTextContents();
    expect(progress).toEqual([
      expect.stringMatching(/^Republic of Belarus \(BY\): leads 12 measures.*completed 0, in progress 0, on hold 0, agreed 0, proposed 12$/),
      expect.stringMatching(/^European Union \(EU\): leads 7 measures.*proposed 7$/),
    ]);
    expect(await page.locator("#version-heading + p").textContent()).toMatch(/^No version of the action plan has been adopted yet/);
    await screenshot(page, "plan");
    expect(pageErrors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });

  it("a measure: SOC-1's text, lead and contributor, status timeline, notes, agreements; reached from the plan by keyboard", async () => {
    const { page, elsewhere, pageErrors } = await watchedPage(browser, server);
    await openView(page, server, "#/plan");
    await page.getByRole("link", { name: /^SOC-1 / }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 3, name: /^SOC-1: / }).waitFor();
    expect(page.url()).toBe(`${server.origin}/#/measure/SOC-1`);
    // The view's start has the focus, so the keyboard goes on from there.
    expect(await page.evaluate("document.activeElement?.id")).toBe("content");
    const facts = await page.locator("article .facts").allTextContents();
    expect(facts.join(" ")).toMatch(/StatusProposed.*DeadlineNone set/);
    expect(facts.join(" ")).toMatch(/LeadRepublic of Belarus \(BY\).*ContributorsPoland \(PL\)/);
    expect(await page.locator(".timeline li").allTextContents()).toEqual([expect.stringMatching(/^13 August 2020Recorded as ProposedReason: Recommended by the policy brief\./)]);
    await page.getByText("No progress notes yet.").waitFor();
    const agreements = await page.locator("h4:has-text('Agreements') + ul li").allTextContents();
    expect(agreements).toHaveLength(3);
    expect(agreements.join("\n")).toMatch(/SSA-BY-LT/);

    // Another measure, chosen with the labelled list and the keyboard.
    await page.getByLabel("Measure").selectOption("VIS-1");
    await page.getByRole("button", { name: "Show" }).press("Enter");
    await page.getByRole("heading", { level: 3, name: /^VIS-1: / }).waitFor();
    expect(await page.locator("article .facts").first().textContent()).toMatch(/Labour migration/);
    await screenshot(page, "measure");
    expect(pageErrors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });

  it("the money: ENI's allocation of at least EUR 170 million and the project budgets by year, as a chart with the exact figures beside it", async () => {
    const { page, elsewhere, pageErrors } = await watchedPage(browser, server);
    await openView(page, server, "#/money");
    expect(await page.locator("main h3").first().textContent()).toBe("Funding by instrument and year, in EUR");
    expect(await tableRows(page, "Allocations in EUR")).toEqual([
      ["Instrument", "Period", "Amount", "As printed"],
      ["European Neighbourhood Instrument (ENI)", "1 January 2014 to 31 December 2020", "at least EUR 170,000,000.00", "over €170 million"],
    ]);
    expect(await tableRows(page, "Project budgets in EUR by instrument and year")).toEqual([
      ["Instrument", "Year", "Budget", "Committed", "Disbursed"],
      ["No instrument recorded", "2018", "EUR 7,000,000.00", "EUR 0.00", "EUR 0.00"],
      ["No instrument recorded", "2019", "EUR 4,800,000.00", "EUR 0.00", "EUR 0.00"],
      ["All projects", "EUR 11,800,000.00", "EUR 0.00", "EUR 0.00"],
    ]);
    // The chart: a bar for each figure, labelled, the largest (ENI) full length.
    const bars = await page.locator(".chart li").allTextContents();
    expect(bars).toEqual([
      "European Neighbourhood Instrument allocation, 2014–2020at least EUR 170,000,000.00",
      "No instrument recorded: project budgets, 2018EUR 7,000,000.00",
      "No instrument recorded: project budgets, 2019EUR 4,800,000.00",
    ]);
    expect(await page.locator(".chart li rect").first().getAttribute("width")).toBe("100%");
    const projects = await tableRows(page, "Each project's budgets");
    expect(projects).toHaveLength(5);
    expect(projects.find((row) => row[0]!.startsWith("Helping Belarus"))?.slice(2)).toEqual([
      "EUR 7,000,000.00 (committed, 1 October 2018; printed “7 million EUR”)",
      "None recorded",
      "None recorded",
    ]);
    await screenshot(page, "money");
    expect(pageErrors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });

  it("the statistics: Polish work permits 4870 / 10518 / 19233, tourists and visas, each figure as printed with its source", async () => {
    const { page, elsewhere, pageErrors } = await watchedPage(browser, server);
    await openView(page, server, "#/statistics");
    const polish = page.locator("article.series", { has: page.getByRole("heading", { name: "First-time work permits issued to Belarus nationals in Poland" }) });
    const rows = await polish.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((cell) => cell.textContent)));
    expect(rows.map((row) => row.slice(0, 3))).toEqual([
      ["2016", "PL", "4870"],
      ["2017", "PL", "10518"],
      ["2018", "PL", "19233"],
    ]);
    expect(rows[0]![3]).toMatch(/footnote 8, p\. 443$/);
    expect(await polish.locator(".chart .bar-value").allTextContents()).toEqual(["4,870", "10,518", "19,233"]);
    for (const title of ["Tourists from non-CIS countries visiting Belarus", "Visas issued by a Member State's consulates in Belarus"]) {
      const series = page.locator("article.series", { has: page.getByRole("heading", { name: title }) });
      expect(await series.locator(".chart li").count()).toBeGreaterThan(1);
    }
    expect(await page.locator("article.series").count()).toBe(24);
    await screenshot(page, "statistics");
    expect(pageErrors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });

  it("live: a BY ministry signs in, moves SOC-1 on hold with a reason, and another browser context showing the plan and the measure sees it without a reload", async () => {
    // The coordinator agrees SOC-1 first: a ministry may not agree a measure.
    const { measure } = await server.query(`{ measure(partnershipCode: "EU-BY", code: "SOC-1") { id version } }`);
    const agreed = await server.requestAs(COORDINATOR, `mutation($id: ID!, $v: Int!) { setMeasureStatus(input: { measureId: $id, status: AGREED, expectedVersion: $v }) { measure { version } } }`, { id: measure.id, v: measure.version });
    expect(agreed.errors).toBeUndefined();

    // Another person, in a browser context of their own, watches the plan and SOC-1.
    const elsewhereContext = await browser.newContext();
    const plan = await watchedPage(elsewhereContext, server);
    const soc1View = await watchedPage(elsewhereContext, server);
    await openView(plan.page, server, "#/plan");
    await openView(soc1View.page, server, "#/measure/SOC-1");
    expect(await matrixTotals(plan.page, "0")).toEqual(["16", "1", "0", "0", "0", "0", "17"]);
    for (const { page } of [plan, soc1View]) {
      await liveOn(page);
      await page.evaluate("window.notReloaded = true");
    }

    const desk = await watchedPage(browser, server);
    const { page } = desk;
    await openView(page, server, "#/mine");
    await screenshot(page, "sign-in");
    await signIn(page, server, await server.tokenFor(BY_MINISTRY));
    // Kept in this tab's session storage, nowhere else.
    expect(await page.evaluate('Object.keys(sessionStorage).join(",") + "|" + Object.keys(localStorage).join(",")')).toBe("scoreboard.token|");
    expect(await page.locator("main > p").first().textContent()).toMatch(/^Signed in as minsk-desk, ministry for BY\./);

    const soc1 = mineItem(page, "SOC-1");
    expect(await soc1.getByLabel("Move to").locator("option").allTextContents()).toEqual(["In progress", "On hold"]);
    await soc1.getByLabel("Move to").selectOption("ON_HOLD");
    await soc1.getByRole("button", { name: "Move" }).click();
    await soc1.getByRole("alert").filter({ hasText: "Moving SOC-1 to on hold needs a reason" }).waitFor();
    await soc1.getByLabel("Reason (required)").fill("Waiting for the Lithuanian agreement's ratification");
    await soc1.getByRole("button", { name: "Move" }).click();
    await soc1.getByRole("status").filter({ hasText: "SOC-1 is now on hold." }).waitFor();
    await soc1.locator(".meta", { hasText: "On hold · version 3" }).waitFor();
    // Sent: the move on hold; the move without a reason was stopped by the page.
    expect(desk.graphql.filter((body) => (body.variables as { input?: unknown }).input !== undefined)).toHaveLength(1);

    // The other context: the measure's status and timeline, and the plan's counts, changed in place.
    await soc1View.page.locator("article .facts", { hasText: "StatusOn hold" }).first().waitFor();
    expect((await soc1View.page.locator(".timeline li").allTextContents()).at(-1)).toMatch(/Agreed.*On hold.*Reason: Waiting for the Lithuanian agreement's ratification/);
    expect(await matrixTotals(plan.page, "1")).toEqual(["16", "0", "0", "1", "0", "0", "17"]);
    for (const watcher of [plan, soc1View]) {
      expect(await watcher.page.evaluate("window.notReloaded")).toBe(true);
      // What came over the socket: the two subscriptions by id, and the change.
      expect(watcher.socket.sent.filter((message) => message.type === "subscribe").map((message) => Object.keys(message.payload).sort())).toEqual([
        ["documentId", "query", "variables"],
        ["documentId", "query", "variables"],
      ]);
      expect(watcher.socket.received.filter((message) => message.type === "next")).toHaveLength(1);
    }
    await screenshot(soc1View.page, "measure-live");
    for (const watched of [desk, plan, soc1View]) {
      expect(watched.pageErrors).toEqual([]);
      expect(watched.elsewhere).toEqual([]);
    }
    await page.close();
    await elsewhereContext.close();
  });

  it("a conflict made by a second tab: tab 1 began a move, tab 2 made one first, tab 1 sees it arrive and its move refused, explained with the current state", async () => {
    const context = await browser.newContext();
    const [tab1, tab2] = [await watchedPage(context, server), await watchedPage(context, server)];
    // Session storage is per tab: the person signs in on each.
    const token = await server.tokenFor(BY_MINISTRY);
    for (const { page } of [tab1, tab2]) {
      await signIn(page, server, token);
      await liveOn(page);
    }
    // Tab 1 begins to resume SOC-1 (on hold, version 3) and writes a note.
    const inTab1 = mineItem(tab1.page, "SOC-1");
    await inTab1.locator(".meta", { hasText: "On hold · version 3" }).waitFor();
    await inTab1.getByLabel("Move to").selectOption("IN_PROGRESS");
    await inTab1.getByLabel(/^Reason/).fill("The agreement is ratified");
    // Tab 2 resumes it first.
    const inTab2 = mineItem(tab2.page, "SOC-1");
    await inTab2.getByLabel("Move to").selectOption("IN_PROGRESS");
    await inTab2.getByRole("button", { name: "Move" }).click();
    await inTab2.getByRole("status").filter({ hasText: "SOC-1 is now in progress." }).waitFor();

    // Tab 1 shows the new state as it arrives; the move begun there is kept as it was begun.
    await inTab1.locator(".meta", { hasText: "In progress · version 4" }).waitFor();
    expect(await inTab1.getByLabel(/^Reason/).inputValue()).toBe("The agreement is ratified");
    await inTab1.getByRole("button", { name: "Move" }).click();
    const conflict = inTab1.getByRole("alert");
    await conflict.waitFor();
    expect(await conflict.textContent()).toBe(
      "Your move of SOC-1 to in progress was not made: someone else changed the measure after you began this move. It is now in progress (version 4): look at it and choose again.",
    );
    // The form starts again from the current state.
    expect(await inTab1.getByLabel(/^Reason/).inputValue()).toBe("");
    const moves = (watched: { graphql: Record<string, unknown>[] }) => watched.graphql.filter((body) => (body.variables as { input?: unknown }).input !== undefined);
    expect(moves(tab1).map((body) => (body.variables as { input: { expectedVersion: number } }).input.expectedVersion)).toEqual([3]);
    expect(moves(tab2)).toHaveLength(1);
    expect(await axeViolations(tab1.page)).toEqual([]);
    await screenshot(tab1.page, "mine");
    expect(await narrowWidth(tab1.page, "mine")).toBe(375);
    for (const watched of [tab1, tab2]) {
      expect(watched.pageErrors).toEqual([]);
      expect(watched.elsewhere).toEqual([]);
    }
    await context.close();
  });

  it("after its socket drops, the page reconnects and resubscribes after its last cursor: a change made meanwhile is shown", async () => {
    const watcher = await watchedPage(browser, server);
    const { page, socket } = watcher;
    await openView(page, server, "#/measure/SOC-1");
    await liveOn(page);
    const { measure } = await server.query(`{ measure(partnershipCode: "EU-BY", code: "SOC-1") { id version } }`);
    const move = async (status: string, version: number) => {
      const moved = await server.requestAs(BY_MINISTRY, `mutation($id: ID!, $v: Int!, $s: MeasureStatus!) { setMeasureStatus(input: { measureId: $id, status: $s, expectedVersion: $v, reason: "Checked" }) { measure { version } } }`, {
        id: measure.id,
        v: version,
        s: status,
      });
      expect(moved.errors).toBeUndefined();
    };
    await move("ON_HOLD", measure.version);
    await page.locator("article .facts", { hasText: "StatusOn hold" }).first().waitFor();
    const deliveries = socket.received.filter((message) => message.type === "next");
    expect(deliveries).toHaveLength(1);
    const cursor = deliveries[0]!.payload.data.measureChanged.cursor as string;

    // The server goes away; while the page is cut off, SOC-1 is resumed.
    await socket.drop();
    await page.locator("footer .live", { hasText: /^Live updates interrupted/ }).waitFor();
    await move("IN_PROGRESS", measure.version + 1);
    socket.reopen();
    await page.locator("article .facts", { hasText: "StatusIn progress" }).first().waitFor();
    await liveOn(page);
    const measureSubscriptions = socket.sent.filter((message) => message.type === "subscribe" && message.payload.documentId === scoreboardDocumentIds().MeasureChanges);
    expect(measureSubscriptions.map((message) => message.payload.variables.after)).toEqual([null, cursor]);
    expect(watcher.pageErrors).toEqual([]);
    expect(watcher.elsewhere).toEqual([]);
    await page.close();
  });

  it("an auditor signs in and downloads the CSV exports: each file arrives whole, with the API's header line and row count", async () => {
    // A change, so that the audit trail has a record whatever ran before.
    const { measure } = await server.query(`{ measure(partnershipCode: "EU-BY", code: "VIS-1") { id version } }`);
    const agreed = await server.requestAs(COORDINATOR, `mutation($id: ID!, $v: Int!) { setMeasureStatus(input: { measureId: $id, status: AGREED, expectedVersion: $v }) { measure { version } } }`, { id: measure.id, v: measure.version });
    expect(agreed.errors).toBeUndefined();
    const watched = await watchedPage(browser, server);
    const { page } = watched;
    const token = await server.tokenFor(AUDITOR);
    await signIn(page, server, token, "CSV downloads");
    const downloaded: Record<string, string> = {};
    for (const file of ["measures.csv", "funding-summary.csv", "audit-log.csv"]) {
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: `Download ${file}` }).click()]);
      expect(download.suggestedFilename()).toBe(file);
      downloaded[file] = readFileSync((await download.path())!, "utf8");
      await page.getByRole("status").filter({ hasText: `${file} downloaded (` }).waitFor();
    }
    // The same files as the exports serve this token, holding as many rows as the API's queries count.
    const served = async (path: string) => (await fetch(`${server.origin}/exports/${path}`, { headers: { authorization: `Bearer ${token}` } })).text();
    const counts = await server.requestAs(
      AUDITOR,
      `{ measures(filter: { partnershipCode: "EU-BY" }) { totalCount }
         fundingSummary(filter: { partnershipCode: "EU-BY" }, groupBy: [INSTRUMENT, YEAR]) { rows { year } totals { currency } }
         auditLog { totalCount } }`,
    );
    expect(counts.errors).toBeUndefined();
    const expected = {
      "measures.csv": { path: "measures.csv?partnershipCode=EU-BY", rows: counts.data!.measures.totalCount as number },
      // A row per group, then a TOTAL row per currency.
      "funding-summary.csv": {
        path: "funding-summary.csv?partnershipCode=EU-BY&groupBy=INSTRUMENT,YEAR",
        rows: (counts.data!.fundingSummary.rows as unknown[]).length + (counts.data!.fundingSummary.totals as unknown[]).length,
      },
      "audit-log.csv": { path: "audit-log.csv", rows: counts.data!.auditLog.totalCount as number },
    };
    for (const [file, { path: exportPath, rows }] of Object.entries(expected)) {
      const text = downloaded[file]!;
      const direct = await served(exportPath);
      expect({ file, header: text.slice(0, text.indexOf("\r\n")) }).toEqual({ file, header: direct.slice(0, direct.indexOf("\r\n")) });
      expect({ file, rows: parseCsv(text).length - 1 }).toEqual({ file, rows });
      expect(text).toBe(direct);
    }
    expect(expected["measures.csv"].rows).toBe(17);
    expect(expected["audit-log.csv"].rows).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "downloads");
    expect(await narrowWidth(page, "downloads")).toBe(375);
    expect(watched.pageErrors).toEqual([]);
    expect(watched.elsewhere).toEqual([]);
    await page.close();
  });

  it("axe-core finds no WCAG 2.1 AA violation on any view", async () => {
    const { page } = await watchedPage(browser, server);
    const found: Record<string, unknown> = {};
    for (const view of VIEWS) {
      await openView(page, server, view);
      found[view] = await axeViolations(page);
    }
    expect(found).toEqual(Object.fromEntries(VIEWS.map((view) => [view, []])));
    await page.close();
  });

  it("fits a 375-pixel-wide screen: no view scrolls sideways", async () => {
    const { page } = await watchedPage(browser, server, { width: 375, height: 800 });
    const widths: Record<string, number> = {};
    for (const view of VIEWS) {
      await openView(page, server, view);
      widths[view] = await narrowWidth(page, view === "#/mine" ? "sign-in" : view.split("/")[1]!);
    }
    expect(widths).toEqual(Object.fromEntries(VIEWS.map((view) => [view, 375])));
    await page.close();
  });
});

describe("the scoreboard with TRUSTED_DOCUMENTS_ONLY=true", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ env: { TRUSTED_DOCUMENTS_ONLY: "true" } }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows every view, sending document ids and never a query's text", async () => {
    const { page, elsewhere, graphql, socket, pageErrors } = await watchedPage(browser, server);
    for (const view of VIEWS) await openView(page, server, view);
    expect(await page.locator("article.series").count()).toBe(24);
    // Plan, list of measures + SOC-1, money, statistics.
    expect(graphql.length).toBe(5);
    for (const body of graphql) {
      expect(Object.keys(body).sort()).toEqual(["documentId", "variables"]);
      expect(body.documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    // Live updates too: the two subscriptions go by id over the WebSocket, with an empty query.
    await liveOn(page);
    const subscribed = socket.sent.filter((message) => message.type === "subscribe").map((message) => message.payload);
    expect(subscribed.map((payload) => payload.documentId).sort()).toEqual([scoreboardDocumentIds().MeasureChanges, scoreboardDocumentIds().PlanChanges].sort());
    expect(subscribed.map((payload) => payload.query)).toEqual(["", ""]);
    expect(pageErrors).toEqual([]);
    expect(elsewhere).toEqual([]);
    // A socket to another host would be caught like any request (and closed).
    await page.evaluate("new Promise((resolve) => { new WebSocket('ws://elsewhere.invalid/graphql').onclose = resolve; })");
    expect(elsewhere).toEqual(["ws://elsewhere.invalid/graphql"]);
    await page.close();
  });
});
