/**
 * Secret (v1). Guarantees: `type` is set (Opaque unless written); `stringData` is write-only — merged
 * into `data` as base64 at the door, winning over a `data` key of the same name, and never stored;
 * `data` values are canonical base64 of at most 1 MiB in total; an `immutable` Secret keeps its data
 * and its type forever. Defaulting is idempotent.
 */
import { z } from 'zod';
import { fieldError, type FieldError } from './errors.js';
import type { KindDef } from './kind.js';
import { ObjectMetaSchema } from './meta.js';
import {
  MAX_SECRET_SIZE,
  canonicalizeBase64,
  decodedLength,
  validateBase64Values,
  validateImmutableBags,
  validateKeys,
} from './validation/configmap.js';
import { validateObjectMeta } from './validation/meta.js';
import { isDNS1123Subdomain } from './validation/names.js';

export const SECRET_TYPE_OPAQUE = 'Opaque';

export const SecretSchema = z.looseObject({
  apiVersion: z.string().default('v1'),
  kind: z.string().default('Secret'),
  metadata: ObjectMetaSchema,
  type: z.string().default(SECRET_TYPE_OPAQUE),
  data: z.record(z.string(), z.string()).optional(),
  stringData: z.record(z.string(), z.string()).optional(),
  immutable: z.boolean().optional(),
});
export type Secret = z.infer<typeof SecretSchema>;

export function applySecretDefaults(secret: Secret): void {
  // SetDefaults_Secret; Go treats an empty type like an absent one.
  if (!secret.type) secret.type = SECRET_TYPE_OPAQUE;
  canonicalizeBase64(secret.data);
  // The v1 conversion: stringData is a convenience for writers, folded into data and then forgotten.
  if (secret.stringData) {
    const data = { ...secret.data };
    for (const [key, value] of Object.entries(secret.stringData)) data[key] = Buffer.from(value, 'utf8').toString('base64');
    secret.data = data;
    delete secret.stringData;
  }
}

/** Keys each built-in Secret type must carry (ValidateSecret's switch on type). */
function validateTypeRequirements(secret: Secret): FieldError[] {
  const data = secret.data ?? {};
  const need = (key: string) => (Object.hasOwn(data, key) ? [] : [fieldError.required(`data[${key}]`)]);
  const json = (key: string): FieldError[] => {
    if (!Object.hasOwn(data, key)) return [fieldError.required(`data[${key}]`)];
    try {
      JSON.parse(Buffer.from(data[key]!, 'base64').toString('utf8'));
      return [];
    } catch (e) {
      return [fieldError.invalid(`data[${key}]`, '<secret contents redacted>', (e as Error).message)];
    }
  };
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      return secret.metadata.annotations?.['kubernetes.io/service-account.name']
        ? []
        : [fieldError.required('metadata.annotations[kubernetes.io/service-account.name]')];
    case 'kubernetes.io/dockercfg':
      return json('.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return json('.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but at least one must be there.
      if (Object.hasOwn(data, 'username') || Object.hasOwn(data, 'password')) return [];
      return [...need('username'), ...need('password')];
    case 'kubernetes.io/ssh-auth':
      return decodedLength(data['ssh-privatekey'] ?? '') > 0 ? [] : [fieldError.required('data[ssh-privatekey]')];
    case 'kubernetes.io/tls':
      return [...need('tls.crt'), ...need('tls.key')];
    default:
      return [];
  }
}

export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, true, isDNS1123Subdomain);
  errs.push(...validateKeys(secret.data, 'data'));
  errs.push(...validateBase64Values(secret.data, 'data'));
  const size = Object.values(secret.data ?? {}).reduce((n, v) => n + decodedLength(v), 0);
  if (size > MAX_SECRET_SIZE) errs.push(fieldError.tooLong('data', MAX_SECRET_SIZE));
  errs.push(...validateTypeRequirements(secret));
  return errs;
}

export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs: FieldError[] = [];
  // Consumers decide how to read a Secret by its type; changing it would reinterpret the data.
  if (secret.type !== old.type) errs.push(fieldError.invalid('type', secret.type, 'field is immutable'));
  errs.push(...validateImmutableBags(secret, old, ['data']));
  return errs;
}

export const secretDef: KindDef<Secret> = {
  kind: 'Secret',
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  plural: 'secrets',
  singular: 'secret',
  namespaced: true,
  shortNames: [],
  categories: [],
  statusSubresource: false,
  generationFromSpec: false,
  schema: SecretSchema,
  applyDefaults: applySecretDefaults,
  validate: validateSecret,
  validateUpdate: validateSecretUpdate,
};
