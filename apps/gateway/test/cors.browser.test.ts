// CORS in a real browser: a dashboard page on an allowed origin (CORS_ORIGINS) calls the graph with
// a bearer token and an access reason and reads the answer; the same page on another origin is
// stopped by the browser at the preflight, and its request never reaches the graph.
//
// Needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium). Without it the browser
// part is skipped on a workstation, and fails when CI is set.
import type { Database } from "@popfam/db";
import { testDatabaseTargets } from "@popfam/db/testing";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./kit.js";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
const WAIT_MS = 30_000;
const hasChromium = existsSync(CHROMIUM);
const skip = !hasChromium && !process.env.CI;
const skipNote = skip ? ` (skipped: ${CHROMIUM} is missing; install Debian's chromium package to run it)` : "";

/** A page server on its own port of 127.0.0.1: another origin than the gateway's. */
async function pageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.end(`<!doctype html><html><head><meta charset="utf-8"><title>区县看板</title><link rel="icon" href="data:,"></head><body>dashboard</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("CORS", () => {
  let db: Database;
  let t: TestGateway;
  let allowed: { server: Server; origin: string };
  let other: { server: Server; origin: string };
  const seen: { method: string; origin: string | undefined }[] = [];
  beforeAll(async () => {
    [allowed, other] = [await pageServer(), await pageServer()];
    db = await testDatabaseTargets()[0]!.open();
    t = await startTestGateway({ db, env: { CORS_ORIGINS: `https://dashboard.example.gov.cn, ${allowed.origin}` } });
    t.gateway.server.on("request", (request) => seen.push({ method: request.method ?? "", origin: request.headers.origin }));
  });
  afterAll(async () => {
    await t?.close();
    await db?.close();
    for (const page of [allowed, other]) await new Promise((resolve) => page?.server.close(resolve));
  });

  const preflight = (origin: string) =>
    fetch(t.gateway.url, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type,x-access-reason" },
    });

  it("answers an allowed origin's preflight with the headers it may send, and another origin's with no CORS headers", async () => {
    const yes = await preflight(allowed.origin);
    expect(yes.status).toBe(204);
    expect(yes.headers.get("access-control-allow-origin")).toBe(allowed.origin);
    expect(yes.headers.get("access-control-allow-headers")?.toLowerCase().split(",")).toEqual(
      expect.arrayContaining(["authorization", "content-type", "x-access-reason"]),
    );
    expect(yes.headers.get("access-control-allow-methods")).toContain("POST");
    expect(yes.headers.get("vary")).toContain("Origin");

    const no = await preflight(other.origin);
    expect([...no.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    expect(no.headers.get("vary")).toContain("Origin");

    const post = await fetch(t.gateway.url, { method: "POST", headers: { origin: other.origin, "content-type": "application/json" }, body: JSON.stringify({ query: "{ me { subject } }" }) });
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
    expect(post.headers.get("vary")).toContain("Origin");
    await post.body?.cancel();
    await expect(startTestGateway({ db, env: { CORS_ORIGINS: "https://dashboard.example.gov.cn/" } })).rejects.toThrow(/CORS_ORIGINS/);
  });

  it.skipIf(skip)(
    `lets a page of an allowed origin call the graph with a token and an access reason, and the browser blocks another origin${skipNote}`,
    async () => {
      if (!hasChromium) throw new Error(`CI is set but ${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
      let browser: Browser | undefined;
      try {
        browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: WAIT_MS });
        const token = await t.token({ kind: "vendor", role: "VENDOR", subject: "dashboard-app", jurisdiction: "320722" });
        const call = async (origin: string) => {
          const page = await browser!.newPage();
          page.setDefaultTimeout(WAIT_MS);
          await page.goto(`${origin}/`);
          const result = await page.evaluate(
            async ({ url, token }) => {
              try {
                const response = await fetch(url, {
                  method: "POST",
                  headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-access-reason": encodeURIComponent("入户核查") },
                  body: JSON.stringify({ query: "{ me { subject kind } }" }),
                });
                return { status: response.status, body: (await response.json()) as unknown, remaining: response.headers.get("ratelimit-remaining"), error: null };
              } catch (error) {
                return { status: 0, body: null, remaining: null, error: String(error) };
              }
            },
            { url: t.gateway.url, token },
          );
          await page.close();
          return result;
        };

        seen.length = 0;
        const ok = await call(allowed.origin);
        expect(ok.error).toBeNull();
        expect(ok.status).toBe(200);
        expect(ok.body).toMatchObject({ data: { me: { subject: "dashboard-app", kind: "vendor" } } });
        // The quota headers are exposed to the page.
        expect(Number(ok.remaining)).toBeGreaterThan(0);
        expect(seen.filter((r) => r.origin === allowed.origin).map((r) => r.method)).toEqual(["OPTIONS", "POST"]);

        seen.length = 0;
        const blocked = await call(other.origin);
        expect(blocked.status).toBe(0);
        expect(blocked.error).toMatch(/Failed to fetch/);
        // Only the preflight reached the gateway: the request itself was never sent.
        expect(seen.filter((r) => r.origin === other.origin).map((r) => r.method)).toEqual(["OPTIONS"]);
      } finally {
        await browser?.close().catch(() => {});
      }
    },
    120_000,
  );
});
