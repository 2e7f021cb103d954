/**
 * Namespace (v1): schema, defaults and validation. Guarantees: every admitted Namespace carries the
 * `kubernetes` finalizer unless its spec says otherwise, `status.phase` (Active unless told), and the
 * label `kubernetes.io/metadata.name=<name>`, which the API server sets and overwrites so that
 * NetworkPolicies can select namespaces by name.
 */
import { z } from 'zod';
import { fieldError, type FieldError } from './errors.js';
import type { KindDef } from './kind.js';
import { ObjectMetaSchema } from './meta.js';
import { validateObjectMeta } from './validation/meta.js';
import { isDNS1123Label, isQualifiedName } from './validation/names.js';

/** v1.LabelMetadataName. */
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';
/** The finalizer the namespace controller removes once everything in the namespace is gone. */
export const FINALIZER_KUBERNETES = 'kubernetes';

export const NamespaceSpecSchema = z.looseObject({
  finalizers: z.array(z.string()).default(() => [FINALIZER_KUBERNETES]),
});

export const NamespaceConditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  lastTransitionTime: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});

export const NamespaceStatusSchema = z.looseObject({
  phase: z.string().default('Active'),
  conditions: z.array(NamespaceConditionSchema).optional(),
});

export const NamespaceSchema = z.looseObject({
  apiVersion: z.string().default('v1'),
  kind: z.string().default('Namespace'),
  metadata: ObjectMetaSchema,
  spec: NamespaceSpecSchema.prefault({}),
  status: NamespaceStatusSchema.prefault({}),
});
export type Namespace = z.infer<typeof NamespaceSchema>;

/** helper.IsStandardFinalizerName: the finalizers Kubernetes itself defines. */
const STANDARD_FINALIZERS = new Set([FINALIZER_KUBERNETES, 'orphan', 'foregroundDeletion']);

function validateFinalizerName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => fieldError.invalid(path, name, m));
  if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
    errs.push(fieldError.invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, false, isDNS1123Label);
  // Kubernetes reports every finalizer at `spec.finalizers`, without an index.
  for (const f of ns.spec.finalizers) errs.push(...validateFinalizerName(f, 'spec.finalizers'));
  return errs;
}

/** ValidateNamespaceStatusUpdate: the phase follows deletionTimestamp, nothing else. */
export function validateNamespaceStatus(ns: Namespace): FieldError[] {
  const errs = validateNamespace(ns);
  const phase = ns.status.phase;
  // `status.Phase` with a capital P is how Kubernetes spells this path.
  if (!ns.metadata.deletionTimestamp) {
    if (phase !== 'Active') {
      errs.push(fieldError.invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
    }
  } else if (phase !== 'Terminating') {
    errs.push(fieldError.invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

export const namespaceDef: KindDef<Namespace> = {
  kind: 'Namespace',
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  plural: 'namespaces',
  singular: 'namespace',
  namespaced: false,
  shortNames: ['ns'],
  categories: [],
  statusSubresource: true,
  generationFromSpec: false,
  schema: NamespaceSchema,
  applyDefaults(ns) {
    // SetDefaults_Namespace: nameless (generateName) namespaces get the label once they have a name.
    if (ns.metadata.name) ns.metadata.labels = { ...ns.metadata.labels, [LABEL_METADATA_NAME]: ns.metadata.name };
  },
  validate: validateNamespace,
  validateStatus: (ns) => validateNamespaceStatus(ns),
};
