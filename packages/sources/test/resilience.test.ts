// The guards of the HTTP adapters (cockatiel's policies: circuit breaker, bulkhead with a queue
// limit, timeout, retries with backoff, and the deadline over them all), their configuration, and
// the client against real HTTP servers that misbehave on cue or never answer.
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseUpstreamConfig, UpstreamClient, UpstreamError, UpstreamSettings } from "../src/index.js";

/** A stand-in provincial system on an ephemeral port of 127.0.0.1, for one describe block: its base URL, closed after the block. */
function serveUpstream(handler: RequestListener): { readonly base: string } {
  let server: Server;
  const upstream = { base: "" };
  beforeAll(async () => {
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    upstream.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/population-registry`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return upstream;
}

describe("upstream configuration", () => {
  it("serves every system from a base URL, or the listed ones; a system's own variables win", () => {
    const { config, problems } = parseUpstreamConfig({
      UPSTREAM_URL: "http://sim.local:4100/",
      UPSTREAM_SYSTEMS: "POPULATION_REGISTRY,BIRTH_CHANNELS",
      UPSTREAM_TIMEOUT_MS: "800",
      UPSTREAM_BIRTH_CHANNELS_TIMEOUT_MS: "1500",
      UPSTREAM_BIRTH_CHANNELS_TOKEN: "secret-token",
    });
    expect(problems).toEqual([]);
    expect(Object.keys(config).sort()).toEqual(["BIRTH_CHANNELS", "POPULATION_REGISTRY"]);
    expect(config.POPULATION_REGISTRY).toMatchObject({ url: "http://sim.local:4100/population-registry", timeoutMs: 800, retries: 2 });
    expect(config.BIRTH_CHANNELS).toMatchObject({ url: "http://sim.local:4100/birth-channels", timeoutMs: 1500, token: "secret-token" });
  });

  it("takes settings from a file, the environment over it, and names every bad one", () => {
    const { config, problems } = parseUpstreamConfig(
      { UPSTREAM_REGION_DIRECTORY_RETRIES: "9", UPSTREAM_POPULATION_REGISTRY_URL: "not a url", UPSTREAM_SYSTEMS: "NOPE" },
      { REGION_DIRECTORY: { url: "https://qh.example.gov.cn/api", maxConcurrency: 4 }, MONITORING_STATISTICS: { url: "https://tj.example.gov.cn" }, ELSEWHERE: {} },
    );
    expect(config.MONITORING_STATISTICS).toMatchObject({ url: "https://tj.example.gov.cn", maxConcurrency: 16 });
    expect(config.REGION_DIRECTORY).toBeUndefined();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^UPSTREAMS_FILE: ELSEWHERE is not a system/),
        expect.stringMatching(/^UPSTREAM_SYSTEMS: NOPE is not a system/),
        expect.stringMatching(/^UPSTREAM_REGION_DIRECTORY_RETRIES: /),
        expect.stringMatching(/^UPSTREAM_POPULATION_REGISTRY_URL: /),
      ]),
    );
  });
});

describe("the HTTP client against a misbehaving server", () => {
  // What the server does with each request, in turn; then it answers properly.
  let script: ("503" | "400" | "garbage" | "hang" | "ok")[] = [];
  let received = 0;

  const upstream = serveUpstream((request, response) => {
    received++;
    const step = script.shift() ?? "ok";
    if (step === "hang") return;
    if (step === "503") return response.writeHead(503).end("busy");
    if (step === "400") return response.writeHead(400).end("bad key");
    if (step === "garbage") return response.writeHead(200).end("<html>");
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const { keys } = JSON.parse(body) as { keys: unknown[] };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ results: keys.map((k) => ({ value: k })) }));
    });
  });

  const client = (overrides: Record<string, unknown> = {}) =>
    new UpstreamClient("POPULATION_REGISTRY", UpstreamSettings.parse({ url: upstream.base, backoffMs: 1, timeoutMs: 200, ...overrides }));
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  };

  it("retries a busy system and then answers", async () => {
    script = ["503", "503"];
    received = 0;
    expect(await client({ retries: 2 }).batch("personsByIds", ["a", "b"])).toEqual([{ value: "a" }, { value: "b" }]);
    expect(received).toBe(3);
  });

  it("gives up after the last retry with UPSTREAM_UNAVAILABLE naming the system", async () => {
    script = ["503", "503", "503"];
    received = 0;
    const error = await failure(client({ retries: 2 }).batch("personsByIds", ["a"]));
    expect(error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", system: "POPULATION_REGISTRY" });
    expect(received).toBe(3);
  });

  it("does not retry a refused request or a garbled answer", async () => {
    script = ["400"];
    received = 0;
    expect(await failure(client().batch("personsByIds", ["a"]))).toMatchObject({ code: "UPSTREAM_UNAVAILABLE" });
    script = ["garbage"];
    expect(await failure(client().batch("personsByIds", ["a"]))).toMatchObject({ code: "UPSTREAM_INVALID_DATA" });
    expect(received).toBe(2);
  });

  it("times out an attempt that gets no answer, retries, and reports UPSTREAM_TIMEOUT", async () => {
    script = ["hang", "hang"];
    received = 0;
    const started = performance.now();
    const error = await failure(client({ retries: 1, timeoutMs: 100 }).batch("personsByIds", ["a"]));
    expect(error.code).toBe("UPSTREAM_TIMEOUT");
    expect(received).toBe(2);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("opens its circuit after repeated failures and refuses without calling", async () => {
    const c = client({ retries: 0, failureThreshold: 2, openMs: 60_000 });
    script = ["503", "503"];
    await failure(c.batch("personsByIds", ["a"]));
    await failure(c.batch("personsByIds", ["a"]));
    received = 0;
    const refused = await failure(c.batch("personsByIds", ["a"]));
    expect(refused.message).toContain("circuit open");
    expect(received).toBe(0);
    // A refusal is not a call: the recent figures count the two that failed.
    expect(c.health()).toMatchObject({ circuit: "OPEN", recent: { calls: 2, errorRate: 1 } });
  });

  it("lets one probe through once the circuit's wait is over; its success closes the circuit", async () => {
    const c = client({ retries: 0, failureThreshold: 2, openMs: 50 });
    script = ["503", "503"];
    await failure(c.batch("personsByIds", ["a"]));
    await failure(c.batch("personsByIds", ["a"]));
    expect(c.circuit()).toBe("OPEN");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(c.circuit()).toBe("HALF_OPEN");
    received = 0;
    expect(await c.batch("personsByIds", ["a"])).toEqual([{ value: "a" }]);
    expect(received).toBe(1);
    expect(c.circuit()).toBe("CLOSED");
  });

  it("a failed probe opens the circuit again at once; a refused request (4xx) does not count against the system", async () => {
    const c = client({ retries: 0, failureThreshold: 2, openMs: 50 });
    script = ["503", "400", "503"];
    await failure(c.batch("personsByIds", ["a"]));
    await failure(c.batch("personsByIds", ["a"]));
    await failure(c.batch("personsByIds", ["a"]));
    expect(c.circuit()).toBe("OPEN");
    await new Promise((resolve) => setTimeout(resolve, 60));
    script = ["503"];
    await failure(c.batch("personsByIds", ["a"]));
    expect(c.circuit()).toBe("OPEN");
  });
});

describe("the HTTP client against a system that never answers", () => {
  let received = 0;
  const upstream = serveUpstream(() => {
    received++;
  });

  const client = (overrides: Record<string, unknown> = {}) =>
    new UpstreamClient("POPULATION_REGISTRY", UpstreamSettings.parse({ url: upstream.base, backoffMs: 1, ...overrides }));
  const settle = (calls: Promise<unknown>[]) =>
    Promise.all(calls.map((call) => call.then(() => null, (error: unknown) => error as UpstreamError)));

  it("queued calls fail by the request's deadline, not one timeout after another", async () => {
    // 16 calls through 4 slots with a 400 ms timeout: 4 waves, 1.6 s without a deadline.
    const c = client({ timeoutMs: 400, retries: 0, maxConcurrency: 4, queueLimit: 64 });
    const started = performance.now();
    const deadline = AbortSignal.timeout(500);
    const errors = await settle(Array.from({ length: 16 }, (_, i) => c.batch("personsByIds", [`k${i}`], deadline)));
    const elapsed = performance.now() - started;
    expect(errors.every((e) => e instanceof UpstreamError && e.code === "UPSTREAM_TIMEOUT")).toBe(true);
    expect(elapsed).toBeLessThan(800);
    // The queued calls never reached the system; the slots free up as the attempts time out.
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(c.health()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it("a call's own deadline (deadlineMs) bounds it outside any request too", async () => {
    const c = client({ timeoutMs: 300, retries: 5, deadlineMs: 450 });
    const started = performance.now();
    const [error] = await settle([c.batch("personsByIds", ["a"])]);
    expect(error).toMatchObject({ code: "UPSTREAM_TIMEOUT" });
    expect(performance.now() - started).toBeLessThan(700);
  });

  it("a full queue fails at once as overloaded; the waiting and the running show on health", async () => {
    const c = client({ timeoutMs: 300, retries: 0, maxConcurrency: 2, queueLimit: 2 });
    received = 0;
    const calls = Array.from({ length: 6 }, (_, i) => c.batch("personsByIds", [`k${i}`]));
    const first = await Promise.race([calls[4]!.then(() => null, (e: unknown) => e), new Promise((resolve) => setTimeout(() => resolve("still waiting"), 100))]);
    expect(first).toBeInstanceOf(UpstreamError);
    expect((first as UpstreamError).message).toContain("overloaded");
    expect(c.health()).toMatchObject({ inFlight: 2, queued: 2 });
    const errors = await settle(calls);
    expect(errors.map((e) => (e as UpstreamError).code)).toEqual(["UPSTREAM_TIMEOUT", "UPSTREAM_TIMEOUT", "UPSTREAM_TIMEOUT", "UPSTREAM_TIMEOUT", "UPSTREAM_UNAVAILABLE", "UPSTREAM_UNAVAILABLE"]);
    expect(received).toBe(4);
  });
});

describe("upstream errors as callers see them", () => {
  it("name the system and a category, never the address or the socket error (those stay in the detail, for the log)", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const c = new UpstreamClient("POPULATION_REGISTRY", UpstreamSettings.parse({ url: `http://127.0.0.1:${port}/population-registry`, retries: 1, backoffMs: 1 }));
    const error = (await c.batch("personsByIds", ["a"]).catch((e: unknown) => e)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", system: "POPULATION_REGISTRY" });
    expect(error.message).toContain("connection failed");
    expect(error.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch failed|:\d{4,5}/);
    expect(error.detail).toMatch(/ECONNREFUSED/);
    expect(error.detail).toContain(`127.0.0.1:${port}`);
  });
});
