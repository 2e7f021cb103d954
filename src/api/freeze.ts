/**
 * Deep freezing for stored objects. Stops at anything already frozen: a new version shares its
 * untouched subtrees with the old one, and those are frozen already, so freezing a version costs only
 * what changed. (immer's own freeze does the same walk with more generality — Maps, Sets, drafts — that
 * JSON objects never need, at several times the cost on the store's hottest path.)
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    const o = value as Record<string, unknown>;
    for (const k in o) deepFreeze(o[k]);
  }
  return value;
}
