/**
 * Pod validation (ValidatePodCreate, ValidatePodUpdate, ValidatePodStatusUpdate in
 * pkg/apis/core/validation), in Kubernetes' order and words. A pod's spec is all but immutable: an
 * update may change images, shorten the deadline and add tolerations — anything else means a new pod,
 * which is why workloads replace pods instead of editing them.
 */
import { fieldError, type FieldError } from '../errors.js';
import type { Container } from '../pod-container.js';
import type { Pod, PodSpec, PodStatus } from '../pod.js';
import type { Toleration } from '../pod-spec.js';
import { validateObjectMeta } from './meta.js';
import { isDNS1123Subdomain, isQualifiedName } from './names.js';
import { validatePodSpec } from './pod-spec.js';
import { ipFamilyOf, validateIP } from './service-net.js';

export { validatePodSpec, validatePodTemplateSpec, type PodTemplateValidationOptions } from './pod-spec.js';

const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
const MAX_INT32 = 2147483647;
const UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];
export const POD_UPDATE_FORBIDDEN_MSG = `pod updates may not change fields other than ${UPDATABLE_FIELDS.join(',')}`;
/** Conditions the kubelet and scheduler own; any other (a readiness gate's) must be a qualified name. */
const SYSTEM_CONDITIONS = ['PodScheduled', 'Ready', 'Initialized'];

/**
 * Go's apiequality.Semantic.DeepEqual over JSON: an absent field, null, an empty string, list or map
 * are all the zero value. Numbers and booleans are compared as written (pointers in Go).
 */
function semanticEqual(a: unknown, b: unknown): boolean {
  const zero = (v: unknown) =>
    v === undefined || v === null || v === '' || (typeof v === 'object' && Object.keys(v as object).length === 0);
  if (zero(a) && zero(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  return [...new Set([...Object.keys(ao), ...Object.keys(bo)])].every((k) => semanticEqual(ao[k], bo[k]));
}

/** GetDeletionCostFromPodAnnotations: a plain int32, no `+` and no leading zeros. */
function validateDeletionCost(annotations: Record<string, string> | undefined): FieldError[] {
  const v = annotations?.[POD_DELETION_COST];
  if (v === undefined) return [];
  const n = Number(v);
  const ok = /^(0|[1-9][0-9]*|-[0-9]+)$/.test(v) && n >= -MAX_INT32 - 1 && n <= MAX_INT32;
  return ok ? [] : [fieldError.invalid(`metadata.annotations[${POD_DELETION_COST}]`, v, 'must be a 32bit integer')];
}

/** validateContainersOnlyForPod: a template may carry a placeholder image, a pod may not. */
function validateImageWhitespace(containers: Container[] | undefined, path: string): FieldError[] {
  return (containers ?? []).flatMap((c, i) =>
    c.image !== undefined && c.image !== c.image.trim()
      ? [fieldError.invalid(`${path}[${i}].image`, c.image, 'must not have leading or trailing whitespace')]
      : [],
  );
}

export function validatePod(pod: Pod): FieldError[] {
  const errs = validateObjectMeta(pod.metadata, true, isDNS1123Subdomain);
  errs.push(...validateDeletionCost(pod.metadata.annotations));
  errs.push(...validatePodSpec(pod.spec, 'spec'));
  errs.push(...validateImageWhitespace(pod.spec.containers, 'spec.containers'));
  errs.push(...validateImageWhitespace(pod.spec.initContainers, 'spec.initContainers'));
  return errs;
}

/** Tolerations may be added, and an existing one's tolerationSeconds changed; nothing else. */
function validateOnlyAddedTolerations(tolerations: Toleration[], old: Toleration[]): FieldError[] {
  for (const o of old) {
    const kept = tolerations.some((t) => semanticEqual({ ...o, tolerationSeconds: t.tolerationSeconds }, t));
    if (!kept) return [fieldError.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return [];
}

/** Two ways to change activeDeadlineSeconds: set it, or shorten it. */
function validateActiveDeadline(spec: PodSpec, old: PodSpec): { errs: FieldError[]; stop: boolean } {
  const path = 'spec.activeDeadlineSeconds';
  const next = spec.activeDeadlineSeconds;
  const prev = old.activeDeadlineSeconds;
  if (next === undefined) {
    if (prev === undefined) return { errs: [], stop: false };
    return { errs: [fieldError.invalid(path, undefined, 'must not update from a positive integer to nil value')], stop: false };
  }
  if (next < 0 || next > MAX_INT32) {
    return { errs: [fieldError.invalid(path, next, `must be between 0 and ${MAX_INT32}, inclusive`)], stop: true };
  }
  if (prev !== undefined && prev < next) {
    return { errs: [fieldError.invalid(path, next, 'must be less than or equal to previous value')], stop: true };
  }
  return { errs: [], stop: false };
}

/** The new spec with every field an update may change put back to its old value. */
function mungeUpdatableFields(spec: PodSpec, old: PodSpec): PodSpec {
  const withOldImages = (cs: Container[] | undefined, olds: Container[] | undefined) =>
    cs?.map((c, i) => ({ ...c, image: olds?.[i]?.image }));
  const munged: PodSpec = {
    ...spec,
    containers: withOldImages(spec.containers, old.containers) ?? [],
    initContainers: withOldImages(spec.initContainers, old.initContainers),
    activeDeadlineSeconds: old.activeDeadlineSeconds,
    tolerations: old.tolerations,
    schedulingGates: old.schedulingGates,
  };
  // A negative grace period (which deletes at once) may be corrected to the 1 s it means.
  if (old.terminationGracePeriodSeconds < 0 && spec.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  }
  return munged;
}

/**
 * ValidatePodUpdate's own rules (the spec itself was validated by validatePod). Kubernetes appends a Go
 * diff of the two specs to the Forbidden message; we say which fields may change and stop there.
 */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const spec = pod.spec;
  const prev = old.spec;
  for (const list of ['containers', 'initContainers'] as const) {
    if ((spec[list]?.length ?? 0) !== (prev[list]?.length ?? 0)) {
      return [fieldError.forbidden(`spec.${list}`, 'pod updates may not add or remove containers')];
    }
  }
  const deadline = validateActiveDeadline(spec, prev);
  if (deadline.stop) return deadline.errs;
  const errs = [...deadline.errs, ...validateOnlyAddedTolerations(spec.tolerations ?? [], prev.tolerations ?? [])];
  const oldGates = new Set((prev.schedulingGates ?? []).map((g) => g.name));
  (spec.schedulingGates ?? []).forEach((g, i) => {
    if (oldGates.has(g.name)) return;
    const msg = `only deletion is allowed, but found new scheduling gate '${g.name}'`;
    errs.push(fieldError.forbidden(`spec.schedulingGates[${i}].name`, msg));
  });
  if (!semanticEqual(mungeUpdatableFields(spec, prev), prev)) errs.push(fieldError.forbidden('spec', POD_UPDATE_FORBIDDEN_MSG));
  return errs;
}

type Statuses = PodStatus['containerStatuses'];

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * ValidateContainerStateTransition: a container that ended for good stays terminated. With
 * restartPolicy Always nothing ends for good; with OnFailure only a clean exit does.
 */
function validateStateTransitions(
  next: Statuses,
  prev: Statuses,
  restartPolicy: string,
  path: string,
  restartable: ReadonlySet<string> = NO_NAMES,
): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  (prev ?? []).forEach((o, i) => {
    const t = o.state.terminated;
    if (!t || (t.exitCode !== 0 && restartPolicy === 'OnFailure') || restartable.has(o.name)) return;
    for (const n of next ?? []) {
      if (n.name === o.name && !n.state.terminated) {
        errs.push(fieldError.forbidden(`${path}[${i}].state`, 'may not be transitioned to non-terminated state'));
      }
    }
  });
  return errs;
}

/** validatePodIPs and validateHostIPs: valid addresses, at most one per family, no repeats. */
function validateIPList(ips: { ip: string }[] | undefined, path: string): FieldError[] {
  const list = ips ?? [];
  const errs = list.flatMap((p, i) => validateIP(`${path}[${i}]`, p.ip));
  if (list.length < 2) return errs;
  const families = list.map((p) => ipFamilyOf(p.ip));
  if (list.length > 2 || families[0] === families[1]) {
    errs.push(fieldError.invalid(path, list, 'may specify no more than one IP for each IP family'));
  }
  const seen = new Set<string>();
  list.forEach((p, i) => {
    if (seen.has(p.ip)) errs.push(fieldError.duplicate(`${path}[${i}]`, p));
    seen.add(p.ip);
  });
  return errs;
}

/**
 * ValidatePodStatusUpdate. The QoS class never changes once recorded; a status written without one
 * leaves it to the caller to carry the old one over (the pod strategy's PrepareForUpdate does that in
 * Kubernetes, before validation).
 */
export function validatePodStatus(pod: Pod, old: Pod): FieldError[] {
  const status = pod.status ?? {};
  const prev = old.status ?? {};
  const errs: FieldError[] = [];
  // Kubernetes names this path under `metadata`, with a capital T: we keep its words.
  const conditions = status.conditions ?? [];
  for (let i = 0; i < conditions.length; i++) {
    const type = conditions[i]!.type;
    if (SYSTEM_CONDITIONS.includes(type)) continue;
    for (const m of isQualifiedName(type)) errs.push(fieldError.invalid(`metadata.conditions[${i}].Type`, type, m));
  }
  if ((pod.spec.nodeName ?? '') !== (old.spec.nodeName ?? '')) {
    errs.push(fieldError.forbidden('status.nodeName', 'may not be changed directly'));
  }
  const nominated = status.nominatedNodeName;
  if (nominated && nominated !== prev.nominatedNodeName) {
    errs.push(...isDNS1123Subdomain(nominated).map((m) => fieldError.invalid('status.nominatedNodeName', nominated, m)));
  }
  if (status.qosClass !== undefined && status.qosClass !== (prev.qosClass ?? '')) {
    errs.push(fieldError.invalid('status.qosClass', status.qosClass, 'field is immutable'));
  }
  const restartPolicy = old.spec.restartPolicy;
  // A pod that restarts its containers whatever they exit with has no transition to refuse.
  if (restartPolicy !== 'Always') {
    errs.push(...validateStateTransitions(status.containerStatuses, prev.containerStatuses, restartPolicy, 'status.containerStatuses'));
    // Sidecars (init containers with restartPolicy Always) may restart whatever the pod's policy.
    const sidecars = new Set((old.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
    const initPath = 'status.initContainerStatuses';
    errs.push(...validateStateTransitions(status.initContainerStatuses, prev.initContainerStatuses, restartPolicy, initPath, sidecars));
  }
  // An address list the stored status holds passed these checks when it was written.
  if (status.podIPs !== prev.podIPs) errs.push(...validateIPList(status.podIPs, 'status.podIPs'));
  const hostIPs = status.hostIPs ?? [];
  if (hostIPs.length > 0 && status.hostIP !== hostIPs[0]!.ip) {
    errs.push(fieldError.invalid('status.hostIPs[0].ip', hostIPs[0]!.ip, 'must be equal to `hostIP`'));
  }
  if (status.hostIPs !== prev.hostIPs) errs.push(...validateIPList(status.hostIPs, 'status.hostIPs'));
  return errs;
}
