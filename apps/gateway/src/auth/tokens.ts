// Bearer JWTs (HS256) carrying the principal: subject, role, jurisdiction and scopes.
import type { webcrypto } from "node:crypto";
import { jwtVerify, SignJWT, errors as joseErrors, type JWTPayload } from "jose";
import { RegionCode } from "@popfam/domain";
import { LruMap } from "../cache/lru.js";
import { z } from "zod";
import { Role, Scope, type Principal } from "./principal.js";
import { parseTimeSpan, TOKEN_CLOCK_SKEW_SECONDS, type GatewayConfig } from "../env.js";

const Claims = z.object({
  sub: z.string().min(1),
  kind: z.enum(["staff", "vendor"]).default("staff"),
  role: Role,
  /** A region code, or "*" for a nationwide principal. */
  jurisdiction: z.union([RegionCode, z.literal("*")]),
  scope: z.string().default(""),
  /** A vendor client's operator. */
  operator: z.string().min(1).max(64).optional(),
});

export class TokenError extends Error {}

export interface TokenInput {
  subject: string;
  kind?: "staff" | "vendor";
  role: Role;
  jurisdiction: string | "*";
  scopes?: Scope[];
  /** A vendor client's operator. */
  operator?: string;
  /** Lifetime: seconds, or a number and a unit (s, m, h, d), e.g. "8h"; at most the configured MAX_TOKEN_LIFETIME. */
  expiresIn?: string;
}

/** The default lifetime of a minted token: 8 hours, or the configured maximum when that is shorter. */
export const defaultLifetimeSeconds = (auth: GatewayConfig["auth"]) => Math.min(8 * 3_600, auth.maxTokenLifetimeSeconds);

export async function signToken(auth: GatewayConfig["auth"], input: TokenInput): Promise<string> {
  const lifetime = input.expiresIn === undefined ? defaultLifetimeSeconds(auth) : parseTimeSpan(input.expiresIn);
  if (lifetime === null) throw new TokenError(`the lifetime "${input.expiresIn}" is not a number of seconds or a number and a unit (s, m, h, d)`);
  if (lifetime > auth.maxTokenLifetimeSeconds) {
    throw new TokenError(`a token may live at most ${auth.maxTokenLifetimeSeconds} s (MAX_TOKEN_LIFETIME), not ${lifetime} s`);
  }
  Claims.parse({ sub: input.subject, kind: input.kind, role: input.role, jurisdiction: input.jurisdiction, scope: (input.scopes ?? []).join(" "), operator: input.operator });
  return new SignJWT({
    ...(input.operator ? { operator: input.operator } : {}),
    kind: input.kind ?? "staff",
    role: input.role,
    jurisdiction: input.jurisdiction,
    scope: (input.scopes ?? []).join(" "),
  })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(input.subject)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime(`${lifetime}s`)
    .sign(new TextEncoder().encode(auth.secret));
}

/** The HMAC key of a secret, imported once (jose would import the raw secret again for every token). */
const verificationKeys = new Map<string, Promise<webcrypto.CryptoKey>>();
function verificationKey(secret: string): Promise<webcrypto.CryptoKey> {
  let key = verificationKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    verificationKeys.set(secret, key);
  }
  return key;
}

/**
 * Tokens already verified, with their principal, until they expire: a dashboard presents the same
 * token with every request, and verifying it (an HMAC through WebCrypto) was a tenth of a small
 * query's time. One cache per configuration (its secret, issuer, audience and lifetime rule); the
 * least recently used go first past the capacity.
 */
const VERIFIED_CAPACITY = 10_000;
const verifiedBy = new WeakMap<GatewayConfig["auth"], LruMap<{ principal: Principal; exp: number }>>();

export async function verifyToken(auth: GatewayConfig["auth"], token: string): Promise<Principal> {
  let verified = verifiedBy.get(auth);
  if (!verified) verifiedBy.set(auth, (verified = new LruMap(VERIFIED_CAPACITY)));
  const known = verified.get(token);
  if (known && known.exp > Date.now() / 1000) return known.principal;
  const entry = await verifyTokenAfresh(auth, token);
  verified.set(token, entry);
  return entry.principal;
}

async function verifyTokenAfresh(auth: GatewayConfig["auth"], token: string): Promise<{ principal: Principal; exp: number }> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await verificationKey(auth.secret), {
      issuer: auth.issuer,
      audience: auth.audience,
      algorithms: ["HS256"],
      requiredClaims: ["exp", "iat"],
    }));
  } catch (error) {
    const reason =
      error instanceof joseErrors.JWTExpired
        ? "the token has expired"
        : error instanceof joseErrors.JWTClaimValidationFailed && (error.claim === "exp" || error.claim === "iat") && error.reason === "missing"
          ? `the token has no ${error.claim}: tokens must say when they were issued and when they expire`
          : "the token is not valid";
    throw new TokenError(reason);
  }
  // Every token expires, and soon: a stolen one is useful for MAX_TOKEN_LIFETIME at most.
  const { iat, exp } = payload as { iat: number; exp: number };
  if (exp - iat > auth.maxTokenLifetimeSeconds) {
    throw new TokenError(`the token lives ${exp - iat} s, longer than the ${auth.maxTokenLifetimeSeconds} s allowed (MAX_TOKEN_LIFETIME)`);
  }
  if (iat > Date.now() / 1000 + TOKEN_CLOCK_SKEW_SECONDS) throw new TokenError("the token is issued in the future");
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw new TokenError(`the token's claims are incomplete: ${claims.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  const scopes = claims.data.scope.split(/\s+/).filter(Boolean).flatMap((s) => (Scope.safeParse(s).success ? [s as Scope] : []));
  const principal: Principal = {
    kind: claims.data.kind,
    subject: claims.data.sub,
    role: claims.data.role,
    jurisdiction: claims.data.jurisdiction === "*" ? null : claims.data.jurisdiction,
    scopes: new Set(scopes),
    // Only a vendor client acts for an operator.
    operator: claims.data.kind === "vendor" ? (claims.data.operator ?? null) : null,
  };
  return { principal, exp };
}
