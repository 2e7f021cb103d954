/**
 * Lease (coordination.k8s.io/v1): what a kubelet renews every few seconds to say it is alive, and what
 * leader election holds. Guarantees: a positive duration and a non-negative transition count
 * (ValidateLeaseSpec); times are MicroTime strings, which `formatMicroTime` writes.
 */
import { z } from 'zod';
import { fieldError, type FieldError } from './errors.js';
import type { KindDef } from './kind.js';
import { ObjectMetaSchema } from './meta.js';
import { validateObjectMeta } from './validation/meta.js';
import { isDNS1123Subdomain } from './validation/names.js';

export const LeaseSpecSchema = z.looseObject({
  holderIdentity: z.string().optional(),
  leaseDurationSeconds: z.number().int().optional(),
  acquireTime: z.string().optional(),
  renewTime: z.string().optional(),
  leaseTransitions: z.number().int().optional(),
});

export const LeaseSchema = z.looseObject({
  apiVersion: z.string().default('coordination.k8s.io/v1'),
  kind: z.string().default('Lease'),
  metadata: ObjectMetaSchema,
  spec: LeaseSpecSchema.prefault({}),
});
export type Lease = z.infer<typeof LeaseSchema>;

/** metav1.MicroTime on the wire: RFC 3339 with exactly six fractional digits (`2024-01-01T00:00:00.000000Z`). */
export function formatMicroTime(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2024-01-01T00:00:00.123Z
  const micros = String(Math.floor((ms - Math.floor(ms)) * 1000)).padStart(3, '0');
  return `${iso.slice(0, 23)}${micros}Z`;
}

export function validateLease(lease: Lease): FieldError[] {
  const errs = validateObjectMeta(lease.metadata, true, isDNS1123Subdomain);
  const { leaseDurationSeconds, leaseTransitions } = lease.spec;
  if (leaseDurationSeconds !== undefined && leaseDurationSeconds <= 0) {
    errs.push(fieldError.invalid('spec.leaseDurationSeconds', leaseDurationSeconds, 'must be greater than 0'));
  }
  if (leaseTransitions !== undefined && leaseTransitions < 0) {
    errs.push(fieldError.invalid('spec.leaseTransitions', leaseTransitions, 'must be greater than or equal to 0'));
  }
  return errs;
}

export const leaseDef: KindDef<Lease> = {
  kind: 'Lease',
  group: 'coordination.k8s.io',
  version: 'v1',
  apiVersion: 'coordination.k8s.io/v1',
  plural: 'leases',
  singular: 'lease',
  namespaced: true,
  shortNames: [],
  categories: [],
  statusSubresource: false,
  generationFromSpec: false,
  schema: LeaseSchema,
  validate: validateLease,
};
