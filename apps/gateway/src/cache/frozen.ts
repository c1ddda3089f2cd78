// Values kept in-process and handed to every request that asks (a kept answer, a kept result) are
// frozen through and through: no request can change what the others are given.

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
