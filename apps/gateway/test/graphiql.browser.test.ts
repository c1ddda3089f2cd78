// GraphiQL in a real browser: the page the gateway serves at /graphql renders from the gateway's own
// assets (intranets have no CDN) and runs its example query against the graph.
//
// Needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium). Without it the test
// is skipped on a workstation, and fails when CI is set.
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./kit.js";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
/** Every wait in the browser is bounded by this. */
const WAIT_MS = 30_000;

const hasChromium = existsSync(CHROMIUM);
const inCI = Boolean(process.env.CI);
const skip = !hasChromium && !inCI;
const skipNote = skip ? ` (skipped: ${CHROMIUM} is missing; install Debian's chromium package to run it)` : "";

interface ExampleAnswer {
  data?: {
    region: {
      name: string;
      indicators: { code: string; value: number | null }[];
      children: { totalCount: number; edges: unknown[] };
    } | null;
  } | null;
  errors?: { message: string }[];
}

describe("GraphiQL in a browser", () => {
  it.skipIf(skip)(
    `renders from the gateway's own assets and runs the example query${skipNote}`,
    async () => {
      if (!hasChromium) {
        throw new Error(`CI is set but ${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
      }
      let t: TestGateway | undefined;
      let browser: Browser | undefined;
      const shots = mkdtempSync(join(tmpdir(), "popfam-graphiql-"));
      try {
        t = await startTestGateway();
        const origin = new URL(t.gateway.url);
        browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: WAIT_MS });
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
        const page = await context.newPage();
        page.setDefaultTimeout(WAIT_MS);
        page.setDefaultNavigationTimeout(WAIT_MS);

        const requests: string[] = [];
        const failures: string[] = [];
        const consoleErrors: string[] = [];
        context.on("request", (request) => requests.push(request.url()));
        context.on("requestfailed", (request) => failures.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`));
        context.on("response", (response) => {
          if (response.status() >= 400) failures.push(`${response.url()}: HTTP ${response.status()}`);
        });
        page.on("console", (message) => {
          if (message.type() !== "error") return;
          const source = message.location().url;
          consoleErrors.push(source ? `${message.text()} (${source})` : message.text());
        });
        page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));

        const page200 = await page.goto(t.gateway.url, { waitUntil: "load" });
        expect(page200?.status()).toBe(200);
        expect(page200?.headers()["content-type"]).toContain("text/html");
        expect(await page.title()).toBe("人口监测与家庭发展 GraphQL");
        // After "load" every stylesheet and script has been fetched and run.
        expect(failures, "requests of the page that failed").toEqual([]);
        expect(consoleErrors, "errors logged while the page loaded").toEqual([]);

        // The editor, with the example query in it.
        await page.locator(".graphiql-container").waitFor({ state: "visible" });
        const editor = page.locator(".graphiql-query-editor .CodeMirror");
        await editor.waitFor({ state: "visible" });
        await page.locator(".graphiql-query-editor").filter({ hasText: "query CountyDashboard" }).waitFor({ state: "visible" });

        // Run it with the execute button, as a person would.
        const answer = page.waitForResponse(
          (response) =>
            response.url() === t!.gateway.url && response.request().method() === "POST" && (response.request().postData() ?? "").includes("CountyDashboard"),
          { timeout: WAIT_MS },
        );
        await page.locator(".graphiql-execute-button").click();
        const response = await answer;
        expect(response.status()).toBe(200);
        const body = (await response.json()) as ExampleAnswer;
        expect(body.errors).toBeUndefined();
        expect(body.data?.region?.name).toBe("东海县");
        expect(body.data?.region?.indicators.length).toBeGreaterThan(0);
        expect(body.data?.region?.children.totalCount).toBeGreaterThan(0);

        // The answer shows in the result pane.
        await page.locator(".graphiql-response .result-window").filter({ hasText: "东海县" }).filter({ hasText: "indicators" }).waitFor({ state: "visible" });

        const shot = join(shots, "graphiql.png");
        await page.screenshot({ path: shot, timeout: WAIT_MS });
        expect(statSync(shot).size).toBeGreaterThan(0);

        // Nothing left 127.0.0.1: no CDN, no fonts, no telemetry.
        expect(origin.hostname).toBe("127.0.0.1");
        const offHost = requests.filter((url) => {
          const parsed = new URL(url);
          return parsed.protocol !== "data:" && parsed.protocol !== "blob:" && parsed.hostname !== origin.hostname;
        });
        expect(offHost).toEqual([]);
        for (const asset of ["graphiql.css", "react.js", "react-dom.js", "graphiql.js"]) {
          expect(requests).toContain(new URL(`/graphiql/${asset}`, origin).href);
        }
        expect(failures, "requests of the page that failed").toEqual([]);
        expect(consoleErrors, "errors logged by the page").toEqual([]);
      } finally {
        await browser?.close().catch(() => {});
        await t?.close();
        rmSync(shots, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
