import { mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, defaultConcurrency, loadConfig } from "../src/env.js";

describe("configuration", () => {
  it("reports every bad variable at once, cross-variable rules included", () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: "production", PORT: "abc", BIRTH_REPORT_WINDOW_DAYS: "45" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/^PORT:/m);
    expect(problems).toMatch(/^BIRTH_REPORT_WINDOW_DAYS:/m);
    expect(problems).toMatch(/^JWT_SECRET: is required in production/m);
  });

  it("refuses the development principal in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production", JWT_SECRET: "x".repeat(32), ALLOW_DEVELOPMENT_PRINCIPAL: "true" })).toThrow(/ALLOW_DEVELOPMENT_PRINCIPAL/);
    expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: "x".repeat(32) }).auth.allowDevelopmentPrincipal).toBe(false);
    expect(loadConfig({}).auth.allowDevelopmentPrincipal).toBe(true);
  });

  it("takes WORKERS as a number or auto, only with a database server, and shares the cores among them", () => {
    const db = { DATABASE_URL: "postgresql://127.0.0.1/popfam" };
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ ...db, WORKERS: "auto" }).workers).toBe(availableParallelism());
    expect(() => loadConfig({ ...db, WORKERS: "0" })).toThrow(/WORKERS: a number of processes from 1 to 64, or auto/);
    expect(() => loadConfig({ WORKERS: "2" })).toThrow(/WORKERS: more than one process needs DATABASE_URL/);
    // Sixteen requests at a time per core a process has, four per pool connection at most: 2
    // workers on 4 cores run 32 each, on 2 cores 16 each; a pool of 3 holds 12.
    expect(defaultConcurrency(10, 4, 2)).toBe(32);
    expect(defaultConcurrency(10, 2, 2)).toBe(16);
    expect(defaultConcurrency(3, 8, 1)).toBe(12);
  });

  it("reads the upstreams from the environment and a file, and names a bad setting beside the others", () => {
    const file = join(mkdtempSync(join(tmpdir(), "popfam-env-")), "upstreams.json");
    writeFileSync(file, JSON.stringify({ BIRTH_REGISTRATION: { url: "https://sy.example.gov.cn/api", token: "from-the-file" } }));
    const config = loadConfig({ UPSTREAMS_FILE: file, UPSTREAM_POPULATION_REGISTRY_URL: "https://rk.example.gov.cn/api" });
    expect(Object.keys(config.upstreams).sort()).toEqual(["BIRTH_REGISTRATION", "POPULATION_REGISTRY"]);
    expect(config.upstreams.BIRTH_REGISTRATION).toMatchObject({ token: "from-the-file", timeoutMs: 2000 });
    expect(loadConfig({}).upstreams).toEqual({});

    const problems = (() => {
      try {
        loadConfig({ PORT: "abc", UPSTREAM_URL: "http://127.0.0.1:4100", UPSTREAM_TIMEOUT_MS: "soon", UPSTREAMS_FILE: join(tmpdir(), "no-such-file.json") });
      } catch (e) {
        return (e as ConfigError).problems.join("\n");
      }
      return "";
    })();
    expect(problems).toMatch(/^PORT:/m);
    expect(problems.match(/^UPSTREAM_TIMEOUT_MS:/gm)).toHaveLength(1);
    expect(problems).toMatch(/^UPSTREAMS_FILE:/m);
  });
});
