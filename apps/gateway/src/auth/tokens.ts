// Bearer JWTs (HS256) carrying the principal: subject, role, jurisdiction and scopes.
import { jwtVerify, SignJWT, errors as joseErrors } from "jose";
import { RegionCode } from "@popfam/domain";
import { z } from "zod";
import { Role, Scope, type Principal } from "./principal.js";
import type { GatewayConfig } from "../env.js";

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
  /** Lifetime, e.g. "8h" (jose's time span syntax). */
  expiresIn?: string;
}

export async function signToken(auth: GatewayConfig["auth"], input: TokenInput): Promise<string> {
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
    .setExpirationTime(input.expiresIn ?? "8h")
    .sign(new TextEncoder().encode(auth.secret));
}

export async function verifyToken(auth: GatewayConfig["auth"], token: string): Promise<Principal> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(auth.secret), {
      issuer: auth.issuer,
      audience: auth.audience,
      algorithms: ["HS256"],
    }));
  } catch (error) {
    const reason = error instanceof joseErrors.JWTExpired ? "the token has expired" : "the token is not valid";
    throw new TokenError(reason);
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw new TokenError(`the token's claims are incomplete: ${claims.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  const scopes = claims.data.scope.split(/\s+/).filter(Boolean).flatMap((s) => (Scope.safeParse(s).success ? [s as Scope] : []));
  return {
    kind: claims.data.kind,
    subject: claims.data.sub,
    role: claims.data.role,
    jurisdiction: claims.data.jurisdiction === "*" ? null : claims.data.jurisdiction,
    scopes: new Set(scopes),
    // Only a vendor client acts for an operator.
    operator: claims.data.kind === "vendor" ? (claims.data.operator ?? null) : null,
  };
}
