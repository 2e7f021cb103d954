/**
 * `fieldValidation=Strict|Warn|Ignore` (the API server's server-side field validation, kubectl 1.27+
 * sends Strict by default): fields of a request body that the kind's schema does not know. Strict
 * refuses the request with 400 `strict decoding error: unknown field "spec.foo"`; Warn answers with a
 * `Warning: 299 - "unknown field \"spec.foo\""` header, which kubectl prints; Ignore says nothing.
 *
 * The walk follows the zod schema alongside the value. An object schema with no declared fields
 * (`z.looseObject({})`) stands for a part of the API kubesim keeps without modelling, and is not
 * looked into; such fields are never reported. Pure; O(size of the body).
 */
import type { z } from 'zod';
import { StatusError } from '../api/errors.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw new StatusError('BadRequest', `fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Strict", "Warn"`);
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'success']);

/** Paths (`spec.containers[0].bogus`) of the fields in `value` that `schema` does not declare. */
export function unknownFields(schema: z.ZodType, value: unknown, path = ''): string[] {
  let def = defOf(schema);
  for (let depth = 0; depth < 64; depth++) {
    if (WRAPPERS.has(def.type) && def.innerType) def = defOf(def.innerType);
    else if (def.type === 'pipe' && def.in) def = defOf(def.in);
    else if (def.type === 'lazy' && def.getter) def = defOf(def.getter());
    else break;
  }
  if (value === null || typeof value !== 'object') return [];
  switch (def.type) {
    case 'object':
      return unknownInObject(def, value as Record<string, unknown>, path);
    case 'array':
      if (!Array.isArray(value) || !def.element) return [];
      return value.flatMap((item, i) => unknownFields(def.element!, item, `${path}[${i}]`));
    case 'record':
      if (Array.isArray(value) || !def.valueType) return [];
      return Object.entries(value).flatMap(([k, v]) => unknownFields(def.valueType!, v, join(path, k)));
    case 'union': {
      // The option that explains the value best: the fewest unknown fields.
      let best: string[] | undefined;
      for (const option of def.options ?? []) {
        const found = unknownFields(option, value, path);
        if (!best || found.length < best.length) best = found;
        if (found.length === 0) break;
      }
      return best ?? [];
    }
    default:
      return [];
  }
}

function unknownInObject(def: Def, value: Record<string, unknown>, path: string): string[] {
  if (Array.isArray(value)) return [];
  const shape = def.shape ?? {};
  const declared = Object.keys(shape);
  const catchallType = def.catchall ? defOf(def.catchall).type : 'never';
  // An object with no declared fields that lets anything through is a part kubesim does not model.
  if (declared.length === 0 && catchallType !== 'never') return [];
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = shape[key];
    if (field) out.push(...unknownFields(field, v, join(path, key)));
    else if (catchallType === 'unknown' || catchallType === 'never' || catchallType === 'any') out.push(join(path, key));
    else out.push(...unknownFields(def.catchall!, v, join(path, key)));
  }
  return out;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Fields Kubernetes has that kubesim's schemas do not declare (yet): they are kept as sent, and must not
 * be reported as unknown, or `kubectl apply` (which asks for Strict) would refuse valid manifests.
 * Matched on the path with list indexes removed, by suffix, so pod templates inside workloads match too.
 */
const UNMODELLED_FIELDS = [
  'metadata.managedFields',
  'spec.hostUsers',
  'spec.resourceClaims',
  'spec.ephemeralContainers',
  'spec.setHostnameAsFQDN',
  'spec.resources',
  'containers.volumeDevices',
  'initContainers.volumeDevices',
  'spec.loadBalancerSourceRanges',
  'spec.loadBalancerClass',
  'spec.trafficDistribution',
];

/** `unknown` without the fields Kubernetes has but kubesim does not model. */
export function withoutUnmodelled(unknown: readonly string[]): string[] {
  return unknown.filter((path) => {
    const bare = path.replace(/\[\d+\]/g, '');
    return !UNMODELLED_FIELDS.some((f) => bare === f || bare.endsWith(`.${f}`));
  });
}

/** What a request with `mode` gets for `unknown`: a thrown 400 (Strict) or the warnings to send (Warn). */
export function checkFields(mode: FieldValidation, found: readonly string[]): string[] {
  const unknown = withoutUnmodelled(found);
  if (mode === 'Ignore' || unknown.length === 0) return [];
  const messages = unknown.map((f) => `unknown field "${f}"`);
  if (mode === 'Strict') throw new StatusError('BadRequest', `strict decoding error: ${messages.join(', ')}`);
  return messages;
}

/** The `Warning` header value for `messages` (RFC 7234 warn-code 299, as the API server sends them). */
export function warningHeader(messages: readonly string[]): string {
  return messages.map((m) => `299 - ${JSON.stringify(m)}`).join(', ');
}
