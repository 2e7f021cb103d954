/**
 * `kubectl apply`'s three-way merge, on whole objects: the new manifest (modified), what was last
 * applied (original, from the `kubectl.kubernetes.io/last-applied-configuration` annotation) and the live
 * object (current). Fields in the manifest win; fields that were in the last applied manifest and are
 * gone from the new one are removed; everything else on the live object — defaults, fields other writers
 * set, status — stays. Lists merge like a strategic merge patch: element by element on their merge key
 * (`containers` by name, `ports` by containerPort...), from the same struct tags the store's patcher uses;
 * untagged lists are replaced whole. This is what the server computes after kubectl's patch, for the
 * common cases; `$retainKeys` (a strategy type switch) is approximated by dropping the keys the manifest
 * removed. Pure; cost linear in the three objects.
 */
import { fieldMeta, mergesList, patchMetaFor, replacesMap, type PatchMeta } from '../store/patch/strategy.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

function mergeValue(meta: PatchMeta, original: unknown, modified: unknown, current: unknown): unknown {
  if (isObj(modified) && isObj(current) && !replacesMap(meta)) return mergeObject(meta, isObj(original) ? original : undefined, modified, current);
  if (Array.isArray(modified) && Array.isArray(current) && mergesList(meta)) {
    return mergeList(meta, Array.isArray(original) ? original : [], modified, current);
  }
  return clone(modified);
}

function mergeObject(meta: PatchMeta, original: Obj | undefined, modified: Obj, current: Obj): Obj {
  const out: Obj = { ...current };
  for (const [key, value] of Object.entries(modified)) {
    if (value === null) delete out[key];
    else out[key] = mergeValue(fieldMeta(meta, key), original?.[key], value, current[key]);
  }
  for (const key of Object.keys(original ?? {})) {
    if (!(key in modified)) delete out[key];
  }
  return out;
}

function mergeList(meta: PatchMeta, original: unknown[], modified: unknown[], current: unknown[]): unknown[] {
  const key = meta.mergeKey;
  if (!key) {
    // A set of primitives (finalizers): ours, plus what others added that we never applied.
    const ours = modified.map((v) => JSON.stringify(v));
    const applied = new Set(original.map((v) => JSON.stringify(v)));
    const kept = current.filter((v) => !ours.includes(JSON.stringify(v)) && !applied.has(JSON.stringify(v)));
    return [...clone(modified), ...clone(kept)];
  }
  const id = (v: unknown) => (isObj(v) ? JSON.stringify(v[key]) : undefined);
  const elemMeta: PatchMeta = meta.fields ? { fields: meta.fields } : {};
  const currentById = new Map(current.map((v) => [id(v), v]));
  const originalById = new Map(original.map((v) => [id(v), v]));
  const modifiedIds = new Set(modified.map(id));
  const out = modified.map((m) => {
    const c = currentById.get(id(m));
    return c === undefined ? clone(m) : mergeValue(elemMeta, originalById.get(id(m)), m, c);
  });
  for (const c of current) {
    if (!modifiedIds.has(id(c)) && !originalById.has(id(c))) out.push(clone(c));
  }
  return out;
}

/** The object the API server ends up with after `kubectl apply` of `modified` onto `current`. */
export function threeWayMerge(kind: string, original: Obj | undefined, modified: Obj, current: Obj): Obj {
  return mergeObject(patchMetaFor(kind), original, modified, current);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

/**
 * The annotation's value: the manifest as compact JSON with sorted keys, its own last-applied annotation
 * removed and `metadata.annotations` present (empty when it had none), and a trailing newline — what
 * kubectl's GetModifiedConfiguration writes.
 */
export function lastAppliedValue(manifest: Obj): string {
  const copy = clone(manifest);
  const meta = (isObj(copy.metadata) ? copy.metadata : {}) as Obj;
  const annotations = { ...(isObj(meta.annotations) ? meta.annotations : {}) };
  delete annotations[LAST_APPLIED];
  copy.metadata = { ...meta, annotations };
  return `${JSON.stringify(sortKeys(copy))}\n`;
}

/** The manifest with the annotation set, as kubectl sends it. */
export function withLastApplied(manifest: Obj): Obj {
  const value = lastAppliedValue(manifest);
  const meta = (isObj(manifest.metadata) ? manifest.metadata : {}) as Obj;
  return { ...manifest, metadata: { ...meta, annotations: { ...(isObj(meta.annotations) ? meta.annotations : {}), [LAST_APPLIED]: value } } };
}
