// Tokens expire: no `exp`, a lifetime over MAX_TOKEN_LIFETIME, or an `iat` ahead of the clock beyond
// the skew allowance is refused; the token CLI will not mint what the gateway would refuse.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import { signToken, TokenError, verifyToken } from "../src/auth/tokens.js";
import { loadConfig } from "../src/env.js";

const config = loadConfig({ JWT_SECRET: "test-secret-of-at-least-thirty-two-characters" });
const key = new TextEncoder().encode(config.auth.secret);
const now = Math.floor(Date.now() / 1000);

function mint(times: { iat?: number; exp?: number }) {
  const jwt = new SignJWT({ role: "OFFICER", jurisdiction: "320722", scope: "" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("alice")
    .setIssuer(config.auth.issuer)
    .setAudience(config.auth.audience);
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(key);
}

const refusal = (token: Promise<string>) =>
  token.then((t) => verifyToken(config.auth, t)).then(
    () => null,
    (error: unknown) => (error instanceof TokenError ? error.message : `not a TokenError: ${String(error)}`),
  );

describe("token lifetime", () => {
  it("defaults to a 12-hour maximum", () => {
    expect(config.auth.maxTokenLifetimeSeconds).toBe(12 * 3600);
    expect(loadConfig({ MAX_TOKEN_LIFETIME: "30m" }).auth.maxTokenLifetimeSeconds).toBe(1800);
    expect(() => loadConfig({ MAX_TOKEN_LIFETIME: "forever" })).toThrow(/MAX_TOKEN_LIFETIME/);
  });

  it("accepts a token within the maximum, and one issued a little ahead of our clock", async () => {
    expect(await refusal(mint({ iat: now, exp: now + 12 * 3600 }))).toBeNull();
    expect(await refusal(mint({ iat: now + 30, exp: now + 3600 }))).toBeNull();
    expect(await refusal(signToken(config.auth, { subject: "a", role: "OFFICER", jurisdiction: "320722" }))).toBeNull();
  });

  it("refuses a token without exp or iat, one living longer than the maximum, and one issued in the future", async () => {
    expect(await refusal(mint({ iat: now }))).toMatch(/no exp/);
    expect(await refusal(mint({ exp: now + 600 }))).toMatch(/no iat/);
    expect(await refusal(mint({ iat: now, exp: now + 12 * 3600 + 1 }))).toMatch(/longer than the 43200 s allowed/);
    expect(await refusal(mint({ iat: now - 3600, exp: now + 365 * 86400 }))).toMatch(/MAX_TOKEN_LIFETIME/);
    expect(await refusal(mint({ iat: now + 300, exp: now + 3600 }))).toMatch(/issued in the future/);
    expect(await refusal(mint({ iat: now - 7200, exp: now - 3600 }))).toMatch(/expired/);
  });

  it("keeps a verified token's principal until the token expires, and no longer", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: now * 1000 });
    try {
      const token = await mint({ iat: now, exp: now + 60 });
      expect((await verifyToken(config.auth, token)).subject).toBe("alice");
      // From the cache: the same principal, without a second verification.
      expect(await verifyToken(config.auth, token)).toBe(await verifyToken(config.auth, token));
      vi.setSystemTime((now + 61) * 1000);
      expect(await refusal(Promise.resolve(token))).toMatch(/expired/);
      // Another configuration (another secret) verifies for itself.
      const other = loadConfig({ JWT_SECRET: "another-secret-of-at-least-thirty-two-characters" });
      vi.setSystemTime(now * 1000);
      await expect(verifyToken(other.auth, token)).rejects.toThrow(/not valid/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("will not sign, nor will the CLI mint, a token longer than the maximum", async () => {
    await expect(signToken(config.auth, { subject: "a", role: "OFFICER", jurisdiction: "320722", expiresIn: "13h" })).rejects.toThrow(/at most 43200 s/);
    const gatewayDir = new URL("..", import.meta.url).pathname;
    const tsx = join(gatewayDir, "..", "..", "node_modules", ".bin", "tsx");
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(tsx, ["src/cli/token.ts", "--jurisdiction", "320722", ...args], { cwd: gatewayDir, env: { ...process.env, JWT_SECRET: config.auth.secret, ...env }, encoding: "utf8" });
    const refused = run(["--expires", "13h"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/longer than MAX_TOKEN_LIFETIME/);
    const shorter = run(["--expires", "2h"], { MAX_TOKEN_LIFETIME: "1h" });
    expect(shorter.status).toBe(2);
    const minted = run([], { MAX_TOKEN_LIFETIME: "1h" });
    expect(minted.status).toBe(0);
    const principal = await verifyToken({ ...config.auth, maxTokenLifetimeSeconds: 3600 }, minted.stdout.trim());
    expect(principal.jurisdiction).toBe("320722");
  }, 60_000);
});
