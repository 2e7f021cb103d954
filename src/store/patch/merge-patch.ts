/**
 * RFC 7386 JSON merge patch (`application/merge-patch+json`), the patch `kubectl scale` sends to `/scale`.
 * Guarantees: pure — neither argument is mutated (both may be deeply frozen); subtrees the patch does not
 * touch are shared with the target, everything taken from the patch is copied, so the result never
 * aliases the caller's patch. Cost is proportional to the size of the patch.
 * Also home to the small JSON helpers the other patch modules share.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Sets an own member, even one named `__proto__` (which plain assignment would turn into a prototype
 * change): a patch is user input.
 */
export function setMember(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A deep copy of a JSON value: new containers, same scalars. */
export function cloneJson<T extends JsonValue>(v: T): T {
  if (Array.isArray(v)) return v.map((e) => cloneJson(e)) as T;
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setMember(out, k, cloneJson(v[k]!));
    return out as T;
  }
  return v;
}

/**
 * MergePatch(target, patch) of RFC 7386 §2: an object patch merges member by member (`null` removes a
 * member, and a non-object target is first replaced by `{}`); any other patch — array, scalar, `null` —
 * replaces the target whole. Example: `{"a":{"b":"c"}}` patched with `{"a":{"b":"d","c":null}}` gives
 * `{"a":{"b":"d"}}`.
 */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const base: JsonObject = isJsonObject(target) ? target : {};
  const out: JsonObject = { ...base };
  for (const key of Object.keys(patch)) {
    const value = patch[key]!;
    if (value === null) delete out[key];
    else setMember(out, key, applyMergePatch(Object.hasOwn(base, key) ? base[key] : undefined, value));
  }
  return out;
}
