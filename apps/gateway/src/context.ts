// Per-request context: the principal (resolved once), fresh loaders, the audit trail.
import type { Clock } from "@popfam/domain";
import type { Loaders, Ports } from "@popfam/sources";
import type { AuditTrail } from "./auth/audit.js";
import type { RequestResultCache } from "./cache/result-cache.js";
import type { Principal } from "./auth/principal.js";
import type { GatewayConfig } from "./env.js";
import type { RequestScope } from "./observability/scope.js";

export interface Context {
  principal: Principal;
  loaders: Loaders;
  /** The systems themselves, for writes only: every read goes through the loaders. */
  ports: Ports;
  audit: AuditTrail;
  config: GatewayConfig;
  /** Today, for the date rules of writes. */
  clock: Clock;
  /** Results computed from the rollups, kept under their version; null when the cache is off. */
  results: RequestResultCache | null;
  /** The request as observed: its id, deadline, upstream calls, operation (the log line, metrics, spans). */
  requestScope: RequestScope;
}
