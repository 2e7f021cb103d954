/**
 * Admission: what the API server does to an object at its door, in its order — decode against the
 * kind's schema (types and plain defaults), apply the defaults that depend on other fields, then validate.
 * The result is a fully defaulted object, mutable at its top and in its metadata (on an update, the parts
 * it shares with the stored version are that version's own frozen objects); any failure is one
 * StatusError that lists every problem found, so a user fixes a manifest in one pass.
 */
import { Immer } from 'immer';
import type { z } from 'zod';
import { badRequest, fieldError, invalidError, type FieldError } from './errors.js';
import { decodeChanged, type Issue } from './decode-changed.js';
import { copyWithRoom } from './object-room.js';
import { qualifiedKind, type KindDef } from './kind.js';
import type { KubeObject } from './meta.js';

/** Kubernetes' path notation: `spec.template.spec.containers[0].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

// Every number in the kinds kubesim serves is an int32 or int64 in Kubernetes, and zod reports a string
// given to `z.number().int()` as "expected number"; the API's word for all of them is integer.
const JSON_TYPE: Record<string, string> = {
  number: 'integer',
  int: 'integer',
  string: 'string',
  boolean: 'boolean',
  object: 'object',
  array: 'array',
  record: 'object',
};

/** Turns zod's issues into field errors worded like the API server's. */
export function zodIssuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => {
    const field = formatPath(issue.path);
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'invalid_type':
        if (input === undefined) return fieldError.required(field);
        return fieldError.invalid(field, input, `must be of type ${JSON_TYPE[issue.expected] ?? issue.expected}`);
      case 'invalid_value':
        return fieldError.notSupported(field, input, issue.values.map(String));
      case 'too_small':
        return fieldError.invalid(field, input, `must be greater than or equal to ${String(issue.minimum)}`);
      case 'too_big':
        return fieldError.invalid(field, input, `must be less than or equal to ${String(issue.maximum)}`);
      default:
        return fieldError.invalid(field, input, issue.message);
    }
  });
}

function nameOf(input: unknown): string {
  const meta = (input as { metadata?: { name?: unknown; generateName?: unknown } } | undefined)?.metadata;
  if (typeof meta?.name === 'string') return meta.name;
  if (typeof meta?.generateName === 'string') return meta.generateName;
  return '';
}

/** Rejects a body that is not an object of this kind, as the decoder does before any validation. */
export function checkTypeMeta(def: KindDef, input: unknown): void {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw badRequest(`the body of a ${def.kind} must be a JSON object`);
  }
  const o = input as { apiVersion?: unknown; kind?: unknown };
  if (o.kind !== undefined && o.kind !== def.kind) {
    throw badRequest(`the kind in the data (${String(o.kind)}) does not match the expected kind (${def.kind})`);
  }
  if (o.apiVersion !== undefined && o.apiVersion !== def.apiVersion) {
    throw badRequest(
      `the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${def.apiVersion})`,
    );
  }
}

// Its results are frozen by the store when they are committed; a private instance leaves immer's global
// settings as the embedding program set them.
const defaulter = new Immer({ autoFreeze: false });

/**
 * Decodes and defaults without validating: the object as the API server would hold it in memory. The top
 * and metadata are the caller's to change.
 *
 * An input that carries parts of a stored object — a ReplicaSet's pods get its template's spec, frozen —
 * is walked rather than handed to zod whole, so that those parts, where they decode to themselves, are
 * kept: shared by every pod of the ReplicaSet rather than copied into each. The defaults then run
 * through immer, which copies only what they change. Any other input (a manifest, an Event) is decoded
 * by zod and defaulted in place, which is faster when there is nothing to share.
 */
export function decode<T extends KubeObject>(def: KindDef<T>, input: unknown): T {
  checkTypeMeta(def, input);
  if (carriesStoredParts(input)) return decodeSharing(def, input);
  const parsed = def.schema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    throw invalidError(qualifiedKind(def), nameOf(input), zodIssuesToFieldErrors(parsed.error.issues));
  }
  const obj = parsed.data;
  obj.apiVersion = def.apiVersion;
  obj.kind = def.kind;
  def.applyDefaults?.(obj);
  return obj;
}

/**
 * Whether `input` holds a frozen object within a few levels — a part of a stored one, handed on: a
 * pod's spec, an Event's object reference, an address in an Endpoints subset.
 */
function carriesStoredParts(input: unknown, depth = 4): boolean {
  if (typeof input !== 'object' || input === null) return false;
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) if (isOrCarriesStored(input[i], depth)) return true;
    return false;
  }
  // for…in reads the object's own list of keys, where Object.values would copy its values.
  const o = input as Record<string, unknown>;
  for (const k in o) if (isOrCarriesStored(o[k], depth)) return true;
  return false;
}

function isOrCarriesStored(v: unknown, depth: number): boolean {
  if (typeof v !== 'object' || v === null) return false;
  return Object.isFrozen(v) || (depth > 1 && carriesStoredParts(v, depth - 1));
}

function decodeSharing<T extends KubeObject>(def: KindDef<T>, input: unknown): T {
  const issues: Issue[] = [];
  let decoded = decodeChanged(def.schema, input, undefined, [], issues) as T;
  if (issues.length > 0) throw invalidError(qualifiedKind(def), nameOf(input), zodIssuesToFieldErrors(issues));
  if (Object.isFrozen(decoded)) decoded = copyWithRoom(decoded);
  if (Object.isFrozen(decoded.metadata)) decoded.metadata = copyWithRoom(decoded.metadata);
  decoded.apiVersion = def.apiVersion;
  decoded.kind = def.kind;
  const defaults = def.applyDefaults;
  return defaults ? (defaulter.produce(decoded, (d) => defaults(d as T)) as T) : decoded;
}

/**
 * `decode` for a replacement of `old`: subtrees that are the stored version's own values (an immer recipe
 * keeps untouched ones shared) are kept as they are rather than decoded again, so the new version shares
 * them with the old one and an update costs what it changed. Those shared subtrees are frozen, so the
 * defaults run through immer, which leaves alone what they would set to the value it already has.
 */
function decodeUpdate<T extends KubeObject>(def: KindDef<T>, input: unknown, old: T): T {
  checkTypeMeta(def, input);
  const issues: Issue[] = [];
  let decoded = decodeChanged(def.schema, input, old, [], issues) as T;
  if (issues.length > 0) throw invalidError(qualifiedKind(def), nameOf(input), zodIssuesToFieldErrors(issues));
  // Equal parts come back as the stored version's frozen objects; the top and metadata are the caller's to change.
  if (decoded === old) decoded = copyWithRoom(old);
  if (decoded.metadata === old.metadata) decoded.metadata = copyWithRoom(old.metadata);
  decoded.apiVersion = def.apiVersion;
  decoded.kind = def.kind;
  const defaults = def.applyDefaults;
  return defaults ? (defaulter.produce(decoded, (d) => defaults(d as T)) as T) : decoded;
}

/**
 * Decode, default and validate `input` as a new object (or as a replacement of `old`). Throws a
 * StatusError (Invalid, BadRequest) that lists every problem; returns a mutable object otherwise.
 */
export function admit<T extends KubeObject>(def: KindDef<T>, input: unknown, old?: T): T {
  const obj = old ? decodeUpdate(def, input, old) : decode(def, input);
  const errs = def.validate(obj, old);
  if (old) errs.push(...(def.validateUpdate?.(obj, old) ?? []));
  if (errs.length > 0) throw invalidError(qualifiedKind(def), nameOf(obj), errs);
  return obj;
}

/**
 * An update through the status subresource: only `status` is taken from the request, decoded against
 * the kind's status schema alone, and validated. This is the hot path of every kubelet and controller,
 * so fields that are the very values of the stored status (immer keeps untouched subtrees shared) are
 * not decoded again: they were admitted when they were written.
 */
export function admitStatus<T extends KubeObject>(def: KindDef<T>, old: T, status: unknown): T {
  const statusSchema = (def.schema as unknown as { shape?: { status?: z.ZodType } }).shape?.status;
  let decoded: unknown = status;
  if (statusSchema) {
    const issues: Issue[] = [];
    decoded = decodeChanged(statusSchema, status, old.status, ['status'], issues);
    if (issues.length > 0) throw invalidError(qualifiedKind(def), old.metadata.name ?? '', zodIssuesToFieldErrors(issues));
  }
  // Copies with room for their fields (object-room.ts): `{ ...old }` of a frozen object has four.
  const obj = copyWithRoom(old);
  obj.metadata = copyWithRoom(old.metadata);
  if (decoded !== undefined) (obj as { status?: unknown }).status = decoded;
  else delete obj.status;
  const errs = def.validateStatus ? def.validateStatus(obj, old) : def.validate(obj);
  if (errs.length > 0) throw invalidError(qualifiedKind(def), old.metadata.name ?? '', errs);
  return obj;
}
