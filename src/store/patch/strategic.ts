/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), the server half of apimachinery's
 * pkg/util/strategicpatch (`StrategicMergeMapPatch` with MergeParallelList and IgnoreUnmatchedNulls, as
 * the API server calls it). Maps merge and `null` deletes; lists tagged `merge` (strategy.ts) merge element
 * by element on their merge key, or as sets when they hold strings; other lists are replaced. Directives:
 * `$patch` (replace/delete on a map or a list element), `$retainKeys`, `$setElementOrder/<list>`,
 * `$deleteFromPrimitiveList/<list>`.
 * Guarantees: pure (target and patch may be deeply frozen; untouched subtrees are shared with the target,
 * nothing aliases the patch); no directive survives into the result; a malformed patch throws a
 * StatusError (see `patchError`) and never yields a partial result.
 */
import { badRequest, type StatusError } from '../../api/errors.js';
import { deepEqual } from '../equal.js';
import { unprocessablePatch } from './json-patch.js';
import { cloneJson, isJsonObject, setMember, type JsonObject, type JsonValue } from './merge-patch.js';
import { fieldMeta, mergesList, patchMetaFor, replacesMap, type PatchMeta } from './strategy.js';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder';
const DELETE_PRIMITIVES = '$deleteFromPrimitiveList';

/**
 * The server answers the mergepatch format errors with 400 and lists of lists with 422
 * (`interpretStrategicMergePatchError`). Its other failures (an unknown `$patch` value, a missing merge
 * key, a `$setElementOrder` that contradicts the list) are bare Go errors, i.e. a 500 with reason
 * Unknown; errors.ts has no such reason and the fault is the client's, so they are BadRequest here.
 */
const patchError = (message: string): StatusError => badRequest(message);
const show = (v: unknown): string => JSON.stringify(v);
/** The merge key of a list of objects; undefined for lists of scalars (compared by value). */
type Key = string | undefined;

export function applyStrategicMergePatch(kind: string, target: JsonObject, patch: JsonObject): JsonObject {
  return applyStrategicMergePatchWith(patchMetaFor(kind), target, patch);
}

/** The same, with the metadata tree given directly (apimachinery's tests use a made-up `MergeItem` type). */
export function applyStrategicMergePatchWith(meta: PatchMeta, target: JsonObject, patch: JsonObject): JsonObject {
  if (!isJsonObject(patch)) throw badRequest(`json: cannot unmarshal ${show(patch)} into Go value of type map[string]interface {}`);
  return mergeMap(target, patch, meta);
}

function mergeMap(original: JsonObject, patch: JsonObject, meta: PatchMeta): JsonObject {
  if (Object.hasOwn(patch, PATCH)) return mapDirective(patch, meta);
  const out = retainKeys(original, patch);
  const done = new Set<string>();
  for (const key of Object.keys(patch)) {
    const field = directiveField(key);
    if (field?.prefix === SET_ORDER) setElementOrder(out, patch, field.name, patch[key]!, meta, done);
  }
  for (const key of Object.keys(patch)) {
    const field = directiveField(key);
    if (key === RETAIN_KEYS || field?.prefix === SET_ORDER || done.has(key)) continue;
    if (field) deleteFromPrimitiveList(out, field.name, patch[key]!);
    else mergeField(out, key, patch[key]!, fieldMeta(meta, key));
  }
  return out;
}

/** `$patch` on a map: `replace` takes the map as given, `delete` leaves an empty map (as Go does). */
function mapDirective(patch: JsonObject, meta: PatchMeta): JsonObject {
  const { [PATCH]: directive, ...rest } = patch;
  if (directive === 'replace') return mergeMap({}, rest, meta);
  if (directive === 'delete') return {};
  // `$patch: merge` is refused too: apimachinery's handleDirectiveInMergeMap knows only replace and delete.
  throw patchError(`unknown patch type: ${String(directive)} in map: ${show(patch)}`);
}

/** Splits `$setElementOrder/containers` into its prefix and field; throws for any other `$` key. */
function directiveField(key: string): { prefix: string; name: string } | undefined {
  if (!key.startsWith('$') || key === RETAIN_KEYS) return undefined;
  for (const [prefix, format] of [
    [SET_ORDER, 'invalid patch format of setElementOrder list'],
    [DELETE_PRIMITIVES, 'invalid patch format of primitive list'],
  ] as const) {
    if (!key.startsWith(prefix)) continue;
    const name = key.slice(prefix.length + 1);
    if (key[prefix.length] !== '/' || name === '') throw badRequest(format);
    return { prefix, name };
  }
  throw patchError(`unknown strategic merge patch directive ${show(key)}`);
}

/** `$retainKeys`: drop the original's keys not listed, after checking every key the patch sets is listed. */
function retainKeys(original: JsonObject, patch: JsonObject): JsonObject {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return { ...original };
  const list = patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw badRequest('invalid patch format of retainKeys');
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key === RETAIN_KEYS || key.startsWith(SET_ORDER) || key.startsWith(DELETE_PRIMITIVES)) continue;
    if (!list.includes(key)) throw badRequest('invalid patch format of retainKeys');
  }
  const out: JsonObject = {};
  for (const key of Object.keys(original)) if (list.includes(key)) setMember(out, key, original[key]!);
  return out;
}

/** One member of the patch merged into `out` (mergeMap's loop body in patch.go). */
function mergeField(out: JsonObject, key: string, patchValue: JsonValue, meta: PatchMeta): void {
  if (patchValue === null) return void delete out[key];
  const original = Object.hasOwn(out, key) ? out[key]! : undefined;
  const merged =
    isJsonObject(original) && isJsonObject(patchValue) && !replacesMap(meta)
      ? mergeMap(original, patchValue, meta)
      : Array.isArray(original) && Array.isArray(patchValue) && mergesList(meta)
        ? mergeList(original, patchValue, meta)
        : fresh(patchValue, meta);
  if (merged === undefined) delete out[key];
  else setMember(out, key, merged);
}

/**
 * A patch value that replaces (or adds) a member: directives are resolved against nothing and nulls
 * dropped. Undefined means "leave the member out" (a map that says `$patch: delete`). Go drops a new map
 * that says `$patch: replace` too; here it becomes that map, which is what the patch asks for.
 */
function fresh(value: JsonValue, meta: PatchMeta): JsonValue | undefined {
  if (isJsonObject(value)) {
    if (value[PATCH] === 'delete') return undefined;
    return mergeMap({}, value, meta);
  }
  if (Array.isArray(value)) return freshList(value, meta);
  return value;
}

/** A new list keeps its elements as sent, less the elements that carry a `$patch` (removeDirectives). */
function freshList(list: JsonValue[], meta: PatchMeta): JsonValue[] {
  return list
    .filter((item) => !(isJsonObject(item) && Object.hasOwn(item, PATCH) && listDirective(item)))
    .map((item) => (isJsonObject(item) ? mergeMap({}, item, meta) : cloneJson(item)));
}

/** The `$patch` of a list element, checked the way mergeSliceWithSpecialElements checks it. */
function listDirective(item: JsonObject): 'replace' | 'delete' {
  const directive = item[PATCH];
  if (directive === 'replace' || directive === 'delete') return directive;
  if (directive === 'merge') throw patchError('merging lists cannot yet be specified in the patch');
  throw patchError(`unknown patch type: ${String(directive)} in map: ${show(item)}`);
}

/** A list tagged `merge` (mergeSlice in patch.go): by merge key for objects, as a set for scalars. */
function mergeList(original: JsonValue[], patch: JsonValue[], meta: PatchMeta): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const objects = elementKind(original, patch) === 'object';
  const mergeKey = objects ? meta.mergeKey : undefined;
  let merged: JsonValue[];
  if (!objects) {
    merged = unique([...original, ...patch.map((v) => cloneJson(v))]);
  } else {
    if (mergeKey === undefined) throw patchError('cannot merge lists without merge key for type map');
    ({ original, patch } = specialElements(original, patch as JsonObject[], mergeKey, meta));
    merged = mergeByKey(original, patch as JsonObject[], mergeKey, meta);
  }
  const [patchItems, serverOnly] = partition(merged, patch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey);
}

function elementKind(...lists: JsonValue[][]): 'object' | 'scalar' {
  let kind: 'object' | 'scalar' | undefined;
  for (const item of lists.flat()) {
    if (Array.isArray(item)) throw unprocessablePatch('lists of lists are not supported');
    const k = isJsonObject(item) ? 'object' : 'scalar';
    if (kind !== undefined && k !== kind) throw patchError(`list element types are not identical: ${show(lists)}`);
    kind = k;
  }
  return kind ?? 'scalar';
}

/** Applies the `$patch` elements: `delete` removes every element with that key, `replace` drops the rest. */
function specialElements(original: JsonValue[], patch: JsonObject[], mergeKey: string, meta: PatchMeta) {
  const plain: JsonObject[] = [];
  let replace = false;
  for (const item of patch) {
    if (!Object.hasOwn(item, PATCH)) {
      plain.push(item);
    } else if (listDirective(item) === 'replace') {
      replace = true;
    } else {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      original = original.filter((e) => !(isJsonObject(e) && Object.hasOwn(e, mergeKey) && e[mergeKey] === item[mergeKey]));
    }
  }
  if (replace) return { original: plain.map((e) => mergeMap({}, e, meta)) as JsonValue[], patch: [] as JsonValue[] };
  return { original, patch: plain as JsonValue[] };
}

/** Patch elements merge into the original element with the same key, or are appended. */
function mergeByKey(original: JsonValue[], patch: JsonObject[], mergeKey: string, meta: PatchMeta): JsonValue[] {
  const out = original.slice();
  for (const item of patch) {
    if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const i = out.findIndex((e) => isJsonObject(e) && Object.hasOwn(e, mergeKey) && e[mergeKey] === item[mergeKey]);
    if (i >= 0) out[i] = mergeMap(out[i] as JsonObject, item, meta);
    else out.push(mergeMap({}, item, meta));
  }
  return out;
}

const noMergeKey = (item: JsonObject, key: string) => patchError(`map: ${show(item)} does not contain declared merge key: ${key}`);

function unique(items: JsonValue[]): JsonValue[] {
  return items.filter((v, i) => items.findIndex((w) => sameItem(v, w, undefined)) === i);
}

/** `$deleteFromPrimitiveList/<field>`: removes those values from a scalar list, whatever its strategy. */
function deleteFromPrimitiveList(out: JsonObject, field: string, deletions: JsonValue): void {
  if (!Array.isArray(deletions)) throw badRequest('invalid patch format of primitive list');
  const original = Object.hasOwn(out, field) ? out[field] : undefined;
  if (!Array.isArray(original) || original.length === 0 || deletions.length === 0) return;
  elementKind(original, deletions);
  setMember(out, field, original.filter((v) => !deletions.some((d) => sameItem(v, d, undefined))));
}

/**
 * `$setElementOrder/<field>` (mergePatchIntoOriginal): merges the patch's list for that field, then puts
 * the listed elements in the listed order, interleaving the elements only the server has where they
 * stood relative to them (see normalizeElementOrder). The patch's own list must follow the same order.
 */
function setElementOrder(out: JsonObject, patch: JsonObject, field: string, order: JsonValue, meta: PatchMeta, done: Set<string>): void {
  if (!Array.isArray(order)) throw badRequest('invalid patch format of setElementOrder list');
  const fm = fieldMeta(meta, field);
  const originalList = listAt(out, field);
  const patchItems = listAt(patch, field);
  const mergeKey = fm.mergeKey;
  if (patchItems) checkOrder(patchItems, order, mergeKey);
  done.add(field);
  let merged: JsonValue[];
  if (originalList && patchItems) merged = mergesList(fm) ? mergeList(originalList, patchItems, fm) : freshList(patchItems, fm);
  else if (patchItems) merged = freshList(patchItems, fm);
  else if (originalList) merged = originalList;
  else return;
  const [listed, serverOnly] = partition(merged, order, mergeKey);
  setMember(out, field, normalizeElementOrder(listed, serverOnly, order, originalList ?? [], mergeKey));
}

function listAt(obj: JsonObject, field: string): JsonValue[] | undefined {
  const v = Object.hasOwn(obj, field) ? obj[field] : undefined;
  if (v !== undefined && !Array.isArray(v)) throw patchError(`expected a list for ${field}, but received ${show(v)}`);
  return v;
}

/** validatePatchWithSetOrderList: the patch list (less its `$patch` elements) is a subsequence of the order. */
function checkOrder(patchList: JsonValue[], order: JsonValue[], mergeKey: Key): void {
  const items = patchList.filter((v) => !(isJsonObject(v) && Object.hasOwn(v, PATCH)));
  let p = 0;
  for (let o = 0; p < items.length && o < order.length; o++) {
    for (const v of [items[p]!, order[o]!]) if (mergeKey !== undefined && isJsonObject(v) && !Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
    if (sameItem(items[p]!, order[o]!, mergeKey)) p++;
  }
  if (p < items.length) throw patchError(`the order in patch list:\n${show(patchList)}\n doesn't match ${SET_ORDER} list:\n${show(order)}`);
}

function sameItem(a: JsonValue, b: JsonValue, mergeKey: Key): boolean {
  if (mergeKey !== undefined && isJsonObject(a) && isJsonObject(b)) return a[mergeKey] === b[mergeKey];
  return a === b || deepEqual(a, b);
}

function indexIn(list: JsonValue[], item: JsonValue, mergeKey: Key): number {
  return list.findIndex((v) => sameItem(v, item, mergeKey));
}

/** Splits `items` into those present in `by` and the rest, keeping their order (partition*ByPresentInList). */
function partition(items: JsonValue[], by: JsonValue[], mergeKey: Key): [JsonValue[], JsonValue[]] {
  const present: JsonValue[] = [];
  const absent: JsonValue[] = [];
  for (const item of items) {
    if (mergeKey !== undefined && isJsonObject(item) && !Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    (indexIn(by, item, mergeKey) >= 0 ? present : absent).push(item);
  }
  return [present, absent];
}

/**
 * normalizeElementOrder + mergeSortedSlice in patch.go: patch items sorted by the patch's (or the
 * `$setElementOrder`) order, server-only items by their order in the live list; then merged, taking a
 * server-only item first only when both it and the next patch item are in the live list and it stood
 * earlier. Example: live [a, web, b], patch [web] → [a, web, b]; live [1, 2, 3], patch [3, 1] → [2, 3, 1].
 */
function normalizeElementOrder(patchItems: JsonValue[], serverOnly: JsonValue[], patchOrder: JsonValue[], serverOrder: JsonValue[], mergeKey: Key) {
  const sortBy = (items: JsonValue[], order: JsonValue[]) => {
    const rank = (v: JsonValue) => {
      const i = indexIn(order, v, mergeKey);
      return i < 0 ? Infinity : i;
    };
    return items.map((v, i) => ({ v, r: rank(v), i })).sort((a, b) => a.r - b.r || a.i - b.i).map((e) => e.v);
  };
  const right = sortBy(patchItems, patchOrder);
  const left = sortBy(serverOnly, serverOrder);
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const li = indexIn(serverOrder, left[i]!, mergeKey);
    const ri = indexIn(serverOrder, right[j]!, mergeKey);
    out.push(li >= 0 && ri >= 0 && li < ri ? left[i++]! : right[j++]!);
  }
  return out.concat(left.slice(i), right.slice(j));
}
