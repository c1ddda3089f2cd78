// 个人信息脱敏 — personal data is masked unless the principal holds `pii:read` and states why
// (X-Access-Reason); every unmasked value is written to the audit trail of the request.
import { maskIdNumber, maskName } from "@popfam/domain";
import { canReadPersonalData } from "../../auth/principal.js";
import type { Context } from "../../context.js";

const MASKS = {
  idNumber: maskIdNumber,
  name: maskName,
  phone: (value: string) => (value.length <= 7 ? "*".repeat(value.length) : value.slice(0, 3) + "*".repeat(value.length - 7) + value.slice(-4)),
  address: (value: string) => (value.length <= 4 ? "*".repeat(value.length) : value.slice(0, 4) + "*".repeat(value.length - 4)),
} as const;

export type PersonalDataKind = keyof typeof MASKS;

export function personalData(
  context: Context,
  kind: PersonalDataKind,
  value: string | null,
  record: { entityType: string; entityId: string; field: string },
): string | null {
  if (value === null) return null;
  if (!canReadPersonalData(context.principal)) return MASKS[kind](value);
  if (!context.audit.reasonStated) {
    context.audit.maskedForMissingReason = true;
    return MASKS[kind](value);
  }
  context.audit.record(record);
  return value;
}
