/**
 * Node validation (ValidateNode, ValidateNodeUpdate in pkg/apis/core/validation): name, taints,
 * resource quantities and pod CIDRs, plus what may not change once set. Messages and field paths are
 * Kubernetes' own, including its quirk of reporting taints under `metadata.taints`.
 */
import { fieldError, type FieldError } from '../errors.js';
import type { Node } from '../node.js';
import { parseQuantity } from '../quantity.js';
import { validateObjectMeta } from './meta.js';
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names.js';
import { cidrFamilyOf, validateCIDR } from './service-net.js';

/** The three taint effects the scheduler and the taint manager understand. */
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/** ValidateNodeTaints. ValidateNode passes the `metadata` path, so that is where the errors appear. */
export function validateTaints(taints: Node['spec']['taints'], path = 'metadata.taints'): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, taint] of (taints ?? []).entries()) {
    const p = `${path}[${i}]`;
    for (const m of isQualifiedName(taint.key)) errs.push(fieldError.invalid(`${p}.key`, taint.key, m));
    const valueErrs = isValidLabelValue(taint.value ?? '');
    if (valueErrs.length > 0) errs.push(fieldError.invalid(`${p}.value`, taint.value ?? '', valueErrs.join(';')));
    if (!taint.effect) errs.push(fieldError.required(`${p}.effect`));
    else if (!(TAINT_EFFECTS as readonly string[]).includes(taint.effect)) {
      errs.push(fieldError.notSupported(`${p}.effect`, taint.effect, TAINT_EFFECTS));
    }
    // A node may carry one taint per (key, effect): the scheduler and the taint manager key on both.
    const id = `${taint.effect}\u0000${taint.key}`;
    if (seen.has(id)) {
      errs.push({ ...fieldError.duplicate(p, taint), detail: 'taints must be unique by key and effect pair' });
      continue;
    }
    seen.add(id);
  }
  return errs;
}

/** Resources counted in whole units (helper.IsIntegerResourceName, the ones a node reports). */
const INTEGER_RESOURCES = new Set(['pods']);

/** The sign and value of a quantity's mantissa, enough to tell negative and fractional amounts. */
function quantityFacts(q: string | number): { negative: boolean; fractionalUnits: boolean } {
  const s = String(q);
  const m = /^([+-]?)([0-9.]+)(.*)$/.exec(s);
  const negative = m?.[1] === '-' && /[1-9]/.test(m[2] ?? '');
  const plain = m && /^[0-9.]+$/.test(m[2] ?? '') && (m[3] === '' || m[3] === 'm');
  let fractionalUnits = false;
  if (plain) {
    const units = Number(m[2]) / (m[3] === 'm' ? 1000 : 1);
    fractionalUnits = Math.ceil(units * 1000) % 1000 !== 0;
  }
  return { negative, fractionalUnits };
}

/** ValidateResourceQuantityValue for one list (`status.capacity`, `status.allocatable`). */
function validateResourceList(list: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, value] of Object.entries(list ?? {})) {
    const p = `${path}.${name}`;
    try {
      parseQuantity(value);
    } catch (e) {
      errs.push(fieldError.invalid(p, value, (e as Error).message));
      continue;
    }
    const facts = quantityFacts(value);
    if (facts.negative) errs.push(fieldError.invalid(p, value, 'must be greater than or equal to 0'));
    if (INTEGER_RESOURCES.has(name) && facts.fractionalUnits) errs.push(fieldError.invalid(p, value, 'must be an integer'));
  }
  return errs;
}

function validatePodCIDRs(cidrs: string[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  if (!cidrs?.length) return errs;
  const path = 'spec.podCIDRs';
  cidrs.forEach((c, i) => errs.push(...validateCIDR(`${path}[${i}]`, c)));
  if (cidrs.length > 1) {
    const families = new Set(cidrs.map(cidrFamilyOf));
    if (families.size !== 2 || families.has(undefined) || cidrs.length > 2) {
      errs.push(fieldError.invalid(path, cidrs, 'may specify no more than one CIDR for each IP family'));
    }
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(fieldError.duplicate(`${path}[${i}]`, c));
      seen.add(c);
    });
  }
  return errs;
}

export function validateNode(node: Node): FieldError[] {
  const errs = validateObjectMeta(node.metadata, false, isDNS1123Subdomain);
  errs.push(...validateTaints(node.spec.taints));
  errs.push(...validateResourceList(node.status?.capacity, 'status.capacity'));
  errs.push(...validateResourceList(node.status?.allocatable, 'status.allocatable'));
  errs.push(...validatePodCIDRs(node.spec.podCIDRs));
  return errs;
}

/**
 * What an update may not do: repeat an address, or change podCIDRs or providerID once they are set
 * (the node IPAM controller and the cloud provider set them once; everything downstream relies on them).
 */
export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, a] of (node.status?.addresses ?? []).entries()) {
    const id = `${a.type}\u0000${a.address}`;
    if (seen.has(id)) errs.push(fieldError.duplicate(`status.addresses[${i}]`, a));
    seen.add(id);
  }
  const oldCIDRs = old.spec.podCIDRs ?? [];
  const newCIDRs = node.spec.podCIDRs ?? [];
  if (oldCIDRs.length > 0) {
    const msg = 'node updates may not change podCIDR except from "" to valid';
    if (oldCIDRs.length !== newCIDRs.length) errs.push(fieldError.forbidden('spec.podCIDRs', msg));
    else oldCIDRs.forEach((c, i) => c !== newCIDRs[i] && errs.push(fieldError.forbidden('spec.podCIDRs', msg)));
  }
  if (old.spec.providerID && old.spec.providerID !== node.spec.providerID) {
    errs.push(fieldError.forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  return errs;
}
