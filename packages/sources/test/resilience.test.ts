// The guards of the HTTP adapters, each on its own: circuit breaker, concurrency cap, backoff,
// configuration, and the client's retries against a real HTTP server that misbehaves on cue.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CircuitBreaker, parseUpstreamConfig, Semaphore, UpstreamClient, UpstreamError, UpstreamSettings } from "../src/index.js";
import { backoffDelay } from "../src/http/resilience.js";

describe("the circuit breaker", () => {
  it("opens after the threshold, refuses while open, lets one probe through, and closes on its success", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 1000 }, () => now);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.current).toBe("CLOSED");
    breaker.recordFailure();
    expect(breaker.current).toBe("OPEN");
    expect(breaker.tryAcquire()).toBe(false);
    now = 999;
    expect(breaker.tryAcquire()).toBe(false);
    now = 1000;
    expect(breaker.current).toBe("HALF_OPEN");
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.current).toBe("CLOSED");
    expect(breaker.tryAcquire()).toBe(true);
  });

  it("opens again at once when the probe fails; a success in between resets the count", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 100 }, () => now);
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.current).toBe("CLOSED");
    breaker.recordFailure();
    now = 100;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.current).toBe("OPEN");
    now = 199;
    expect(breaker.tryAcquire()).toBe(false);
  });
});

describe("the concurrency cap", () => {
  it("never lets more than its limit run, and serves the waiting in order", async () => {
    const gate = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const finished: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        gate.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          finished.push(i);
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(finished).toHaveLength(12);
    expect(finished.slice(0, 3).sort()).toEqual([0, 1, 2]);
    expect(gate.inFlight).toBe(0);
  });
});

describe("backoff", () => {
  it("doubles from the first wait, with at most half again of jitter", () => {
    const settings = { retries: 3, backoffMs: 20 };
    expect([1, 2, 3].map((retry) => backoffDelay(settings, retry, () => 0))).toEqual([20, 40, 80]);
    expect([1, 2, 3].map((retry) => backoffDelay(settings, retry, () => 1))).toEqual([30, 60, 120]);
  });
});

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
  let server: Server;
  let base: string;
  // What the server does with each request, in turn; then it answers properly.
  let script: ("503" | "400" | "garbage" | "hang" | "ok")[] = [];
  let received = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
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
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/population-registry`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (overrides: Record<string, unknown> = {}) =>
    new UpstreamClient("POPULATION_REGISTRY", UpstreamSettings.parse({ url: base, backoffMs: 1, timeoutMs: 200, ...overrides }));
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
});
