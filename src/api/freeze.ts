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
 * the tree. For strings kept long — stored objects, index keys, the recorder's memory — that is most of
 * what they cost. Returns `s`.
 */
export function flatString(s: string): string {
  s.charCodeAt(0);
  return s;
}

/** Strings no longer than this are shared; longer ones are rarely written twice, and cost more to compare. */
const SHARED_LENGTH = 128;
/** How many strings each generation of the shared ones holds. */
const GENERATION = 4096;
let recent = new Map<string, string>();
let older = new Map<string, string>();

/**
 * `s` flattened (flatString) and, if an equal string was kept lately, that one instead: for text made
 * again and again and kept long — the kubelet's "Started container app" on every pod's events, each
 * container's field path. Sharing one copy saves its bytes for as long as the events live. (Not for
 * every stored string: looking each one up costs more than it saves.) What is kept lately is two
 * generations of at most 4,096 strings: a string made again while in either stays, one not seen for
 * two generations is let go, so text made once does not pile up here.
 */
export function keptString(s: string): string {
  if (s.length > SHARED_LENGTH) return flatString(s);
  const known = recent.get(s);
  if (known !== undefined) return known;
  const old = older.get(s);
  if (recent.size >= GENERATION) {
    older = recent;
    recent = new Map();
  }
  const kept = old ?? flatString(s);
  recent.set(kept, kept);
  return kept;
}
