// The audit trail: each request collects the personal data it revealed, and one append-only
// insert records it when the response is sent (who, when, what, why: the purpose and case, from
// where). A write is recorded before it is sent to its system: no audit entry, no write. The
// database chains every row to the one before (see verify-audit); refused attempts are recorded
// by refusals.ts.
import type { Database } from "@popfam/db";
import type { AccessReason } from "./access-reason.js";
import type { Principal } from "./principal.js";

export interface AuditEntry {
  entityType: string;
  entityId: string;
  field: string;
}

/** A write the request asks for: which mutation, on what (its idempotency key names the record), with which fields. */
export interface AuditedWrite {
  action: string;
  entityType: string;
  entityId: string;
  fields: string[];
}

export class AuditTrail {
  private entries = new Map<string, { entityType: string; entityId: string; fields: Set<string> }>();

  /** Set when personal data stayed masked because no reason was stated. */
  maskedForMissingReason = false;

  constructor(
    private readonly principal: Principal,
    /** Why the data is read: the caller's `X-Access-Reason` header, parsed against ACCESS_PURPOSES. */
    readonly reason: AccessReason,
    private readonly db: Database,
    /** The client's network address. */
    readonly client: string | null = null,
  ) {}

  /** An accepted purpose was stated: personal data may be shown (to a principal with pii:read). */
  get reasonStated(): boolean {
    return this.reason.ok;
  }

  record(entry: AuditEntry): void {
    const key = `${entry.entityType}:${entry.entityId}`;
    const existing = this.entries.get(key) ?? { entityType: entry.entityType, entityId: entry.entityId, fields: new Set<string>() };
    existing.fields.add(entry.field);
    this.entries.set(key, existing);
  }

  /** Records a write now, before it is made; if this insert fails, the write is not attempted. */
  async recordWrite(write: AuditedWrite, operation: string | null = null): Promise<void> {
    await this.db.prisma.auditLog.create({ data: this.row(write.action, write.entityType, write.entityId, write.fields, operation) });
  }

  get size(): number {
    return this.entries.size;
  }

  private row(action: string, entityType: string, entityId: string, fields: Iterable<string>, operation: string | null) {
    return {
      subject: this.principal.subject,
      role: this.principal.role,
      action,
      entityType,
      entityId,
      fields: [...fields].sort(),
      reason: this.reason.text ?? "",
      purpose: this.reason.ok ? this.reason.purpose : null,
      caseNumber: this.reason.ok ? this.reason.caseNumber : null,
      operation,
      client: this.client,
    };
  }

  async flush(db: Database, operation: string | null): Promise<void> {
    if (this.size === 0) return;
    const reads = [...this.entries.values()].map((e) => this.row("READ_UNMASKED", e.entityType, e.entityId, e.fields, operation));
    this.entries.clear();
    await db.prisma.auditLog.createMany({ data: reads });
  }

}
