/**
 * Scheduling constraints of a pod spec: tolerations (ValidateTolerations) and node and pod affinity
 * (validateAffinity and its helpers in pkg/apis/core/validation), in Kubernetes' order and words.
 */
import { fieldError, type FieldError } from '../errors.js';
import type { Affinity, NodeSelectorTerm, PodAffinityTerm, Toleration } from '../pod-spec.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names.js';
import { TAINT_EFFECTS } from './node.js';

type Requirement = { key: string; operator: string; values?: string[] | undefined };

const labelName = (key: string, path: string) => isQualifiedName(key).map((m) => fieldError.invalid(path, key, m));

export function validateTolerations(tolerations: Toleration[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const p = `${path}[${i}]`;
    const operator = t.operator ?? '';
    const value = t.value ?? '';
    const effect = t.effect ?? '';
    if (t.key) errs.push(...labelName(t.key, `${p}.key`));
    // An empty key with Exists tolerates every taint; with Equal it would match nothing.
    if (!t.key && operator !== 'Exists') {
      const msg = 'operator must be Exists when `key` is empty, which means "match all values and all keys"';
      errs.push(fieldError.invalid(`${p}.operator`, operator, msg));
    }
    if (t.tolerationSeconds !== undefined && effect !== 'NoExecute') {
      errs.push(fieldError.invalid(`${p}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(fieldError.invalid(`${p}.operator`, value, msgs.join(';')));
    } else if (operator === 'Exists') {
      if (value) errs.push(fieldError.invalid(`${p}.operator`, value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(fieldError.notSupported(`${p}.operator`, operator, ['Equal', 'Exists']));
    }
    if (effect && !(TAINT_EFFECTS as readonly string[]).includes(effect)) {
      errs.push(fieldError.notSupported(`${p}.effect`, effect, TAINT_EFFECTS));
    }
  });
  return errs;
}

function validateNodeSelectorRequirement(rq: Requirement, allowInvalidValues: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const n = rq.values?.length ?? 0;
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      if (n === 0) errs.push(fieldError.required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (n > 0) errs.push(fieldError.forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (n !== 1) errs.push(fieldError.required(`${path}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(fieldError.invalid(`${path}.operator`, rq.operator, 'not a valid selector operator'));
  }
  errs.push(...labelName(rq.key, `${path}.key`));
  if (!allowInvalidValues) {
    (rq.values ?? []).forEach((v, i) => errs.push(...isValidLabelValue(v).map((m) => fieldError.invalid(`${path}.values[${i}]`, v, m))));
  }
  return errs;
}

/** Nodes can only be selected by field `metadata.name`, with exactly one name. */
function validateNodeFieldSelectorRequirement(rq: Requirement, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (rq.operator === 'In' || rq.operator === 'NotIn') {
    if (rq.values?.length !== 1) {
      const msg = "must be only one value when `operator` is 'In' or 'NotIn' for node field selector";
      errs.push(fieldError.required(`${path}.values`, msg));
    }
  } else {
    errs.push(fieldError.invalid(`${path}.operator`, rq.operator, 'not a valid selector operator'));
  }
  if (rq.key !== 'metadata.name') return [...errs, fieldError.invalid(`${path}.key`, rq.key, 'not a valid field selector key')];
  (rq.values ?? []).forEach((v, i) => {
    errs.push(...isDNS1123Subdomain(v).map((m) => fieldError.invalid(`${path}.values[${i}]`, v, m)));
  });
  return errs;
}

function validateNodeSelectorTerm(term: NodeSelectorTerm, allowInvalidValues: boolean, path: string): FieldError[] {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  return [
    ...expressions.flatMap((rq, j) => validateNodeSelectorRequirement(rq, allowInvalidValues, `${path}.matchExpressions[${j}]`)),
    ...fields.flatMap((rq, j) => validateNodeFieldSelectorRequirement(rq, `${path}.matchFields[${j}]`)),
  ];
}

const weightError = (weight: number, path: string) =>
  weight <= 0 || weight > 100 ? [fieldError.invalid(path, weight, 'must be in the range 1-100')] : [];

function validatePodAffinityTerm(term: PodAffinityTerm, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const ns of term.namespaces ?? []) {
    errs.push(...isDNS1123Label(ns).map((m) => fieldError.invalid(`${path}.namespace`, ns, m)));
  }
  if (!term.topologyKey) errs.push(fieldError.required(`${path}.topologyKey`, 'can not be empty'));
  errs.push(...labelName(term.topologyKey, `${path}.topologyKey`));
  return errs;
}

function validatePodAffinity(a: NonNullable<Affinity['podAffinity']>, path: string): FieldError[] {
  const required = `${path}.requiredDuringSchedulingIgnoredDuringExecution`;
  const preferred = `${path}.preferredDuringSchedulingIgnoredDuringExecution`;
  return [
    ...(a.requiredDuringSchedulingIgnoredDuringExecution ?? []).flatMap((t, i) => validatePodAffinityTerm(t, `${required}[${i}]`)),
    ...(a.preferredDuringSchedulingIgnoredDuringExecution ?? []).flatMap((w, i) => [
      ...weightError(w.weight, `${preferred}[${i}].weight`),
      ...validatePodAffinityTerm(w.podAffinityTerm, `${preferred}[${i}].podAffinityTerm`),
    ]),
  ];
}

export function validateAffinity(affinity: Affinity | undefined, path: string): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  const na = affinity.nodeAffinity;
  if (na?.requiredDuringSchedulingIgnoredDuringExecution) {
    const p = `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    const terms = na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    if (terms.length === 0) errs.push(fieldError.required(p, 'must have at least one node selector term'));
    terms.forEach((t, i) => errs.push(...validateNodeSelectorTerm(t, false, `${p}[${i}]`)));
  }
  (na?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
    const p = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    errs.push(...weightError(t.weight, `${p}.weight`));
    // A preferred term may name label values no node has yet: it only weighs, never excludes.
    errs.push(...validateNodeSelectorTerm(t.preference, true, `${p}.preference`));
  });
  if (affinity.podAffinity) errs.push(...validatePodAffinity(affinity.podAffinity, `${path}.podAffinity`));
  if (affinity.podAntiAffinity) errs.push(...validatePodAffinity(affinity.podAntiAffinity, `${path}.podAntiAffinity`));
  return errs;
}
