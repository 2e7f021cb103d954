/**
 * ReplicaSet (apps/v1): the schema, and the KindDef that ties it to pod template defaulting and to its
 * validation (validation/replicaset.ts). Guarantees of an admitted ReplicaSet: `spec.replicas` and
 * `spec.minReadySeconds` are numbers, the template carries every pod default, and `status.replicas` is
 * present (0 until the controller reports), as the API server shows it. Like apps/v1 itself, nothing
 * defaults the selector from the template's labels: a ReplicaSet must say what it selects.
 */
import { z } from 'zod';
import type { KindDef } from './kind.js';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta.js';
import { PodTemplateSpecSchema } from './pod.js';
import { applyTemplateDefaults } from './pod-defaults.js';
import { validateReplicaSet, validateReplicaSetStatus, validateReplicaSetUpdate } from './validation/replicaset.js';

export const ReplicaSetSpecSchema = z.looseObject({
  replicas: z.int().default(1),
  minReadySeconds: z.int().default(0),
  selector: LabelSelectorSchema.optional(),
  template: PodTemplateSpecSchema.prefault({}),
});
export type ReplicaSetSpec = z.infer<typeof ReplicaSetSpecSchema>;

export const ReplicaSetConditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  lastTransitionTime: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});
export type ReplicaSetCondition = z.infer<typeof ReplicaSetConditionSchema>;

export const ReplicaSetStatusSchema = z.looseObject({
  // The one count without omitempty in apps/v1: a fresh ReplicaSet shows `status: {replicas: 0}`.
  replicas: z.int().default(0),
  fullyLabeledReplicas: z.int().optional(),
  readyReplicas: z.int().optional(),
  availableReplicas: z.int().optional(),
  terminatingReplicas: z.int().optional(),
  observedGeneration: z.int().optional(),
  conditions: z.array(ReplicaSetConditionSchema).optional(),
});
export type ReplicaSetStatus = z.infer<typeof ReplicaSetStatusSchema>;

export const ReplicaSetSchema = z.looseObject({
  apiVersion: z.string().default('apps/v1'),
  kind: z.string().default('ReplicaSet'),
  metadata: ObjectMetaSchema,
  spec: ReplicaSetSpecSchema.prefault({}),
  status: ReplicaSetStatusSchema.prefault({}),
});
export type ReplicaSet = z.infer<typeof ReplicaSetSchema>;

/** SetDefaults_ReplicaSet has nothing beyond `replicas`; the template gets the pod defaults. */
export function applyReplicaSetDefaults(rs: ReplicaSet): void {
  applyTemplateDefaults(rs.spec.template);
}

export const replicaSetDef: KindDef<ReplicaSet> = {
  kind: 'ReplicaSet',
  group: 'apps',
  version: 'v1',
  apiVersion: 'apps/v1',
  plural: 'replicasets',
  singular: 'replicaset',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  statusSubresource: true,
  generationFromSpec: true,
  schema: ReplicaSetSchema,
  applyDefaults: applyReplicaSetDefaults,
  validate: validateReplicaSet,
  validateUpdate: validateReplicaSetUpdate,
  validateStatus: validateReplicaSetStatus,
};
