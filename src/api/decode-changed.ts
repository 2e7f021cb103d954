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

export type Issue = z.core.$ZodIssue;

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  checks?: unknown[];
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

function parseWhole(schema: z.ZodType, value: unknown, path: PropertyKey[], issues: Issue[]): unknown {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  for (const i of parsed.error.issues) issues.push({ ...i, path: [...path, ...i.path] });
  return undefined;
}

/**
 * `value` decoded against `schema`, reusing the parts identical to `previous` (its stored, already
 * decoded version). Problems are appended to `issues` with their paths under `path`.
 */
export function decodeChanged(schema: z.ZodType, value: unknown, previous: unknown, path: PropertyKey[], issues: Issue[]): unknown {
  if (value === previous && value !== undefined) return value;
  const def = unwrap(schema);
  const plain = !def.checks || def.checks.length === 0;
  if (plain && isPlainLeaf(def.type, value)) return value;
  // A new object or array (no stored version to share with) is walked all the same, field by field:
  // that is what makes its plain leaves cost nothing.
  if (plain && def.type === 'object' && def.shape && defOf(def.catchall ?? schema).type === 'unknown' && isPlainObject(value) && (previous === undefined || isPlainObject(previous))) {
    const before = (previous ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const field = def.shape[key];
      const v = value[key];
      const kept = !field || (v === before[key] && v !== undefined);
      const decoded = kept ? v : decodeChanged(field, v, before[key], [...path, key], issues);
      if (decoded !== undefined) out[key] = decoded;
    }
    // Fields left out get their defaults (or a Required error), as a full decode would give them.
    for (const absent of absentFields(def)) {
      if (absent.key in value) continue;
      if (absent.issues) for (const i of absent.issues) issues.push({ ...i, path: [...path, absent.key, ...i.path] });
      else out[absent.key] = absent.data;
    }
    return out;
  }
  // A sparse array (an immer recipe that wrote past the end) is decoded whole, so its holes are refused.
  if (plain && def.type === 'array' && def.element && Array.isArray(value) && (previous === undefined || Array.isArray(previous)) && !hasHoles(value)) {
    const before = (previous ?? []) as unknown[];
    const element = def.element;
    // An element the stored array holds anywhere was decoded when it was written: an insertion or a
    // removal shifts the rest, and they are kept all the same.
    const stored = new Set<unknown>(before);
    return value.map((v, i) => (v !== undefined && stored.has(v) ? v : decodeChanged(element, v, before[i], [...path, i], issues)));
  }
  return parseWhole(schema, value, path, issues);
}
