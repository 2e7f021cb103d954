/**
 * PodSpec and PodTemplateSpec validation (ValidatePodSpec, ValidateVolumes, ValidatePodTemplateSpec in
 * pkg/apis/core/validation), in Kubernetes' order and words. Shared by Pods and by the templates of
 * ReplicaSets and Deployments; every error of a spec is returned together.
 */
import { fieldError, type FieldError } from '../errors.js';
import { VOLUME_SOURCES, type PodSpec, type Volume } from '../pod-spec.js';
import type { PodTemplateSpec } from '../pod.js';
import { validateAffinity, validateTolerations } from './affinity.js';
import { validateContainers, validateInitContainers } from './container.js';
import { validateAnnotations, validateLabels } from './meta.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, rememberingFrozen } from './names.js';
import { validateIP } from './service-net.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';
/** Go's math.MaxInt32, the largest activeDeadlineSeconds. */
const MAX_INT32 = 2147483647;
const MAX_DNS_NAMESERVERS = 3;
const MAX_DNS_SEARCH_PATHS = 32;

const subdomain = (v: string, path: string) => isDNS1123Subdomain(v).map((m) => fieldError.invalid(path, v, m));
const label = (v: string, path: string) => isDNS1123Label(v).map((m) => fieldError.invalid(path, v, m));
const fileMode = (mode: number | undefined, path: string) =>
  mode !== undefined && (mode < 0 || mode > 0o777) ? [fieldError.invalid(path, mode, FILE_MODE_MSG)] : [];

/** The checks of the sources kubesim models; any other source is accepted as written. */
function validateSource(v: Volume, source: string, path: string): FieldError[] {
  const p = `${path}.${source}`;
  switch (source) {
    case 'hostPath': {
      const hp = v.hostPath!;
      if (!hp.path) return [fieldError.required(`${p}.path`)];
      const errs = hp.path.split('/').includes('..') ? [fieldError.invalid(`${p}.path`, hp.path, "must not contain '..'")] : [];
      if (!HOST_PATH_TYPES.includes(hp.type)) errs.push(fieldError.notSupported(`${p}.type`, hp.type, HOST_PATH_TYPES));
      return errs;
    }
    case 'secret': {
      const errs = v.secret!.secretName ? [] : [fieldError.required(`${p}.secretName`)];
      return [...errs, ...fileMode(v.secret!.defaultMode, `${p}.defaultMode`)];
    }
    case 'configMap': {
      const errs = v.configMap!.name ? [] : [fieldError.required(`${p}.name`)];
      return [...errs, ...fileMode(v.configMap!.defaultMode, `${p}.defaultMode`)];
    }
    case 'persistentVolumeClaim':
      return v.persistentVolumeClaim!.claimName ? [] : [fieldError.required(`${p}.claimName`)];
    default:
      return [];
  }
}

/** validateVolumeSource: exactly one source, the first one set validated, any further one Forbidden. */
function validateVolumeSource(v: Volume, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const others = Object.keys(v).filter((k) => k !== 'name' && !VOLUME_SOURCES.includes(k));
  let sources = 0;
  for (const source of [...VOLUME_SOURCES, ...others]) {
    if ((v as Record<string, unknown>)[source] === undefined) continue;
    if (sources++ > 0) errs.push(fieldError.forbidden(`${path}.${source}`, 'may not specify more than 1 volume type'));
    else errs.push(...validateSource(v, source, path));
  }
  if (sources === 0) errs.push(fieldError.required(path, 'must specify a volume type'));
  return errs;
}

function validateVolumes(volumes: Volume[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((v, i) => {
    const p = `${path}[${i}]`;
    const el = validateVolumeSource(v, p);
    if (!v.name) el.push(fieldError.required(`${p}.name`));
    else el.push(...label(v.name, `${p}.name`));
    if (names.has(v.name)) el.push(fieldError.duplicate(`${p}.name`, v.name));
    if (el.length === 0) names.add(v.name);
    errs.push(...el);
  });
  return errs;
}

/** With hostNetwork the container listens on the node itself, so a host port must be the same port. */
function validateHostNetworkPorts(spec: PodSpec, path: string): FieldError[] {
  if (!spec.hostNetwork) return [];
  const msg = 'must match `containerPort` when `hostNetwork` is true';
  return spec.containers.flatMap((c, i) =>
    (c.ports ?? []).flatMap((port, j) =>
      port.hostPort && port.hostPort !== port.containerPort
        ? [fieldError.invalid(`${path}.containers[${i}].ports[${j}].hostPort`, port.hostPort, msg)]
        : [],
    ),
  );
}

function oneOf(value: string, supported: string[], path: string): FieldError[] {
  if (!value) return [fieldError.required(path)];
  return supported.includes(value) ? [] : [fieldError.notSupported(path, value, supported)];
}

function validateDNSConfig(spec: PodSpec, path: string): FieldError[] {
  const cfg = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!cfg) return [fieldError.required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (!cfg.nameservers?.length) {
      return [fieldError.required(`${path}.nameservers`, 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
    }
  }
  if (!cfg) return [];
  const errs: FieldError[] = [];
  const ns = cfg.nameservers ?? [];
  if (ns.length > MAX_DNS_NAMESERVERS) {
    errs.push(fieldError.invalid(`${path}.nameservers`, ns, `must not have more than ${MAX_DNS_NAMESERVERS} nameservers`));
  }
  ns.forEach((ip, i) => errs.push(...validateIP(`${path}.nameservers[${i}]`, ip)));
  const searches = cfg.searches ?? [];
  if (searches.length > MAX_DNS_SEARCH_PATHS) {
    errs.push(fieldError.invalid(`${path}.searches`, searches, `must not have more than ${MAX_DNS_SEARCH_PATHS} search paths`));
  }
  searches.forEach((s, i) => errs.push(...subdomain(s.replace(/\.$/, ''), `${path}.searches[${i}]`)));
  (cfg.options ?? []).forEach((o, i) => {
    if (!o.name) errs.push(fieldError.required(`${path}.options[${i}]`, 'must not be empty'));
  });
  return errs;
}

/** Fields checked only for their syntax: names of other objects, host names, deadlines. */
function validateNamesAndLimits(spec: PodSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (spec.imagePullSecrets ?? []).forEach((ref, i) => {
    if (Object.keys(ref).some((k) => k !== 'name')) {
      errs.push(fieldError.invalid(`${path}.imagePullSecrets[${i}]`, ref, 'only name may be set'));
    }
  });
  errs.push(...validateAffinity(spec.affinity, `${path}.affinity`));
  errs.push(...validateDNSConfig(spec, `${path}.dnsConfig`));
  (spec.readinessGates ?? []).forEach((g, i) => {
    const p = `${path}.readinessGates[${i}].conditionType`;
    errs.push(...isQualifiedName(g.conditionType).map((m) => fieldError.invalid(p, g.conditionType, m)));
  });
  if (spec.serviceAccountName) errs.push(...subdomain(spec.serviceAccountName, `${path}.serviceAccountName`));
  if (spec.nodeName) errs.push(...subdomain(spec.nodeName, `${path}.nodeName`));
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && (ads < 1 || ads > MAX_INT32)) {
    errs.push(fieldError.invalid(`${path}.activeDeadlineSeconds`, ads, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  if (spec.hostname) errs.push(...label(spec.hostname, `${path}.hostname`));
  if (spec.subdomain) errs.push(...label(spec.subdomain, `${path}.subdomain`));
  errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  (spec.hostAliases ?? []).forEach((a, i) => {
    errs.push(...validateIP(`${path}.hostAliases[${i}].ip`, a.ip));
    (a.hostnames ?? []).forEach((h, j) => errs.push(...subdomain(h, `${path}.hostAliases[${i}].hostnames[${j}]`)));
  });
  if (spec.priorityClassName) errs.push(...subdomain(spec.priorityClassName, `${path}.priorityClassName`));
  if (spec.preemptionPolicy !== undefined) errs.push(...oneOf(spec.preemptionPolicy, PREEMPTION_POLICIES, `${path}.preemptionPolicy`));
  return errs;
}

/**
 * ValidatePodSpec, for a Pod's spec (`spec`) or a template's (`spec.template.spec`). The rules read the
 * spec alone, so a frozen one — the template spec every pod of a ReplicaSet shares, the template an
 * update of its owner leaves alone — is checked once.
 */
export const validatePodSpec = rememberingFrozen(podSpecProblems);

function podSpecProblems(spec: PodSpec, path: string): FieldError[] {
  const grace = spec.terminationGracePeriodSeconds;
  const errs = validateVolumes(spec.volumes, `${path}.volumes`);
  errs.push(...validateContainers(spec.containers, grace, `${path}.containers`));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, grace, `${path}.initContainers`));
  errs.push(...validateHostNetworkPorts(spec, path));
  errs.push(...oneOf(spec.restartPolicy, RESTART_POLICIES, `${path}.restartPolicy`));
  errs.push(...oneOf(spec.dnsPolicy, DNS_POLICIES, `${path}.dnsPolicy`));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  errs.push(...validateNamesAndLimits(spec, path));
  return errs;
}

export interface PodTemplateValidationOptions {
  /** The restart policies the owning workload allows: `['Always']` for ReplicaSets and Deployments. */
  allowedRestartPolicies?: string[];
  /** Reject `activeDeadlineSeconds` (ReplicaSets and Deployments run pods that never finish). */
  forbidActiveDeadlineSeconds?: boolean;
}

/**
 * ValidatePodTemplateSpec, plus the workload's own rules when asked. Kubernetes reports template
 * label errors at `<path>.labels`, without `metadata`, and so do we.
 */
export function validatePodTemplateSpec(tmpl: PodTemplateSpec, path: string, opts: PodTemplateValidationOptions = {}): FieldError[] {
  const errs = validateLabels(tmpl.metadata.labels, `${path}.labels`);
  errs.push(...validateAnnotations(tmpl.metadata.annotations, `${path}.annotations`));
  errs.push(...validatePodSpec(tmpl.spec, `${path}.spec`));
  if ((tmpl.spec as { ephemeralContainers?: unknown[] }).ephemeralContainers?.length) {
    errs.push(fieldError.forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  }
  const allowed = opts.allowedRestartPolicies;
  if (allowed && !allowed.includes(tmpl.spec.restartPolicy)) {
    errs.push(fieldError.notSupported(`${path}.spec.restartPolicy`, tmpl.spec.restartPolicy, allowed));
  }
  if (opts.forbidActiveDeadlineSeconds && tmpl.spec.activeDeadlineSeconds !== undefined) {
    errs.push(fieldError.forbidden(`${path}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return errs;
}
