import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/env.js";

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
});
