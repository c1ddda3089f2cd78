// Per-request context: the principal (resolved once), fresh loaders, the audit trail.
import type { Loaders } from "@popfam/sources";
import type { AuditTrail } from "./auth/audit.js";
import type { Principal } from "./auth/principal.js";
import type { GatewayConfig } from "./env.js";

export interface Context {
  principal: Principal;
  loaders: Loaders;
  audit: AuditTrail;
  config: GatewayConfig;
}
