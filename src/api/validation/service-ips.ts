/**
 * The linked IP fields of a Service — clusterIP, clusterIPs, ipFamilies, ipFamilyPolicy — as
 * ValidateServiceClusterIPsRelatedFields and the update rules (validateUpgradeDowngradeClusterIPs,
 * validateUpgradeDowngradeIPFamilies) check them, plus the registry's check that the families asked for
 * exist on this cluster, which serves IPv4 only.
 */
import { fieldError, type FieldError } from '../errors.js';
import type { Service } from '../service.js';
import { isHeadless } from '../service-defaults.js';
import { ipFamilyOf, validateIP } from './service-net.js';

const IP_FAMILIES = ['IPv4', 'IPv6'] as const;
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'] as const;
/** The families kubesim's service CIDR (10.96.0.0/12) can allocate from. */
const CLUSTER_IP_FAMILIES: readonly string[] = ['IPv4'];

const isOneOf = (list: readonly string[], v: string) => list.includes(v);

export function validateServiceIPFields(svc: Service): FieldError[] {
  const spec = svc.spec;
  // ExternalName Services were already checked for having none of these.
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  const families = spec.ipFamilies ?? [];

  // clusterIP and clusterIPs[0] say the same thing; clients may set either, but not disagree.
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(fieldError.required('spec.clusterIPs'));
    else if (ips[0] !== spec.clusterIP) {
      errs.push(fieldError.invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`'));
    }
  } else if (ips.length > 0) {
    errs.push(fieldError.invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'));
  }

  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (!isOneOf(IP_FAMILIES, f)) errs.push(fieldError.notSupported(`spec.ipFamilies[${i}]`, f, IP_FAMILIES));
    if (seen.has(f)) errs.push(fieldError.duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  const policy = spec.ipFamilyPolicy;
  if (policy !== undefined && !isOneOf(IP_FAMILY_POLICIES, policy)) {
    errs.push(fieldError.notSupported('spec.ipFamilyPolicy', policy, IP_FAMILY_POLICIES));
  }

  let invalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        invalidIPs = true;
        errs.push(fieldError.invalid('spec.clusterIPs', ips, "'None' must be the first and only value"));
      }
      return;
    }
    const ipErrs = validateIP(`spec.clusterIPs[${i}]`, ip);
    if (ipErrs.length > 0) invalidIPs = true;
    errs.push(...ipErrs);
  });
  if (ips.length > 2) errs.push(fieldError.invalid('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  // Bad IPs would make the family checks below say confusing things.
  if (invalidIPs) return errs;

  if (ips.length > 1 && new Set(ips.map(ipFamilyOf)).size !== 2) {
    errs.push(fieldError.invalid('spec.clusterIPs', ips, 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(svc)) {
    ips.forEach((ip, i) => {
      const want = families[i];
      if (want === undefined) return;
      const got = ipFamilyOf(ip);
      const expected = (family: string) => `expected an ${family} value as indicated by \`ipFamilies[${i}]\``;
      if (want === 'IPv4' && got === 'IPv6') errs.push(fieldError.invalid(`spec.clusterIPs[${i}]`, ip, expected('IPv4')));
      if (want === 'IPv6' && got !== 'IPv6') errs.push(fieldError.invalid(`spec.clusterIPs[${i}]`, ip, expected('IPv6')));
    });
  }
  errs.push(...validateClusterFamilies(svc));
  return errs;
}

/**
 * initIPFamilyFields' checks against the cluster's configuration. A headless Service without a
 * selector is exempt: it never gets a cluster IP, so it may name any families.
 */
function validateClusterFamilies(svc: Service): FieldError[] {
  const spec = svc.spec;
  if (spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0) return [];
  const errs: FieldError[] = [];
  if (spec.ipFamilyPolicy === 'RequireDualStack' && CLUSTER_IP_FAMILIES.length < 2) {
    const msg = 'this cluster is not configured for dual-stack services';
    errs.push(fieldError.invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, msg));
  }
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (isOneOf(IP_FAMILIES, f) && !CLUSTER_IP_FAMILIES.includes(f)) {
      errs.push(fieldError.invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'));
    }
  });
  return errs;
}

/** Assigned cluster IPs may not change; a secondary one may only be dropped by going SingleStack. */
export function validateClusterIPsUpdate(old: Service, svc: Service): FieldError[] {
  if (svc.spec.type === 'ExternalName' || old.spec.type === 'ExternalName') return [];
  if (isHeadless(old) && isHeadless(svc)) return [];
  const errs: FieldError[] = [];
  const before = old.spec.clusterIPs ?? [];
  const after = svc.spec.clusterIPs ?? [];
  const changed = (i: number) => fieldError.invalid(`spec.clusterIPs[${i}]`, after, 'may not change once set');
  if (before.length === after.length) {
    before.forEach((ip, i) => ip !== after[i] && errs.push(changed(i)));
  } else if (before.length > after.length) {
    if (after.length === 0) errs.push(fieldError.invalid('spec.clusterIPs[0]', after, 'primary clusterIP can not be unset'));
    if (after.length > 0 && after[0] !== before[0]) errs.push(changed(0));
    if (after.length === 1 && svc.spec.ipFamilyPolicy !== 'SingleStack') {
      const msg = "must be set to 'SingleStack' when releasing the secondary clusterIP";
      errs.push(fieldError.invalid('spec.ipFamilyPolicy', svc.spec.ipFamilyPolicy ?? null, msg));
    }
  } else if (before.length > 0 && after[0] !== before[0]) {
    errs.push(changed(0));
  }
  return errs;
}

/** The same for ipFamilies; a headless Service may change its families freely. */
export function validateIPFamiliesUpdate(old: Service, svc: Service): FieldError[] {
  if (svc.spec.type === 'ExternalName' || old.spec.type === 'ExternalName') return [];
  if (isHeadless(old) || isHeadless(svc)) return [];
  const errs: FieldError[] = [];
  const before = old.spec.ipFamilies ?? [];
  const after = svc.spec.ipFamilies ?? [];
  // Kubernetes reports every family change at index 0, and some with the clusterIPs as the value.
  const changed = (value: unknown) => fieldError.invalid('spec.ipFamilies[0]', value, 'may not change once set');
  if (before.length === after.length) {
    before.forEach((f, i) => f !== after[i] && errs.push(changed(after)));
  } else if (before.length > after.length) {
    if ((svc.spec.clusterIPs ?? []).length === 0) {
      errs.push(fieldError.invalid('spec.ipFamilies[0]', after, 'primary ipFamily can not be unset'));
    }
    if (after.length > 0 && after[0] !== before[0]) errs.push(changed(svc.spec.clusterIPs ?? []));
    if (after.length === 1 && svc.spec.ipFamilyPolicy !== 'SingleStack') {
      const msg = "must be set to 'SingleStack' when releasing the secondary ipFamily";
      errs.push(fieldError.invalid('spec.ipFamilyPolicy', svc.spec.ipFamilyPolicy ?? null, msg));
    }
  } else if (before.length > 0 && after[0] !== before[0]) {
    errs.push(changed(svc.spec.clusterIPs ?? []));
  }
  return errs;
}
