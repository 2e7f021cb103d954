/**
 * Container validation (validateContainers, validateInitContainers, validateContainerCommon and
 * validateContainerPorts in pkg/apis/core/validation), in Kubernetes' order and words. Regular and
 * init containers share one namespace of names; port names are unique within a container.
 */
import { fieldError, type FieldError } from '../errors.js';
import type { Container, ContainerPort, VolumeMount } from '../pod-container.js';
import { validateEnv, validateEnvFrom } from './container-env.js';
import { validateResourceRequirements } from './container-resources.js';
import { isDNS1123Label, isValidPortName } from './names.js';
import { validateLifecycle, validateProbe } from './probe.js';
import { isValidPortNum, validateProtocol } from './service-net.js';

const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
/** Sorted, as `sets.List` prints them. */
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const INIT_ONLY = 'may not be set for init containers without restartPolicy=Always';

function validatePorts(ports: ContainerPort[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const p = `${path}[${i}]`;
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => fieldError.invalid(`${p}.name`, port.name, m)));
      else if (names.has(port.name)) errs.push(fieldError.duplicate(`${p}.name`, port.name));
      else names.add(port.name);
    }
    if (port.containerPort === 0) errs.push(fieldError.required(`${p}.containerPort`));
    else errs.push(...isValidPortNum(port.containerPort).map((m) => fieldError.invalid(`${p}.containerPort`, port.containerPort, m)));
    if (port.hostPort) errs.push(...isValidPortNum(port.hostPort).map((m) => fieldError.invalid(`${p}.hostPort`, port.hostPort, m)));
    errs.push(...validateProtocol(`${p}.protocol`, port.protocol));
  });
  return errs;
}

function validateVolumeMounts(mounts: VolumeMount[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!m.name) errs.push(fieldError.required(`${p}.name`));
    if (!m.mountPath) errs.push(fieldError.required(`${p}.mountPath`));
    if (paths.has(m.mountPath)) errs.push(fieldError.invalid(`${p}.mountPath`, m.mountPath, 'must be unique'));
    paths.add(m.mountPath);
    if (m.subPath && m.subPathExpr) {
      errs.push(fieldError.invalid(`${p}.subPathExpr`, m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
    }
  });
  return errs;
}

function validatePullPolicy(policy: string | undefined, path: string): FieldError[] {
  if (!policy) return [fieldError.required(path)];
  return PULL_POLICIES.includes(policy) ? [] : [fieldError.notSupported(path, policy, PULL_POLICIES)];
}

/** What every container must satisfy, regular or init. */
function validateContainerCommon(c: Container, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(fieldError.required(`${path}.name`));
  else errs.push(...isDNS1123Label(c.name).map((m) => fieldError.invalid(`${path}.name`, c.name, m)));
  if (!c.image) errs.push(fieldError.required(`${path}.image`));
  const tmp = c.terminationMessagePolicy;
  if (!tmp) errs.push(fieldError.required(`${path}.terminationMessagePolicy`));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    errs.push(fieldError.notSupported(`${path}.terminationMessagePolicy`, tmp, TERMINATION_MESSAGE_POLICIES));
  }
  errs.push(...validatePorts(c.ports, `${path}.ports`));
  errs.push(...validateEnv(c.env, `${path}.env`));
  errs.push(...validateEnvFrom(c.envFrom, `${path}.envFrom`));
  errs.push(...validateVolumeMounts(c.volumeMounts, `${path}.volumeMounts`));
  errs.push(...validatePullPolicy(c.imagePullPolicy, `${path}.imagePullPolicy`));
  errs.push(...validateResourceRequirements(c.resources, `${path}.resources`));
  return errs;
}

/** Probes and hooks, allowed on regular containers and on sidecars (init containers that restart). */
function validateProbesAndLifecycle(c: Container, gracePeriod: number | undefined, path: string): FieldError[] {
  return [
    ...(c.lifecycle ? validateLifecycle(c.lifecycle, gracePeriod, `${path}.lifecycle`) : []),
    ...validateProbe(c.livenessProbe, 'liveness', gracePeriod, `${path}.livenessProbe`),
    ...validateProbe(c.readinessProbe, 'readiness', gracePeriod, `${path}.readinessProbe`),
    ...validateProbe(c.startupProbe, 'startup', gracePeriod, `${path}.startupProbe`),
  ];
}

/**
 * checkHostPortConflicts: two containers may not take the same host port. Init containers run one at
 * a time, so each is checked on its own.
 */
function validateHostPorts(containers: Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((port, pi) => {
      if (!port.hostPort) return;
      const key = `${port.protocol}/${port.hostIP ?? ''}/${port.hostPort}`;
      if (seen.has(key)) errs.push(fieldError.duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      seen.add(key);
    });
  });
  return errs;
}

export function validateContainers(containers: Container[], gracePeriod: number | undefined, path: string): FieldError[] {
  if (containers.length === 0) return [fieldError.required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p));
    if (names.has(c.name)) errs.push(fieldError.duplicate(`${p}.name`, c.name));
    names.add(c.name);
    errs.push(...validateProbesAndLifecycle(c, gracePeriod, p));
    if (c.restartPolicy !== undefined) errs.push(fieldError.forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  });
  errs.push(...validateHostPorts(containers, path));
  return errs;
}

/**
 * Init containers run to completion before the app starts, so probes and hooks mean nothing to them —
 * unless `restartPolicy: Always` makes one a sidecar that runs alongside the app.
 */
export function validateInitContainers(
  inits: Container[] | undefined,
  regular: Container[],
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(regular.map((c) => c.name));
  (inits ?? []).forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p));
    if (c.restartPolicy !== undefined && c.restartPolicy !== 'Always') {
      errs.push(fieldError.notSupported(`${p}.restartPolicy`, c.restartPolicy, ['Always']));
    }
    if (names.has(c.name)) errs.push(fieldError.duplicate(`${p}.name`, c.name));
    else if (c.name) names.add(c.name);
    errs.push(...validateHostPorts([c], path));
    if (c.restartPolicy === 'Always') {
      errs.push(...validateProbesAndLifecycle(c, gracePeriod, p));
    } else {
      const forbidden = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;
      for (const f of forbidden) if (c[f]) errs.push(fieldError.forbidden(`${p}.${f}`, INIT_ONLY));
    }
  });
  return errs;
}
