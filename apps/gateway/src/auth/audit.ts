// The audit trail of unmasked personal data: each request collects what it revealed, and one
// append-only insert records it when the response is sent (who, when, what, why).
import type { Database } from "@popfam/db";
import type { Principal } from "./principal.js";

export interface AuditEntry {
  entityType: string;
  entityId: string;
  field: string;
}

/** A write the request made: which mutation, on what, with which fields. */
export interface AuditedWrite {
  action: string;
  entityType: string;
  entityId: string;
  fields: string[];
}

export class AuditTrail {
  private entries = new Map<string, { entityType: string; entityId: string; fields: Set<string> }>();
  private writes: AuditedWrite[] = [];

  /** Set when personal data stayed masked because no reason was stated. */
  maskedForMissingReason = false;

  constructor(
    private readonly principal: Principal,
    /** Why the data is read: the caller's `X-Access-Reason` header; null when none was given. */
    private readonly reason: string | null,
  ) {}

  get reasonStated(): boolean {
    return this.reason !== null;
  }

  record(entry: AuditEntry): void {
    const key = `${entry.entityType}:${entry.entityId}`;
    const existing = this.entries.get(key) ?? { entityType: entry.entityType, entityId: entry.entityId, fields: new Set<string>() };
    existing.fields.add(entry.field);
    this.entries.set(key, existing);
  }

  /** Records a write; like reads, it is flushed before the response leaves. */
  recordWrite(write: AuditedWrite): void {
    this.writes.push(write);
  }

  get size(): number {
    return this.entries.size + this.writes.length;
  }

  async flush(db: Database, operation: string | null): Promise<void> {
    if (this.size === 0) return;
    const row = (action: string, entityType: string, entityId: string, fields: Iterable<string>) => ({
      subject: this.principal.subject,
      role: this.principal.role,
      action,
      entityType,
      entityId,
      fields: [...fields].sort(),
      reason: this.reason ?? "",
      operation,
    });
    const writes = this.writes.map((w) => row(w.action, w.entityType, w.entityId, w.fields));
    const reads = [...this.entries.values()].map((e) => row("READ_UNMASKED", e.entityType, e.entityId, e.fields));
    this.entries.clear();
    this.writes = [];
    await db.prisma.auditLog.createMany({ data: [...writes, ...reads] });
  }
}
