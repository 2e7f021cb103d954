/**
 * Deployment (apps/v1): the schema, SetDefaults_Deployment, and the KindDef that ties them to the
 * validation in validation/deployment.ts. Guarantees of an admitted Deployment: replicas,
 * minReadySeconds, revisionHistoryLimit and progressDeadlineSeconds are numbers; `strategy.type` is set,
 * and a RollingUpdate strategy always has both maxSurge and maxUnavailable; the template carries every
 * pod default. The status is what the controller last wrote, absent before its first report; every
 * count is optional, as the API server omits it while it is zero.
 */
import { z } from 'zod';
import { IntOrStringSchema } from './intstr.js';
import type { KindDef } from './kind.js';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta.js';
import { PodTemplateSpecSchema } from './pod.js';
import { applyTemplateDefaults } from './pod-defaults.js';
import { validateDeployment, validateDeploymentStatus, validateDeploymentUpdate } from './validation/deployment.js';

/** v1's defaults, unlike extensions/v1beta1's 1 and 1: a quarter of the replicas either way. */
export const DEFAULT_MAX_SURGE = '25%';
export const DEFAULT_MAX_UNAVAILABLE = '25%';

export const RollingUpdateDeploymentSchema = z.looseObject({
  maxUnavailable: IntOrStringSchema.default(DEFAULT_MAX_UNAVAILABLE),
  maxSurge: IntOrStringSchema.default(DEFAULT_MAX_SURGE),
});
export type RollingUpdateDeployment = z.infer<typeof RollingUpdateDeploymentSchema>;

export const DeploymentStrategySchema = z.looseObject({
  type: z.string().default('RollingUpdate'),
  // Defaulted in applyDeploymentDefaults: only a RollingUpdate strategy gets one.
  rollingUpdate: RollingUpdateDeploymentSchema.optional(),
});
export type DeploymentStrategy = z.infer<typeof DeploymentStrategySchema>;

export const DeploymentSpecSchema = z.looseObject({
  replicas: z.int().default(1),
  selector: LabelSelectorSchema.optional(),
  template: PodTemplateSpecSchema.prefault({}),
  strategy: DeploymentStrategySchema.prefault({}),
  minReadySeconds: z.int().default(0),
  revisionHistoryLimit: z.int().default(10),
  paused: z.boolean().optional(),
  progressDeadlineSeconds: z.int().default(600),
});
export type DeploymentSpec = z.infer<typeof DeploymentSpecSchema>;

export const DeploymentConditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  lastUpdateTime: z.string().optional(),
  lastTransitionTime: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});
export type DeploymentCondition = z.infer<typeof DeploymentConditionSchema>;

export const DeploymentStatusSchema = z.looseObject({
  observedGeneration: z.int().optional(),
  replicas: z.int().optional(),
  updatedReplicas: z.int().optional(),
  readyReplicas: z.int().optional(),
  availableReplicas: z.int().optional(),
  unavailableReplicas: z.int().optional(),
  terminatingReplicas: z.int().optional(),
  conditions: z.array(DeploymentConditionSchema).optional(),
  collisionCount: z.int().optional(),
});
export type DeploymentStatus = z.infer<typeof DeploymentStatusSchema>;

export const DeploymentSchema = z.looseObject({
  apiVersion: z.string().default('apps/v1'),
  kind: z.string().default('Deployment'),
  metadata: ObjectMetaSchema,
  spec: DeploymentSpecSchema.prefault({}),
  // Absent until the controller first reports (the API server shows the reset status as `{}`).
  status: DeploymentStatusSchema.optional(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

/**
 * The part of SetDefaults_Deployment that depends on other fields: Go treats an empty `type` as unset,
 * and only a RollingUpdate strategy gets rollingUpdate defaults — a Recreate strategy stays bare, so that
 * validation can still tell a user who wrote `rollingUpdate` under Recreate that it is not allowed.
 */
export function applyDeploymentDefaults(d: Deployment): void {
  const strategy = d.spec.strategy;
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate' && !strategy.rollingUpdate) {
    strategy.rollingUpdate = { maxUnavailable: DEFAULT_MAX_UNAVAILABLE, maxSurge: DEFAULT_MAX_SURGE };
  }
  applyTemplateDefaults(d.spec.template);
}

export const deploymentDef: KindDef<Deployment> = {
  kind: 'Deployment',
  group: 'apps',
  version: 'v1',
  apiVersion: 'apps/v1',
  plural: 'deployments',
  singular: 'deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  statusSubresource: true,
  generationFromSpec: true,
  schema: DeploymentSchema,
  applyDefaults: applyDeploymentDefaults,
  validate: validateDeployment,
  validateUpdate: validateDeploymentUpdate,
  validateStatus: validateDeploymentStatus,
};
