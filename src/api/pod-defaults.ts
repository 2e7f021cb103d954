/**
 * Pod defaulting that depends on other fields, in the API server's order: the defaulting functions of
 * pkg/apis/core/v1 (SetDefaults_Container, SetDefaults_Volume, SetDefaults_Pod), then the admission
 * plugins every cluster runs (ServiceAccount, Priority, DefaultTolerationSeconds), then what the pod
 * strategy's PrepareForCreate records (the QoS class). Every function here is idempotent: defaulting a
 * defaulted object changes nothing, so an update that changes nothing writes nothing.
 */
import { Immer, isDraft, original } from 'immer';
import { deepFreeze } from './freeze.js';
import type { Container, ResourceList } from './pod-container.js';
import { defaultPullPolicy } from './pod-image.js';
import { computePodQOS } from './pod-qos.js';
import type { PodSpec, Toleration } from './pod-spec.js';
import type { PodStatus } from './pod-status.js';
import { parseQuantity, type Quantity } from './quantity.js';

/** The admission plugin's default, `--default-not-ready-toleration-seconds`: five minutes. */
export const DEFAULT_TOLERATION_SECONDS = 300;
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';

/** The built-in PriorityClasses every cluster has, and the priority they give. */
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

function containersOf(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/**
 * SetDefaults_ResourceList: amounts are rounded up to whole milli-units (`0.1m` asks for `1m`) and, the
 * API server storing quantities rather than text, read back canonically (`0.5` is `500m`, `1024Mi` is
 * `1Gi`). An amount that does not parse is left as written for validation to report.
 */
function canonicalizeResources(list: ResourceList | undefined): void {
  for (const [name, raw] of Object.entries(list ?? {})) {
    let q: Quantity;
    try {
      q = parseQuantity(raw);
    } catch {
      continue;
    }
    // Amounts beyond 2^53 milli-units are whole milli-units already (and a double would round them).
    const milli = Number.isSafeInteger(q.milliValue()) ? parseQuantity(`${q.milliValue()}m`) : q;
    list![name] = (q.cmp(milli) === 0 ? q : milli).toString();
  }
}

/**
 * Defaults of any pod spec, a Pod's or a template's (Pod, ReplicaSet and Deployment use it): each
 * container's pull policy by its image tag, port protocols and resource amounts, volumes without a
 * source, and the deprecated `serviceAccount` kept equal to `serviceAccountName`, as the v1
 * conversion keeps them.
 */
export function applyPodSpecDefaults(spec: PodSpec): void {
  for (const c of containersOf(spec)) {
    if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(c.image);
    canonicalizeResources(c.resources.limits);
    canonicalizeResources(c.resources.requests);
    for (const p of c.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
  }
  for (const v of spec.volumes ?? []) {
    // SetDefaults_Volume: a volume that names no source is an emptyDir.
    if (Object.keys(v).every((k) => k === 'name')) v.emptyDir = {};
  }
  // An old client may set only the deprecated field; the new one wins when both are set.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
}

/** A bad amount fails decoding in Kubernetes, before any defaulting could copy it. */
function parses(raw: string): boolean {
  try {
    parseQuantity(raw);
    return true;
  } catch {
    return false;
  }
}

/**
 * SetDefaults_Pod: defaults only a Pod gets, never a template (so they do not show in a Deployment).
 * A resource with a limit and no request requests its limit; with hostNetwork, a container port is
 * also its host port.
 */
function applyPodOnlyDefaults(spec: PodSpec): void {
  for (const c of containersOf(spec)) {
    const limits = c.resources.limits;
    if (limits) {
      const requests = (c.resources.requests ??= {});
      for (const [name, q] of Object.entries(limits)) if (!(name in requests) && parses(q)) requests[name] = q;
    }
    if (spec.hostNetwork) for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
  }
  if (spec.enableServiceLinks === undefined) spec.enableServiceLinks = true;
}

/**
 * The ServiceAccount and Priority admission plugins. Without PriorityClass objects in kubesim, a pod
 * gets the built-in system classes' priority or the no-default-class priority 0.
 */
function admitServiceAccountAndPriority(spec: PodSpec): void {
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (spec.priority === undefined) spec.priority = SYSTEM_PRIORITY_CLASSES[spec.priorityClassName ?? ''] ?? 0;
  if (!spec.preemptionPolicy) spec.preemptionPolicy = 'PreemptLowerPriority';
}

/** Whether `t` tolerates the NoExecute taint `key` (an empty key or effect matches any). */
function toleratesNoExecute(t: Toleration, key: string): boolean {
  return (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute');
}

/**
 * DefaultTolerationSeconds: a pod stays five minutes on a node that stops reporting before it is
 * evicted, unless it already says how long it tolerates that.
 */
export function addDefaultTolerations(spec: PodSpec): void {
  const own = spec.tolerations ?? [];
  const missing = DEFAULT_TOLERATIONS.filter((d) => !own.some((t) => toleratesNoExecute(t, d.key!)));
  if (missing.length === 0) return;
  spec.tolerations = own.length === 0 && missing.length === DEFAULT_TOLERATIONS.length ? DEFAULT_TOLERATIONS : [...own, ...missing];
}

// Made once and frozen, as stored objects are: every pod that gets them shares them.
const DEFAULT_TOLERATIONS: Toleration[] = deepFreeze(
  [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE].map((key) => ({ key, operator: 'Exists' as const, effect: 'NoExecute' as const, tolerationSeconds: DEFAULT_TOLERATION_SECONDS })),
);

/**
 * Everything the API server fills in on a Pod. The QoS class is recorded once, when the status has
 * none: the store gives a new Pod `status: {phase: Pending}` before admission, and the class never
 * changes afterwards (updates keep the stored status).
 */
export function applyPodDefaults(pod: { spec: PodSpec; status?: PodStatus | undefined }): void {
  // Inside an immer recipe the spec is a draft; the frozen value under it is what the memo knows.
  const spec = isDraft(pod) ? (original(pod) as { spec: PodSpec }).spec : pod.spec;
  if (Object.isFrozen(spec)) {
    const done = defaultedSpec(spec);
    if (done.spec !== spec) pod.spec = done.spec;
    if (pod.status && !pod.status.qosClass) pod.status.qosClass = done.qos;
    return;
  }
  applyPodSpecDefaultsAll(pod.spec);
  if (pod.status && !pod.status.qosClass) pod.status.qosClass = computePodQOS(pod.spec);
}

function applyPodSpecDefaultsAll(spec: PodSpec): void {
  applyPodSpecDefaults(spec);
  applyPodOnlyDefaults(spec);
  admitServiceAccountAndPriority(spec);
  addDefaultTolerations(spec);
}

interface Defaulted {
  spec: PodSpec;
  qos: PodStatus['qosClass'];
}

const defaulted = new WeakMap<PodSpec, Defaulted>();
const specDefaulter = new Immer({ autoFreeze: false });

/**
 * A frozen spec — a ReplicaSet's template, handed to each pod it creates, or a stored pod's own — with
 * every default applied, frozen, and its QoS class: worked out once per spec, and the same object for
 * every pod that comes from it. Defaulting being idempotent, the result is its own answer too.
 */
function defaultedSpec(spec: PodSpec): Defaulted {
  let done = defaulted.get(spec);
  if (!done) {
    const out = deepFreeze(specDefaulter.produce(spec, applyPodSpecDefaultsAll));
    done = { spec: out, qos: computePodQOS(out) };
    defaulted.set(spec, done);
    defaulted.set(out, done);
  }
  return done;
}

/**
 * applyPodSpecDefaults on a ReplicaSet's or Deployment's template. A frozen spec — the stored template,
 * which every update of its owner that leaves it alone hands back — is defaulted once: its defaulted,
 * frozen form is remembered, and is the spec itself once it was stored. Inside an immer recipe it reads
 * the spec under the draft, so it runs before anything in the same recipe changes the template's spec
 * (as admission's defaulting does: the recipe starts from the decoded object).
 */
export function applyTemplateDefaults(template: { spec: PodSpec }): void {
  // Inside an immer recipe the template is a draft; the frozen value under it is what the memo knows.
  const spec = isDraft(template) ? (original(template) as { spec: PodSpec }).spec : template.spec;
  if (!Object.isFrozen(spec)) {
    applyPodSpecDefaults(template.spec);
    return;
  }
  let done = defaultedTemplates.get(spec);
  if (!done) {
    done = deepFreeze(specDefaulter.produce(spec, applyPodSpecDefaults));
    defaultedTemplates.set(spec, done);
    defaultedTemplates.set(done, done);
  }
  if (done !== spec) template.spec = done;
}

const defaultedTemplates = new WeakMap<PodSpec, PodSpec>();
