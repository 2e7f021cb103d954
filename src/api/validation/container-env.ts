/**
 * A container's environment (ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom in
 * pkg/apis/core/validation), in Kubernetes' order and words. Variable names follow the relaxed rule of
 * 1.32 (RelaxedEnvironmentVariableValidation, on by default): any printable ASCII except `=`.
 */
import { fieldError, type FieldError } from '../errors.js';
import type { EnvFromSource, EnvVar, KeySelector } from '../pod-container.js';
import { isConfigMapKey } from './configmap.js';
import { isDNS1123Subdomain, isQualifiedName } from './names.js';

const RELAXED_ENV_VAR_NAME_MSG = "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** Downward API fields an env var may read, sorted as `sets.List` prints them. */
const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

/** Fields the v1 downward API converts at all (ConvertDownwardAPIFieldLabel); a wider set than env reads. */
const CONVERTIBLE_FIELD_PATHS = new Set([
  ...ENV_FIELD_PATHS,
  'metadata.annotations',
  'metadata.labels',
  'spec.restartPolicy',
  'spec.schedulerName',
  'status.phase',
]);

const RESOURCE_FIELD_PATHS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

/** IsRelaxedEnvVarName; an empty name is reported as Required before this runs. */
export function isRelaxedEnvVarName(name: string): string[] {
  return /^[\x20-\x7e]*$/.test(name) && !name.includes('=') ? [] : [RELAXED_ENV_VAR_NAME_MSG];
}

/** `metadata.labels['app']` → [`metadata.labels`, `app`]. */
function splitSubscript(path: string): [string, string] | undefined {
  const m = /^(.*)\['(.*)'\]$/.exec(path);
  return m ? [m[1]!, m[2]!] : undefined;
}

function validateFieldRef(ref: { apiVersion: string; fieldPath: string }, path: string): FieldError[] {
  if (!ref.apiVersion) return [fieldError.required(`${path}.apiVersion`)];
  if (!ref.fieldPath) return [fieldError.required(`${path}.fieldPath`)];
  const sub = splitSubscript(ref.fieldPath);
  let why: string | undefined;
  if (ref.apiVersion !== 'v1') why = `unsupported pod version: ${ref.apiVersion}`;
  else if (sub && sub[0] !== 'metadata.annotations' && sub[0] !== 'metadata.labels') {
    why = `field label does not support subscript: ${ref.fieldPath}`;
  } else if (!sub && !CONVERTIBLE_FIELD_PATHS.has(ref.fieldPath)) why = `field label not supported: ${ref.fieldPath}`;
  if (why) return [fieldError.invalid(`${path}.fieldPath`, ref.fieldPath, `error converting fieldPath: ${why}`)];
  if (sub) {
    const key = sub[0] === 'metadata.annotations' ? sub[1].toLowerCase() : sub[1];
    return isQualifiedName(key).map((m) => fieldError.invalid(path, key, m));
  }
  if (!ENV_FIELD_PATHS.includes(ref.fieldPath)) return [fieldError.notSupported(`${path}.fieldPath`, ref.fieldPath, ENV_FIELD_PATHS)];
  return [];
}

/** validateConfigMapKeySelector and validateSecretKeySelector: the object's name and the key in it. */
function validateKeySelector(ref: KeySelector, path: string): FieldError[] {
  const name = ref.name ?? '';
  const errs = isDNS1123Subdomain(name).map((m) => fieldError.invalid(`${path}.name`, name, m));
  if (!ref.key) errs.push(fieldError.required(`${path}.key`));
  else errs.push(...isConfigMapKey(ref.key).map((m) => fieldError.invalid(`${path}.key`, ref.key, m)));
  return errs;
}

function validateValueFrom(ev: EnvVar, path: string): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    errs.push(...validateFieldRef(from.fieldRef, `${path}.fieldRef`));
  }
  if (from.resourceFieldRef) {
    sources++;
    const r = from.resourceFieldRef.resource;
    if (!r) errs.push(fieldError.required(`${path}.resourceFieldRef.resource`));
    else if (!RESOURCE_FIELD_PATHS.includes(r) && !/^(requests|limits)\.hugepages-/.test(r)) {
      errs.push(fieldError.notSupported(`${path}.resourceFieldRef.resource`, r, RESOURCE_FIELD_PATHS));
    }
  }
  if (from.configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, `${path}.configMapKeyRef`));
  }
  if (from.secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, `${path}.secretKeyRef`));
  }
  if (sources === 0) {
    errs.push(fieldError.invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if (ev.value) {
    errs.push(fieldError.invalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(fieldError.invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

export function validateEnv(env: EnvVar[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((ev, i) => {
    const p = `${path}[${i}]`;
    if (!ev.name) errs.push(fieldError.required(`${p}.name`));
    else errs.push(...isRelaxedEnvVarName(ev.name).map((m) => fieldError.invalid(`${p}.name`, ev.name, m)));
    errs.push(...validateValueFrom(ev, `${p}.valueFrom`));
  });
  return errs;
}

function validateRefName(name: string | undefined, path: string): FieldError[] {
  if (!name) return [fieldError.required(path)];
  return isDNS1123Subdomain(name).map((m) => fieldError.invalid(path, name, m));
}

/** ValidateEnvFrom. Kubernetes names the list, not the entry, when an entry's source is wrong. */
export function validateEnvFrom(envFrom: EnvFromSource[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (envFrom ?? []).forEach((ev, i) => {
    const p = `${path}[${i}]`;
    if (ev.prefix) errs.push(...isRelaxedEnvVarName(ev.prefix).map((m) => fieldError.invalid(`${p}.prefix`, ev.prefix, m)));
    let sources = 0;
    if (ev.configMapRef) {
      sources++;
      errs.push(...validateRefName(ev.configMapRef.name, `${p}.configMapRef.name`));
    }
    if (ev.secretRef) {
      sources++;
      errs.push(...validateRefName(ev.secretRef.name, `${p}.secretRef.name`));
    }
    if (sources === 0) errs.push(fieldError.invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(fieldError.invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
