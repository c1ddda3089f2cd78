// Probes for an orchestrator or a load balancer:
//   /livez  the process is up and its event loop turns (200 always, draining or not);
//   /readyz send it traffic: the database answers and has every migration this build ships;
//           503 with a JSON reason otherwise, and from the moment a drain starts (SIGTERM).
// A database newer than this build (migrations it does not know, during a rolling upgrade) is
// ready: migrations only add, so the old code still runs on it; the body names them.
import { listMigrations, migrationStatus, type Database } from "@popfam/db";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface HealthProbes {
  /** Set when a drain starts: /readyz answers 503 from then on. */
  draining: boolean;
  /** Answers /livez and /readyz; false for any other request. */
  handle(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<boolean>;
}

export interface ReadinessReport {
  status: "ready" | "unavailable";
  reason?: string;
  database: string;
  migrations?: { shipped: number; applied: number; pending?: string[]; changed?: string[]; unknown?: string[] };
}

export function healthProbes(db: Database, options: { timeoutMs?: number } = {}): HealthProbes {
  // What this build ships, read once: the files do not change under a running process.
  const shipped = listMigrations();
  const timeoutMs = options.timeoutMs ?? 2_000;

  async function readiness(): Promise<ReadinessReport> {
    if (probes.draining) return { status: "unavailable", reason: "shutting down", database: db.kind };
    let status;
    try {
      status = await withTimeout(migrationStatus(db.sql, shipped), timeoutMs);
    } catch (error) {
      // The error's kind, never its message: that may name the server's address.
      const code = (error as { code?: unknown }).code;
      return { status: "unavailable", reason: `database unreachable${typeof code === "string" ? ` (${code})` : ""}`, database: db.kind };
    }
    const migrations = {
      shipped: shipped.length,
      applied: status.applied.length,
      ...(status.pending.length ? { pending: status.pending } : {}),
      ...(status.changed.length ? { changed: status.changed } : {}),
      ...(status.unknown.length ? { unknown: status.unknown } : {}),
    };
    if (status.pending.length) return { status: "unavailable", reason: "migrations pending: run migrate", database: db.kind, migrations };
    if (status.changed.length) return { status: "unavailable", reason: "applied migrations differ from the shipped ones", database: db.kind, migrations };
    return { status: "ready", database: db.kind, migrations };
  }

  const probes: HealthProbes = {
    draining: false,
    async handle(request, response, pathname) {
      if (request.method !== "GET" && request.method !== "HEAD") return false;
      if (pathname === "/livez") {
        json(response, 200, { status: "ok" });
        return true;
      }
      if (pathname === "/readyz") {
        const report = await readiness();
        json(response, report.status === "ready" ? 200 : 503, report);
        return true;
      }
      return false;
    },
  };
  return probes;
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.statusCode = status;
  response.setHeader("content-type", "application/json");
  response.setHeader("cache-control", "no-store");
  response.end(JSON.stringify(body));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("timed out"), { code: "TIMEOUT" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
