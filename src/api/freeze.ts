/**
 * Settling stored objects: deep freezing, and strings kept in one piece. Stops at anything already
 * frozen: a new version shares its untouched subtrees with the old one, and those are settled already,
 * so settling a version costs only what changed. (immer's own freeze does the same walk with more
 * generality — Maps, Sets, drafts — that JSON objects never need, at several times the cost on the
 * store's hottest path.)
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) settle(value[i]);
  } else {
    const o = value as Record<string, unknown>;
    for (const k in o) settle(o[k]);
  }
  return value;
}

function settle(value: unknown): void {
  if (typeof value === 'string') flatString(value);
  else deepFreeze(value);
}

/**
 * Makes V8 keep `s` as one flat run of characters. A string built by concatenation (a template
 * literal: `Pulled image "${image}" in ${took}`) is held as a tree of its pieces, often two or three
 * times the size of its text; reading a character flattens it in place, and the collector then drops
 * the pieces. For strings kept long — stored objects, index keys, the recorder's memory — that is most of
 * what they cost. What stays is a 32-byte wrapper around the flat copy (V8 keeps the string's identity):
 * a string kept for every pod is best made in one piece where it is made, by `Array.prototype.join`,
 * which builds a flat string. Returns `s`.
 */
export function flatString(s: string): string {
  s.charCodeAt(0);
  return s;
}
