/**
 * Deployment validation (ValidateDeployment, ValidateDeploymentStatusUpdate in pkg/apis/apps/validation,
 * and the apps/v1 selector rule of pkg/registry/apps/deployment), in Kubernetes' order and words. The
 * selector and template rules are the ReplicaSet's, since a Deployment's template becomes one.
 */
import type { Deployment, DeploymentStrategy, RollingUpdateDeployment } from '../deployment.js';
import { fieldError, type FieldError } from '../errors.js';
import { getIntOrPercentValue, validateIntOrPercent, validateIntOrPercentAtMost100 } from '../intstr.js';
import { validateObjectMeta } from './meta.js';
import { isDNS1123Subdomain } from './names.js';
import {
  GREATER_THAN_READY_MSG,
  GREATER_THAN_REPLICAS_MSG,
  validateNonnegativeField,
  validateSelectorAndTemplate,
  validateSelectorImmutable,
} from './replicaset.js';

const STRATEGY_TYPES = ['Recreate', 'RollingUpdate'] as const;

/**
 * ValidateRollingUpdateDeployment. Both limits 0 would leave a rollout no room to move: it may neither
 * add a pod above `replicas` nor take one away. maxSurge may exceed 100% (3 extra pods of 2 is fine);
 * maxUnavailable may not, there being no pods to lose beyond all of them.
 */
function validateRollingUpdateDeployment(ru: RollingUpdateDeployment, path: string): FieldError[] {
  const errs = [
    ...validateIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`),
    ...validateIntOrPercent(ru.maxSurge, `${path}.maxSurge`),
  ];
  if (getIntOrPercentValue(ru.maxUnavailable) === 0 && getIntOrPercentValue(ru.maxSurge) === 0) {
    errs.push(fieldError.invalid(`${path}.maxUnavailable`, ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...validateIntOrPercentAtMost100(ru.maxUnavailable, `${path}.maxUnavailable`));
  return errs;
}

/** ValidateDeploymentStrategy. Kubernetes reports an unknown type on the whole strategy, not on `type`. */
export function validateDeploymentStrategy(strategy: DeploymentStrategy, path: string): FieldError[] {
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate
        ? [fieldError.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")]
        : [];
    case 'RollingUpdate':
      return strategy.rollingUpdate
        ? validateRollingUpdateDeployment(strategy.rollingUpdate, `${path}.rollingUpdate`)
        : [fieldError.required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
    default:
      return [fieldError.notSupported(path, strategy, STRATEGY_TYPES)];
  }
}

/** ValidateDeploymentSpec. apps/v1 has no `rollbackTo`: rollbacks are kubectl copying a template back. */
function validateDeploymentSpec(d: Deployment): FieldError[] {
  const spec = d.spec;
  const errs = validateNonnegativeField(spec.replicas, 'spec.replicas');
  errs.push(...validateSelectorAndTemplate(spec.selector, spec.template, 'spec'));
  errs.push(...validateDeploymentStrategy(spec.strategy, 'spec.strategy'));
  errs.push(...validateNonnegativeField(spec.minReadySeconds, 'spec.minReadySeconds'));
  // Zero is a valid limit: keep no old ReplicaSets at all.
  errs.push(...validateNonnegativeField(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const deadline = spec.progressDeadlineSeconds;
  errs.push(...validateNonnegativeField(deadline, 'spec.progressDeadlineSeconds'));
  // A pod must be able to become available before the rollout is declared stuck.
  if (deadline <= spec.minReadySeconds) {
    errs.push(fieldError.invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export function validateDeployment(d: Deployment): FieldError[] {
  return [...validateObjectMeta(d.metadata, true, isDNS1123Subdomain), ...validateDeploymentSpec(d)];
}

export function validateDeploymentUpdate(d: Deployment, old: Deployment): FieldError[] {
  return validateSelectorImmutable(d.spec.selector, old.spec.selector, 'spec.selector');
}

/**
 * ValidateDeploymentStatusUpdate: counts are never negative, no subset of the pods outnumbers them
 * all, and the collision count only grows (or the controller could reuse a hash it has seen collide).
 */
export function validateDeploymentStatus(d: Deployment, old?: Deployment): FieldError[] {
  const s = d.status ?? {};
  const errs: FieldError[] = [];
  const counts = [
    'observedGeneration',
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
    'terminatingReplicas',
    'collisionCount',
  ] as const;
  for (const f of counts) errs.push(...validateNonnegativeField(s[f], `status.${f}`));
  const replicas = s.replicas ?? 0;
  const updated = s.updatedReplicas ?? 0;
  const ready = s.readyReplicas ?? 0;
  const available = s.availableReplicas ?? 0;
  if (updated > replicas) errs.push(fieldError.invalid('status.updatedReplicas', updated, GREATER_THAN_REPLICAS_MSG));
  if (ready > replicas) errs.push(fieldError.invalid('status.readyReplicas', ready, GREATER_THAN_REPLICAS_MSG));
  if (available > replicas) errs.push(fieldError.invalid('status.availableReplicas', available, GREATER_THAN_REPLICAS_MSG));
  if (available > ready) errs.push(fieldError.invalid('status.availableReplicas', available, GREATER_THAN_READY_MSG));
  const oldCount = old?.status?.collisionCount;
  if (oldCount !== undefined && (s.collisionCount === undefined || s.collisionCount < oldCount)) {
    errs.push(fieldError.invalid('status.collisionCount', s.collisionCount ?? 0, 'cannot be decremented'));
  }
  return errs;
}
