/**
 * Pod (v1) and PodTemplateSpec: the schemas, and the KindDef that ties a Pod to its defaults
 * (pod-defaults.ts) and validation (validation/pod.ts). The one module the rest of kubesim imports for
 * pods: it re-exports the container, spec and status schemas and their types.
 *
 * An admitted Pod carries every default `kubectl get pod -o yaml` shows on a 1.32 cluster (pull
 * policies, probe timings, the two default tolerations, priority, service account, the QoS class once it
 * has a status), except the service-account token volume, which kubesim does not mount.
 */
import { z } from 'zod';
import type { KindDef } from './kind.js';
import { ObjectMetaSchema } from './meta.js';
import { applyPodDefaults } from './pod-defaults.js';
import { PodSpecSchema } from './pod-spec.js';
import { PodStatusSchema } from './pod-status.js';
import { validatePod, validatePodStatus, validatePodUpdate } from './validation/pod.js';

export * from './pod-container.js';
export * from './pod-spec.js';
export * from './pod-status.js';
export { applyPodDefaults, applyPodSpecDefaults, addDefaultTolerations, DEFAULT_TOLERATION_SECONDS } from './pod-defaults.js';
export { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from './pod-defaults.js';
export { computePodQOS, type PodQOSClass } from './pod-qos.js';
export { defaultPullPolicy, parseImageReference, type ImageReference } from './pod-image.js';

export const PodTemplateSpecSchema = z.looseObject({
  metadata: ObjectMetaSchema.prefault({}),
  spec: PodSpecSchema.prefault({}),
});
export type PodTemplateSpec = z.infer<typeof PodTemplateSpecSchema>;

export const PodSchema = z.looseObject({
  apiVersion: z.string().default('v1'),
  kind: z.string().default('Pod'),
  metadata: ObjectMetaSchema,
  spec: PodSpecSchema.prefault({}),
  // Set by the API server on create (`{phase: Pending}`); absent only on a manifest not yet created.
  status: PodStatusSchema.optional(),
});
export type Pod = z.infer<typeof PodSchema>;

export const podDef: KindDef<Pod> = {
  kind: 'Pod',
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  plural: 'pods',
  singular: 'pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  statusSubresource: true,
  generationFromSpec: false,
  schema: PodSchema,
  applyDefaults: applyPodDefaults,
  validate: validatePod,
  validateUpdate: validatePodUpdate,
  validateStatus: validatePodStatus,
};
