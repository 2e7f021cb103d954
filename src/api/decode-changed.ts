/**
 * Decoding only what changed. A write made by an immer recipe shares every untouched subtree with the
 * stored version, and those subtrees were decoded and validated when they were written. Walking the
 * schema beside the value, this decodes a subtree only where it is a new value, and keeps the stored
 * one (the same reference) wherever it is not — so a kubelet that flips one container's `ready` pays
 * for that container, not for the pod.
 *
 * The result is what a full decode would give: where the schema does more than describe fields (a
 * transform, a refinement, an object that strips unknown keys), the subtree is decoded whole.
 */
import type { z } from 'zod';
import { deepFreeze } from './freeze.js';
import { ListElements } from './list-elements.js';
import { fieldCount, ObjectMakers, sameFields } from './object-room.js';

export type Issue = z.core.$ZodIssue;

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  checks?: unknown[];
  /** Set on a schema that is itself a check, such as `z.int()` (a number of format safeint). */
  check?: string;
  format?: string;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable']);

/** The schema under optional/default/prefault/nullable, which only matter for absent values. */
function unwrap(schema: z.ZodType): SchemaDef {
  let def = defOf(schema);
  while (def.innerType && WRAPPERS.has(def.type)) def = defOf(def.innerType);
  return def;
}

function hasHoles(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (!(i in a)) return true;
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Absent {
  key: string;
  data?: unknown;
  issues?: Issue[];
}

const absentCache = new WeakMap<SchemaDef, Absent[]>();

/**
 * What an object schema makes of each of its fields when the field is left out — a default, or a
 * Required error — for the fields where that is anything but "still absent". Computed once per schema:
 * most fields are optional, and asking each of them on every write was most of a small write's cost.
 */
function absentFields(def: SchemaDef): Absent[] {
  let out = absentCache.get(def);
  if (!out) {
    out = [];
    for (const [key, field] of Object.entries(def.shape ?? {})) {
      const parsed = field.safeParse(undefined, { reportInput: true });
      if (!parsed.success) out.push({ key, issues: parsed.error.issues });
      // Defaults are shared between objects; stored objects are frozen all through, so nobody can change one.
      else if (parsed.data !== undefined) out.push({ key, data: deepFreeze(parsed.data) });
    }
    absentCache.set(def, out);
  }
  return out;
}

/** A value a schema of this type, with no checks, takes as it is: zod would hand back the same value. */
function isPlainLeaf(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return false;
  }
}

/** Where a value sits, as a chain to its parent: built as the walk goes, spelled out only for an issue. */
interface At {
  up: At | PropertyKey[];
  key: PropertyKey;
}

/** A value's place given as its parent's and its own key: the chain link is made only when it is needed. */
const TOP = Symbol('top');
type Key = PropertyKey | typeof TOP;

function placeOf(up: At | PropertyKey[], key: Key): At | PropertyKey[] {
  return key === TOP ? up : { up, key };
}

function pathOf(at: At | PropertyKey[]): PropertyKey[] {
  if (Array.isArray(at)) return at;
  const keys: PropertyKey[] = [];
  let cur: At | PropertyKey[] = at;
  while (!Array.isArray(cur)) {
    keys.push(cur.key);
    cur = cur.up;
  }
  return [...cur, ...keys.reverse()];
}

/** A field of an object schema: its place in the schema, and its schema unwrapped. */
interface Field {
  place: number;
  schema: z.ZodType;
  def: SchemaDef;
  /** No checks, no format: a plain leaf value of its type is taken as it is. */
  plain: boolean;
  /** The field's schema's good leaves (see goodLeaves), once it has any: asked without a look-up. */
  good: Set<unknown> | undefined;
}

/**
 * An object schema's fields by name, what it makes of the ones left out, whether it keeps unknown
 * fields, and the makers of objects with room for its fields (object-room.ts).
 */
interface Fields {
  byKey: Map<string, Field>;
  absent: Absent[];
  /** A loose object: unknown fields are kept as they are (anything else strips them, a job for zod). */
  loose: boolean;
  makers: ObjectMakers;
}

const fieldsCache = new WeakMap<SchemaDef, Fields>();

function isPlain(def: SchemaDef): boolean {
  return (!def.checks || def.checks.length === 0) && def.check === undefined && def.format === undefined;
}

/** Each field of an object schema, worked out once: one look-up per field of a value walked. */
function fieldsOf(def: SchemaDef): Fields {
  let fields = fieldsCache.get(def);
  if (!fields) {
    const byKey = new Map<string, Field>();
    for (const [key, schema] of Object.entries(def.shape ?? {})) {
      const inner = unwrap(schema);
      byKey.set(key, { place: byKey.size, schema, def: inner, plain: isPlain(inner), good: undefined });
    }
    const loose = def.catchall !== undefined && defOf(def.catchall).type === 'unknown';
    fields = { byKey, absent: absentFields(def), loose, makers: new ObjectMakers() };
    fieldsCache.set(def, fields);
  }
  return fields;
}

/** A leaf the field takes as it is: plain of its type, or one its checks passed before (goodLeaves). */
function keptLeaf(field: Field, v: unknown): boolean {
  if (field.plain && isPlainLeaf(field.def.type, v)) return true;
  // A null a nullable field has taken before, an int or enum value checked before.
  if (typeof v === 'object' && v !== null) return false;
  return (field.good ??= goodLeaves.get(field.schema))?.has(v) === true;
}

/**
 * Whether a frozen value — part of a stored object, handed on — decodes to itself without a walk: its
 * fields in the schema's order, each a leaf the field takes as it is, its stored counterpart's own
 * value, or a part that decodes to itself in turn; none left out that the schema would fill in or
 * require. Most such values are small and shared (an Event's source and object reference, a pod
 * condition, a container's state), and this asks them without building the copy a walk builds.
 * `previous` is the value's stored counterpart, if any.
 */
function takenAsIs(fields: Fields, value: Record<string, unknown>, previous: Record<string, unknown> | undefined): boolean {
  let last = -1;
  for (const k in value) {
    const field = fields.byKey.get(k);
    const v = value[k];
    if (v === undefined) return false;
    if (!field) {
      last = fields.byKey.size;
      continue;
    }
    if (field.place < last) return false;
    last = field.place;
    if (keptLeaf(field, v) || (previous !== undefined && v === previous[k])) continue;
    if (typeof v !== 'object' || v === null) return false;
    if (decodedAsIs.get(v) !== field.def && !nestedAsIs(field.def, v, previous?.[k])) return false;
  }
  for (const absent of fields.absent) if (!(absent.key in value)) return false;
  return true;
}

/**
 * A frozen object within one asked by takenAsIs: it decodes to itself, and is not its stored
 * counterpart's equal (a walk would give the counterpart instead). Counted as a walk, so that a large
 * value is remembered as a walk of it would be.
 */
function nestedAsIs(def: SchemaDef, value: object, previous: unknown): boolean {
  if (!isPlainObject(value) || !Object.isFrozen(value) || def.type !== 'object' || !def.shape || !isPlain(def)) return false;
  if (previous !== undefined && !isPlainObject(previous)) return false;
  const fields = fieldsOf(def);
  walks++;
  return fields.loose && takenAsIs(fields, value, previous) && !(previous !== undefined && sameFields(value, previous));
}

/** `obj`'s keys with the schema's fields first, in the schema's order, then the others as they came. */
function inShapeOrder(obj: Record<string, unknown>, fields: Fields): Record<string, unknown> {
  const keys = Object.keys(obj);
  const sorted = keys.map((k, i) => ({ k, i, at: fields.byKey.get(k)?.place ?? fields.byKey.size })).sort((a, b) => a.at - b.at || a.i - b.i);
  const out = fields.makers.make(keys.length);
  for (const { k } of sorted) out[k] = obj[k];
  return out;
}

/** Whether two values are the same JSON, keys in the same order. */
function identical(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ka = Object.keys(ao);
  const kb = Object.keys(bo);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || !identical(ao[ka[i]!], bo[kb[i]!])) return false;
  return true;
}

/**
 * Leaves with checks (an int, an enum, a name) that decoded to themselves, per schema: a port, a count
 * or a restart policy takes few values, and each is asked of zod once. Bounded, so a field of many
 * values (a timestamp) stops being remembered rather than growing the table.
 */
const goodLeaves = new WeakMap<z.ZodType, Set<unknown>>();
const GOOD_LEAVES = 256;

/**
 * zod's decode of a whole subtree. A value identical to its stored version is that version: the stored
 * one was decoded, and decoding is idempotent. A frozen one zod gives back unchanged is kept, shared.
 */
function parseWhole(schema: z.ZodType, value: unknown, previous: unknown, up: At | PropertyKey[], key: Key, issues: Issue[]): unknown {
  const leaf = typeof value !== 'object' || value === null;
  if (leaf && goodLeaves.get(schema)?.has(value)) return value;
  if (!leaf && previous !== undefined && identical(value, previous)) return previous;
  // A subtree zod has to parse (a label map, a union) costs more than a walk of several values: counted
  // so, a frozen one that decodes to itself is remembered (see walk), and a template's labels, shared by
  // every pod of a ReplicaSet, are parsed for the first pod only.
  if (!leaf) walks += REMEMBERED_WALKS;
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) {
    if (leaf && parsed.data === value) {
      let good = goodLeaves.get(schema);
      if (!good) goodLeaves.set(schema, (good = new Set()));
      if (good.size < GOOD_LEAVES) good.add(value);
    }
    return !leaf && Object.isFrozen(value) && identical(parsed.data, value) ? value : parsed.data;
  }
  const path = pathOf(placeOf(up, key));
  for (const i of parsed.error.issues) issues.push({ ...i, path: [...path, ...i.path] });
  return undefined;
}

/**
 * `value` decoded against `schema`, reusing the parts identical to `previous` (its stored, already
 * decoded version, or undefined for a new object). An object or array that comes out equal to its
 * stored counterpart, field by field, is that counterpart: a write that rebuilt a value from scratch
 * still shares what did not change with the version before. Problems are appended to `issues` with
 * their paths under `path`. Defaults filled in are shared, frozen values.
 */
export function decodeChanged(schema: z.ZodType, value: unknown, previous: unknown, path: PropertyKey[], issues: Issue[]): unknown {
  return walk(schema, unwrap(schema), value, previous, path, TOP, issues);
}

/**
 * Frozen values — parts of stored objects, handed on — that a walk found to decode to themselves, with
 * the schema they were walked against: a ReplicaSet's template spec, shared by every pod it creates, is
 * walked for the first pod only. Only values that took a walk of several values are remembered: a
 * small one (an address, an object reference) costs less to walk again than to file.
 */
const decodedAsIs = new WeakMap<object, SchemaDef>();
const REMEMBERED_WALKS = 4;
/** Values walked so far, to tell how many a subtree took. */
let walks = 0;

/** `def` is `schema` unwrapped; the value sits at `key` under `up`. */
function walk(schema: z.ZodType, def: SchemaDef, value: unknown, previous: unknown, up: At | PropertyKey[], key: Key, issues: Issue[]): unknown {
  if (value === previous && value !== undefined) return value;
  if (typeof value === 'object' && value !== null && Object.isFrozen(value) && decodedAsIs.get(value) === def) return value;
  const before = issues.length;
  const start = walks++;
  const out = walkChanged(schema, def, value, previous, up, key, issues);
  if (out === value && walks - start >= REMEMBERED_WALKS && issues.length === before && typeof value === 'object' && value !== null && Object.isFrozen(value)) {
    decodedAsIs.set(value, def);
  }
  return out;
}

function walkChanged(schema: z.ZodType, def: SchemaDef, value: unknown, previous: unknown, up: At | PropertyKey[], key: Key, issues: Issue[]): unknown {
  const plain = isPlain(def);
  if (plain && isPlainLeaf(def.type, value)) return value;
  // A new object or array (no stored version to share with) is walked all the same, field by field:
  // that is what makes its plain leaves cost nothing.
  if (plain && def.type === 'object' && def.shape && isPlainObject(value) && (previous === undefined || isPlainObject(previous))) {
    const fields = fieldsOf(def);
    if (!fields.loose) return parseWhole(schema, value, previous, up, key, issues);
    const stored = previous as Record<string, unknown> | undefined;
    if (Object.isFrozen(value) && takenAsIs(fields, value, stored)) return stored !== undefined && sameFields(value, stored) ? previous : value;
    const before = (previous ?? {}) as Record<string, unknown>;
    const at = placeOf(up, key);
    // The fields are counted and then walked with for…in, which reads the object's own list of keys
    // where Object.keys would copy it.
    const given = fieldCount(value);
    const absentOnes = fields.absent;
    // Room for every field given and every default that may be filled in.
    let out = fields.makers.make(given + absentOnes.length);
    // zod puts the schema's fields first, in its order, then the unknown ones: so does this.
    let last = -1;
    let inOrder = true;
    // Whether every field came out as the stored version's own value: then that version is the answer.
    let same = previous !== undefined;
    // Whether a frozen value — part of a stored object, handed on — came out as itself, field by field:
    // then it is the answer, shared rather than copied.
    let asIs = Object.isFrozen(value);
    let count = 0;
    for (const k in value) {
      const field = fields.byKey.get(k);
      const v = value[k];
      const was = before[k];
      // Unknown fields, the stored version's own values and plain leaves are taken as they are.
      const kept = !field || (v === was && v !== undefined) || keptLeaf(field, v);
      const decoded = kept ? v : walk(field.schema, field.def, v, was, at, k, issues);
      if (decoded !== v || v === undefined) asIs = false;
      if (decoded === undefined) continue;
      out[k] = decoded;
      count++;
      if (decoded !== was) same = false;
      const i = field ? field.place : fields.byKey.size;
      if (i < last) inOrder = false;
      last = i;
    }
    // Fields left out get their defaults (or a Required error), as a full decode would give them.
    for (const absent of absentOnes) {
      if (absent.key in value) continue;
      if (absent.issues) {
        const path = pathOf(at);
        for (const i of absent.issues) issues.push({ ...i, path: [...path, absent.key, ...i.path] });
        continue;
      }
      out[absent.key] = absent.data;
      asIs = false;
      count++;
      if (absent.data !== before[absent.key]) same = false;
      const i = fields.byKey.get(absent.key)!.place;
      if (i < last) inOrder = false;
      last = i;
    }
    if (same && count === fieldCount(before)) return previous;
    if (asIs && inOrder) return value;
    if (!inOrder) out = inShapeOrder(out, fields);
    return out;
  }
  // A sparse array (an immer recipe that wrote past the end) is decoded whole, so its holes are refused.
  if (plain && def.type === 'array' && def.element && Array.isArray(value) && (previous === undefined || Array.isArray(previous)) && !hasHoles(value)) {
    const before = (previous ?? []) as unknown[];
    const at = placeOf(up, key);
    const element = def.element;
    const elementDef = unwrap(element);
    const plainElements = isPlain(elementDef);
    // An element the stored array holds anywhere was decoded when it was written: an insertion or a
    // removal shifts the rest, and they are kept all the same (ListElements finds them where they most
    // likely are). Only a frozen element is looked for: stored objects are frozen, and a new element a
    // writer built never is.
    let stored: ListElements<unknown> | undefined;
    // Whether every element came out as the stored array's own, in its place: then that array is the answer.
    let same = previous !== undefined && value.length === before.length;
    let asIs = Object.isFrozen(value);
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const kept =
        (v === before[i] && v !== undefined) ||
        (plainElements && isPlainLeaf(elementDef.type, v)) ||
        (typeof v === 'object' && v !== null && before.length > 0 && Object.isFrozen(v) && (stored ??= new ListElements(before)).has(v, i));
      const decoded = kept ? v : walk(element, elementDef, v, before[i], at, i, issues);
      out[i] = decoded;
      if (decoded !== v) asIs = false;
      if (decoded !== before[i]) same = false;
    }
    return same ? previous : asIs ? value : out;
  }
  return parseWhole(schema, value, previous, up, key, issues);
}
