// Refused attempts in the audit log: UNAUTHENTICATED (no, forged or expired token), FORBIDDEN
// (jurisdiction, operator, a scope missing, the vendor safelist) and ACCESS_REASON_REQUIRED (personal
// data asked for without an accepted purpose). One row per kind of refusal: who (the verified
// subject, or the unverified token's claims marked so; never the token), which code, which paths,
// which operation, from where.
//
// A flood (forged tokens by the thousand) must not hold the server up: refusals are queued and
// written in batches off the request path, identical ones within a batch folded into one row with
// a count, and the queue is bounded: past REFUSAL_AUDIT_QUEUE distinct entries, further ones are
// counted and that count is written as a row of its own. Nothing is dropped without a trace.
import type { Database } from "@popfam/db";
import { maskPersonalDataInText } from "@popfam/domain";
import { decodeJwt } from "jose";
import type { Principal } from "./principal.js";

export const REFUSAL_CODES = new Set(["UNAUTHENTICATED", "FORBIDDEN", "ACCESS_REASON_REQUIRED"]);

export interface Refusal {
  code: string;
  /** The verified principal, or null when the request was not authenticated. */
  principal: Principal | null;
  /** For an unauthenticated request: its bearer token, whose claims are recorded unverified (the token never is). */
  token?: string | null;
  /** The GraphQL paths refused (`region.indicators`); empty for the request as a whole. */
  paths: string[];
  operation: string | null;
  client: string | null;
  /** extensions.reason / scope / field of the error, when it has them. */
  reasons?: string[];
  /** The stated X-Access-Reason, for ACCESS_REASON_REQUIRED. */
  accessReason?: string | null;
}

interface Pending {
  subject: string;
  role: string;
  code: string;
  paths: string[];
  operation: string | null;
  client: string | null;
  reason: string;
  detail: Record<string, unknown>;
  count: number;
  firstAt: string;
}

const CLAIM_KEYS = ["sub", "iss", "kind", "role", "jurisdiction", "operator"] as const;
const short = (value: unknown) => maskPersonalDataInText(String(value).slice(0, 64));

/** The token's claims as it states them, unverified, each cut to 64 characters; null when it is not a JWT. */
export function unverifiedClaims(token: string | null | undefined): Record<string, string> | null {
  if (!token) return null;
  try {
    const payload = decodeJwt(token);
    const claims: Record<string, string> = {};
    for (const key of CLAIM_KEYS) if (payload[key] !== undefined) claims[key] = short(payload[key]);
    if (typeof payload.exp === "number") claims.exp = new Date(payload.exp * 1000).toISOString();
    return claims;
  } catch {
    return null;
  }
}

export class RefusalLog {
  private pending = new Map<string, Pending>();
  private suppressed = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** Rows the database refused to take (also logged). */
  failedWrites = 0;

  constructor(
    private readonly db: Database,
    private readonly options: { queueLimit: number; flushMs?: number; batchSize?: number },
    private readonly log: (line: string) => void = () => {},
  ) {}

  record(refusal: Refusal): void {
    const claims = refusal.principal ? null : unverifiedClaims(refusal.token);
    const subject = refusal.principal?.subject ?? (claims?.sub ? `${claims.sub} (unverified)` : "anonymous");
    const role = refusal.principal?.role ?? (claims?.role ? `${claims.role} (unverified)` : "");
    const paths = [...new Set(refusal.paths)].sort().slice(0, 50);
    const reason = refusal.accessReason ? maskPersonalDataInText(refusal.accessReason) : "";
    const detail: Record<string, unknown> = { verified: refusal.principal !== null };
    if (refusal.principal) detail.kind = refusal.principal.kind;
    if (claims) detail.claims = claims;
    else if (!refusal.principal && refusal.token) detail.token = "not a JWT";
    if (refusal.reasons && refusal.reasons.length > 0) detail.reasons = [...new Set(refusal.reasons)].sort();
    const key = JSON.stringify([subject, role, refusal.code, paths, refusal.operation, refusal.client, reason, detail]);
    const existing = this.pending.get(key);
    if (existing) existing.count += 1;
    else if (this.pending.size >= this.options.queueLimit) this.suppressed += 1;
    else this.pending.set(key, { subject, role, code: refusal.code, paths, operation: refusal.operation, client: refusal.client, reason, detail, count: 1, firstAt: new Date().toISOString() });
    this.schedule();
  }

  private schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.flushMs ?? 250);
    this.timer.unref();
  }

  /** Writes what is queued (and waits for a write under way). */
  async flush(): Promise<void> {
    const next = this.writing.then(() => this.writeQueued());
    this.writing = next.catch(() => {});
    await next;
  }

  private async writeQueued(): Promise<void> {
    if (this.pending.size === 0 && this.suppressed === 0) return;
    const entries = [...this.pending.values()];
    const suppressed = this.suppressed;
    this.pending.clear();
    this.suppressed = 0;
    const rows = entries.map((e) => ({
      subject: e.subject,
      role: e.role,
      action: "REFUSED",
      entityType: "Request",
      entityId: e.paths[0] ?? "request",
      fields: e.paths,
      reason: e.reason,
      operation: e.operation,
      code: e.code,
      client: e.client,
      detail: { ...e.detail, count: e.count, firstAt: e.firstAt } as object,
    }));
    if (suppressed > 0) {
      rows.push({
        subject: "*", role: "", action: "REFUSED", entityType: "Request", entityId: "request", fields: [], reason: "", operation: null,
        code: "SUPPRESSED", client: null, detail: { count: suppressed, note: "refusals beyond the queue's bound, counted only" },
      });
    }
    const batchSize = this.options.batchSize ?? 500;
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = rows.slice(start, start + batchSize);
      try {
        await this.db.prisma.auditLog.createMany({ data: batch });
      } catch (error) {
        this.failedWrites += batch.length;
        this.log(`audit of ${batch.length} refused attempts failed: ${String(error)}`);
      }
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }
}
