// /healthz: whether the graph answers (ok, or degraded while an upstream circuit is open), for
// anyone; the details (each upstream's address, circuit, latency and last error, the calls made
// per method, the database kind) only for an operator: an ADMIN staff token or a token with the
// `ops:read` scope (and the development principal, locally). Upstream addresses and error texts
// describe the intranet: a caller without that role learns nothing of it.
import type { Database } from "@popfam/db";
import { sourcesHealth, type PortCallCounter, type Sources } from "@popfam/sources";
import { isOperator, type Principal } from "../auth/principal.js";

export function healthz(sources: Sources, portCalls: PortCallCounter, db: Database, principal: Principal | null): Record<string, unknown> {
  const upstreams = sourcesHealth(sources, portCalls);
  // Degraded, not down: the graph still answers, with errors on the paths of an open circuit.
  const degraded = Object.values(upstreams).some((u) => u.circuit === "OPEN" || u.circuit === "HALF_OPEN");
  const status = degraded ? "degraded" : "ok";
  if (!principal || !isOperator(principal)) return { status };
  return { status, database: db.kind, upstreams, upstreamCalls: portCalls.byMethod() };
}
