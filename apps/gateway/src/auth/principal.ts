// Who is calling. Every request has exactly one principal, resolved once in the context.
import { isWithinRegion } from "@popfam/domain";
import { z } from "zod";

export const Role = z.enum(["OFFICER", "ANALYST", "ADMIN", "VENDOR"]).describe("角色 — role");
export type Role = z.infer<typeof Role>;

/**
 * Scopes a principal can hold. `pii:read` unmasks personal data (and every such read is audited);
 * `assistance:write`, `special-family:write` and `childcare:write` allow the writes of those
 * areas, within the principal's jurisdiction (a vendor's childcare writes: for its operator's
 * institutions only). `ops:read` lets a monitoring system read the details of /healthz (upstream
 * addresses, last errors, call counts), as an ADMIN staff user may.
 */
export const Scope = z.enum(["pii:read", "assistance:write", "special-family:write", "childcare:write", "ops:read"]);
export type Scope = z.infer<typeof Scope>;

export interface Principal {
  kind: "staff" | "vendor" | "development";
  /** The token's subject: a staff user's or vendor client's id. */
  subject: string;
  role: Role;
  /** The region the principal may see, with everything below it; null only for nationwide principals. */
  jurisdiction: string | null;
  scopes: ReadonlySet<Scope>;
  /** A vendor client's operator (the company whose app it is): its writes reach that operator's records only. Null for staff. */
  operator: string | null;
}

/** The principal of local development without a token: nationwide, no personal data. */
export const DEVELOPMENT_PRINCIPAL: Principal = {
  kind: "development",
  subject: "development",
  role: "ADMIN",
  jurisdiction: null,
  scopes: new Set(),
  operator: null,
};

export function canSeeRegion(principal: Principal, regionCode: string): boolean {
  return principal.jurisdiction === null || isWithinRegion(regionCode, principal.jurisdiction);
}

export function canReadPersonalData(principal: Principal): boolean {
  return principal.scopes.has("pii:read");
}

/** A vendor client: a vendor token, or any token with the VENDOR role whatever its `kind` claim. */
export function isVendorClient(principal: Principal): boolean {
  return principal.kind === "vendor" || principal.role === "VENDOR";
}

/** An operator of the deployment: an ADMIN staff user, a holder of `ops:read`, or the local development principal. */
export function isOperator(principal: Principal): boolean {
  if (isVendorClient(principal)) return principal.scopes.has("ops:read");
  return principal.role === "ADMIN" || principal.scopes.has("ops:read") || principal.kind === "development";
}
