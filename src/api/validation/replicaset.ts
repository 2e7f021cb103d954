/**
 * ReplicaSet validation (ValidateReplicaSet, ValidateReplicaSetUpdate, ValidateReplicaSetStatusUpdate in
 * pkg/apis/apps/validation, and the selector rule of pkg/registry/apps/replicaset), in Kubernetes' order
 * and words. The selector and template checks are shared with Deployments, as they are in Kubernetes:
 * every error of an object is returned together, so a user fixes a manifest in one pass.
 */
import { fieldError, type FieldError } from '../errors.js';
import { isEverything, labelSelectorFromObject, matchesLabels, validateLabelSelector } from '../labels.js';
import type { LabelSelector } from '../meta.js';
import type { PodTemplateSpec } from '../pod.js';
import type { ReplicaSet } from '../replicaset.js';
import { validateObjectMeta } from './meta.js';
import { isDNS1123Subdomain } from './names.js';
import { validatePodTemplateSpec } from './pod.js';

/** apimachinery's IsNegativeErrorMsg. */
export const IS_NEGATIVE_MSG = 'must be greater than or equal to 0';
export const GREATER_THAN_REPLICAS_MSG = 'cannot be greater than status.replicas';
export const GREATER_THAN_READY_MSG = 'cannot be greater than readyReplicas';

/** ValidateNonnegativeField. An absent optional field is Go's nil pointer or zero value: valid. */
export function validateNonnegativeField(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [fieldError.invalid(path, value, IS_NEGATIVE_MSG)] : [];
}

/**
 * ValidatePodTemplateSpecForReplicaSet. `selector` is null when the object has none: like Go's
 * `labels.Nothing()` it matches no labels, so a missing selector is reported twice — as Required and
 * as a mismatch — exactly as the API server does. An empty selector (everything) skips the match.
 */
export function validatePodTemplateSpecForReplicaSet(
  template: PodTemplateSpec,
  selector: ReturnType<typeof labelSelectorFromObject>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const labels = template.metadata.labels;
  const matches = selector !== null && (isEverything(selector) || matchesLabels(selector, labels));
  if (!matches) errs.push(fieldError.invalid(`${path}.metadata.labels`, labels, '`selector` does not match template `labels`'));
  // A ReplicaSet keeps its pods running: one that exits is restarted in place, never left finished.
  errs.push(...validatePodTemplateSpec(template, path, { allowedRestartPolicies: ['Always'], forbidActiveDeadlineSeconds: true }));
  return errs;
}

/**
 * The selector and template rules ValidateReplicaSetSpec and ValidateDeploymentSpec share. Kubernetes
 * says "invalid for deployment" for an empty ReplicaSet selector too; we keep its words.
 */
export function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!selector) {
    errs.push(fieldError.required(`${path}.selector`));
  } else {
    errs.push(...validateLabelSelector(selector, `${path}.selector`));
    const terms = Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0);
    if (terms === 0) errs.push(fieldError.invalid(`${path}.selector`, selector, 'empty selector is invalid for deployment'));
  }
  let parsed: ReturnType<typeof labelSelectorFromObject>;
  try {
    parsed = labelSelectorFromObject(selector);
  } catch {
    errs.push(fieldError.invalid(`${path}.selector`, selector, 'invalid label selector'));
    return errs;
  }
  errs.push(...validatePodTemplateSpecForReplicaSet(template, parsed, `${path}.template`));
  return errs;
}

/**
 * Go's apiequality.Semantic.DeepEqual for JSON values: an absent field, a nil map or slice, an empty
 * one and an empty string are all the same zero value.
 */
function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === undefined ||
    v === null ||
    v === '' ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
  if (empty(a) && empty(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => semanticEqual(v, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  return [...new Set([...Object.keys(ao), ...Object.keys(bo)])].every((k) => semanticEqual(ao[k], bo[k]));
}

/**
 * apps/v1 makes `spec.selector` immutable (the registry's ValidateUpdate): a changed selector would
 * orphan the pods the old one adopted. A missing selector is a nil pointer, unlike an empty one.
 */
export function validateSelectorImmutable(
  selector: LabelSelector | undefined,
  old: LabelSelector | undefined,
  path: string,
): FieldError[] {
  const same = (selector === undefined) === (old === undefined) && semanticEqual(selector, old);
  return same ? [] : [fieldError.invalid(path, selector, 'field is immutable')];
}

export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  const errs = validateObjectMeta(rs.metadata, true, isDNS1123Subdomain);
  errs.push(...validateNonnegativeField(rs.spec.replicas, 'spec.replicas'));
  errs.push(...validateNonnegativeField(rs.spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateSelectorAndTemplate(rs.spec.selector, rs.spec.template, 'spec'));
  return errs;
}

export function validateReplicaSetUpdate(rs: ReplicaSet, old: ReplicaSet): FieldError[] {
  return validateSelectorImmutable(rs.spec.selector, old.spec.selector, 'spec.selector');
}

/** ValidateReplicaSetStatus: counts are never negative and never more than the pods there are. */
export function validateReplicaSetStatus(rs: ReplicaSet): FieldError[] {
  const s = rs.status;
  const errs: FieldError[] = [];
  const counts = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const;
  for (const f of counts) errs.push(...validateNonnegativeField(s[f], `status.${f}`));
  errs.push(...validateNonnegativeField(s.terminatingReplicas, 'status.terminatingReplicas'));
  const replicas = s.replicas;
  const ready = s.readyReplicas ?? 0;
  const available = s.availableReplicas ?? 0;
  const fullyLabeled = s.fullyLabeledReplicas ?? 0;
  if (fullyLabeled > replicas) errs.push(fieldError.invalid('status.fullyLabeledReplicas', fullyLabeled, GREATER_THAN_REPLICAS_MSG));
  if (ready > replicas) errs.push(fieldError.invalid('status.readyReplicas', ready, GREATER_THAN_REPLICAS_MSG));
  if (available > replicas) errs.push(fieldError.invalid('status.availableReplicas', available, GREATER_THAN_REPLICAS_MSG));
  if (available > ready) errs.push(fieldError.invalid('status.availableReplicas', available, GREATER_THAN_READY_MSG));
  return errs;
}
