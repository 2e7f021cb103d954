/**
 * A container's resource requests and limits (ValidateContainerResourceRequirements and
 * ValidateResourceQuantityValue in pkg/apis/core/validation), in Kubernetes' words. Quantities are
 * compared exactly and printed in their canonical form, as Quantity.String() prints them.
 */
import { fieldError, type FieldError } from '../errors.js';
import type { ResourceRequirements } from '../pod-container.js';
import { parseQuantity, Quantity } from '../quantity.js';
import { isQualifiedName } from './names.js';
import { IS_NEGATIVE_MSG } from './probe.js';

/** The standard resources a container may ask for by a bare name (hugepages-<size> as well). */
const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** helper.IsStandardResourceName: what a bare resource name may be anywhere in the API. */
const STANDARD_RESOURCES = new Set([
  ...CONTAINER_RESOURCES,
  'storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

const isHugePages = (name: string) => name.startsWith('hugepages-');
/** Resources in the kubernetes.io namespace, or with no namespace at all. */
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
/** Only native, non-hugepage resources may be requested below their limit. */
const overcommitAllowed = (name: string) => isNative(name) && !isHugePages(name);

function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => fieldError.invalid(path, name, m));
  if (errs.length > 0) return errs;
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name)) {
      errs.push(fieldError.invalid(path, name, 'must be a standard resource type or fully qualified'));
    }
    if (!CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
      errs.push(fieldError.invalid(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNative(name) && (name.startsWith('requests.') || isQualifiedName(`requests.${name}`).length > 0)) {
    errs.push(fieldError.invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** The quantity, or its parse error as a field error. */
function quantityOf(raw: string, path: string): Quantity | FieldError {
  try {
    return parseQuantity(raw);
  } catch (e) {
    return fieldError.invalid(path, raw, (e as Error).message);
  }
}

/** ValidateResourceQuantityValue: never negative; extended resources come in whole units. */
function validateAmount(name: string, raw: string, path: string): { q?: Quantity; errs: FieldError[] } {
  const q = quantityOf(raw, path);
  if (!(q instanceof Quantity)) return { errs: [q] };
  const errs: FieldError[] = [];
  if (q.isNegative) errs.push(fieldError.invalid(path, q.toString(), IS_NEGATIVE_MSG));
  if (!isNative(name) && q.milliValue() % 1000 !== 0) errs.push(fieldError.invalid(path, q.toString(), 'must be an integer'));
  return { q, errs };
}

/**
 * Requests may not exceed limits; for resources that cannot be overcommitted (extended resources such
 * as `nvidia.com/gpu`, hugepages) a request must equal its limit, and needs one. The request error
 * names the whole `requests` map, as Kubernetes does: `resources.requests: Invalid value: "1": must be
 * less than or equal to cpu limit of 500m`.
 */
export function validateResourceRequirements(res: ResourceRequirements, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  const limits = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(res.limits ?? {})) {
    const p = `${limPath}[${name}]`;
    errs.push(...validateResourceName(name, p));
    const { q, errs: amountErrs } = validateAmount(name, raw, p);
    errs.push(...amountErrs);
    if (q) limits.set(name, q);
  }
  for (const [name, raw] of Object.entries(res.requests ?? {})) {
    const p = `${reqPath}[${name}]`;
    errs.push(...validateResourceName(name, p));
    const { q, errs: amountErrs } = validateAmount(name, raw, p);
    errs.push(...amountErrs);
    const limit = limits.get(name);
    if (res.limits?.[name] !== undefined) {
      if (!q || !limit) continue;
      if (q.cmp(limit) !== 0 && !overcommitAllowed(name)) {
        errs.push(fieldError.invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (q.cmp(limit) > 0) {
        errs.push(fieldError.invalid(reqPath, q.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`));
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(fieldError.required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}
