/**
 * ConfigMap (v1). Guarantees (ValidateConfigMap): keys are valid config keys and appear in only one of
 * `data` and `binaryData`; `binaryData` values are canonical base64; everything together is at most
 * 1 MiB; an `immutable` ConfigMap keeps its contents forever.
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

export const ConfigMapSchema = z.looseObject({
  apiVersion: z.string().default('v1'),
  kind: z.string().default('ConfigMap'),
  metadata: ObjectMetaSchema,
  data: z.record(z.string(), z.string()).optional(),
  binaryData: z.record(z.string(), z.string()).optional(),
  immutable: z.boolean().optional(),
});
export type ConfigMap = z.infer<typeof ConfigMapSchema>;

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, true, isDNS1123Subdomain);
  errs.push(...validateKeys(cm.data, 'data'));
  for (const key of Object.keys(cm.data ?? {})) {
    // A volume would get two files of the same name.
    if (cm.binaryData && Object.hasOwn(cm.binaryData, key)) {
      errs.push(fieldError.invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    }
  }
  errs.push(...validateKeys(cm.binaryData, 'binaryData'));
  errs.push(...validateBase64Values(cm.binaryData, 'binaryData'));
  const size =
    Object.values(cm.data ?? {}).reduce((n, v) => n + Buffer.byteLength(v, 'utf8'), 0) +
    Object.values(cm.binaryData ?? {}).reduce((n, v) => n + decodedLength(v), 0);
  // Kubernetes reports this on the whole object, with an empty field path.
  if (size > MAX_SECRET_SIZE) errs.push(fieldError.tooLong('', MAX_SECRET_SIZE));
  return errs;
}

export const configMapDef: KindDef<ConfigMap> = {
  kind: 'ConfigMap',
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  plural: 'configmaps',
  singular: 'configmap',
  namespaced: true,
  shortNames: ['cm'],
  categories: [],
  statusSubresource: false,
  generationFromSpec: false,
  schema: ConfigMapSchema,
  applyDefaults(cm) {
    // binaryData is []byte in Go: decoded at the door and encoded again on the way out.
    canonicalizeBase64(cm.binaryData);
  },
  validate: validateConfigMap,
  validateUpdate: (cm, old) => validateImmutableBags(cm, old, ['data', 'binaryData']),
};
