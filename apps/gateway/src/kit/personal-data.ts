// 个人信息脱敏 — personal data is masked unless the principal holds `pii:read` and states why
// (X-Access-Reason); every unmasked value is written to the audit trail of the request. Free text
// (notes, institutions, who recorded something) goes through `freeText`: ID numbers and phone
// numbers typed into it are masked the same way, and revealing one is audited like a field.
import { maskIdNumber, maskName, maskPersonalDataInText } from "@popfam/domain";
import { canReadPersonalData } from "../auth/principal.js";
import type { Context } from "../context.js";

const MASKS = {
  idNumber: maskIdNumber,
  name: maskName,
  phone: (value: string) => (value.length <= 7 ? "*".repeat(value.length) : value.slice(0, 3) + "*".repeat(value.length - 7) + value.slice(-4)),
  address: (value: string) => (value.length <= 4 ? "*".repeat(value.length) : value.slice(0, 4) + "*".repeat(value.length - 4)),
} as const;

export type PersonalDataKind = keyof typeof MASKS;

/** The record and field a value belongs to, as the audit trail names it (surrogate ids only). */
export interface AuditedField {
  entityType: string;
  entityId: string;
  field: string;
}

/** The value when the principal may see it (and the reading is recorded), else its masked form. */
function reveal(context: Context, value: string, masked: string, record: AuditedField): string {
  if (!canReadPersonalData(context.principal)) return masked;
  if (!context.audit.reasonStated) {
    context.audit.maskedForMissingReason = true;
    return masked;
  }
  context.audit.record(record);
  return value;
}

export function personalData(context: Context, kind: PersonalDataKind, value: string, record: AuditedField): string;
export function personalData(context: Context, kind: PersonalDataKind, value: string | null, record: AuditedField): string | null;
export function personalData(context: Context, kind: PersonalDataKind, value: string | null, record: AuditedField): string | null {
  if (value === null) return null;
  return reveal(context, value, MASKS[kind](value), record);
}

/**
 * Free text typed by a clerk: shown as it is unless it holds an ID number or a phone number;
 * then those are masked for a principal without `pii:read` and a reason, and audited when shown.
 */
export function freeText(context: Context, value: string, record: AuditedField): string;
export function freeText(context: Context, value: string | null, record: AuditedField): string | null;
export function freeText(context: Context, value: string | null, record: AuditedField): string | null {
  if (value === null) return null;
  const masked = maskPersonalDataInText(value);
  return masked === value ? value : reveal(context, value, masked, record);
}
