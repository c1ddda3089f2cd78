// The audit trail of unmasked personal data: each request collects what it revealed, and one
// append-only insert records it when the response is sent (who, when, what, why).
import type { Database } from "@popfam/db";
import type { Principal } from "./principal.js";

export interface AuditEntry {
  entityType: string;
  entityId: string;
  field: string;
}

export class AuditTrail {
  private entries = new Map<string, { entityType: string; entityId: string; fields: Set<string> }>();

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

  get size(): number {
    return this.entries.size;
  }

  async flush(db: Database, operation: string | null): Promise<void> {
    if (this.entries.size === 0) return;
    const rows = [...this.entries.values()].map((e) => ({
      subject: this.principal.subject,
      role: this.principal.role,
      action: "READ_UNMASKED",
      entityType: e.entityType,
      entityId: e.entityId,
      fields: [...e.fields].sort(),
      reason: this.reason ?? "",
      operation,
    }));
    this.entries.clear();
    await db.prisma.auditLog.createMany({ data: rows });
  }
}
