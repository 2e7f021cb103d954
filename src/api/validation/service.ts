/**
 * Service validation (ValidateService, ValidateServiceUpdate, ValidateServiceStatusUpdate in
 * pkg/apis/core/validation), in Kubernetes' order and words. Node port ranges and IP ranges are not
 * checked here: whether a port or an address is free and in range is the allocators' question.
 */
import { fieldError, type FieldError } from '../errors.js';
import type { Service, ServicePort } from '../service.js';
import { externallyAccessible, isHeadless } from '../service-defaults.js';
import { validateLabels, validateObjectMeta } from './meta.js';
import { isDNS1035Label, isDNS1123Subdomain, isQualifiedName, isValidPortName } from './names.js';
import { validateServiceIPFields, validateClusterIPsUpdate, validateIPFamiliesUpdate } from './service-ips.js';
import { isValidPortNum, validateDNS1123Label, validateIP, validateNonSpecialIP, validateProtocol } from './service-net.js';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;
const SESSION_AFFINITIES = ['ClientIP', 'None'] as const;
const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;
const LB_IP_MODES = ['Proxy', 'VIP'] as const;
/** core.MaxClientIPServiceAffinitySeconds: one day. */
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;

const has = (list: readonly string[], v: string) => list.includes(v);

/** ValidatePortNumOrName: a port number, or an IANA service name naming a container port. */
export function validatePortNumOrName(path: string, port: number | string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => fieldError.invalid(path, port, m));
  return isValidPortName(port).map((m) => fieldError.invalid(path, port, m));
}

function validateServicePort(sp: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !sp.name) errs.push(fieldError.required(`${path}.name`));
  else if (sp.name) {
    errs.push(...validateDNS1123Label(`${path}.name`, sp.name));
    if (names.has(sp.name)) errs.push(fieldError.duplicate(`${path}.name`, sp.name));
    names.add(sp.name);
  }
  for (const m of isValidPortNum(sp.port)) errs.push(fieldError.invalid(`${path}.port`, sp.port, m));
  errs.push(...validateProtocol(`${path}.protocol`, sp.protocol));
  if (sp.targetPort !== undefined) errs.push(...validatePortNumOrName(`${path}.targetPort`, sp.targetPort));
  if (sp.appProtocol !== undefined) {
    for (const m of isQualifiedName(sp.appProtocol)) errs.push(fieldError.invalid(`${path}.appProtocol`, sp.appProtocol, m));
  }
  return errs;
}

function validateTypeSpecific(svc: Service): FieldError[] {
  const spec = svc.spec;
  const errs: FieldError[] = [];
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && isHeadless(svc)) {
    errs.push(fieldError.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
  }
  if (spec.type === 'ExternalName') {
    const forbid = 'may not be set for ExternalName services';
    if (spec.clusterIPs?.length) errs.push(fieldError.forbidden('spec.clusterIPs', forbid));
    if (spec.ipFamilies?.length) errs.push(fieldError.forbidden('spec.ipFamilies', forbid));
    if (spec.ipFamilyPolicy !== undefined) errs.push(fieldError.forbidden('spec.ipFamilyPolicy', forbid));
    // The value is a CNAME, which may end in a dot to say it is fully qualified.
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (!cname) errs.push(fieldError.required('spec.externalName'));
    else for (const m of isDNS1123Subdomain(cname)) errs.push(fieldError.invalid('spec.externalName', cname, m));
  }
  return errs;
}

function validateSessionAffinity(svc: Service): FieldError[] {
  const { sessionAffinity, sessionAffinityConfig } = svc.spec;
  if (!sessionAffinity) return [fieldError.required('spec.sessionAffinity')];
  if (!has(SESSION_AFFINITIES, sessionAffinity)) {
    return [fieldError.notSupported('spec.sessionAffinity', sessionAffinity, SESSION_AFFINITIES)];
  }
  if (sessionAffinity === 'None') {
    return sessionAffinityConfig
      ? [fieldError.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None')]
      : [];
  }
  const why = 'when session affinity type is ClientIP';
  const path = 'spec.sessionAffinityConfig';
  if (!sessionAffinityConfig) return [fieldError.required(path, why)];
  if (!sessionAffinityConfig.clientIP) return [fieldError.required(`${path}.clientIP`, why)];
  const timeout = sessionAffinityConfig.clientIP.timeoutSeconds;
  if (timeout === undefined) return [fieldError.required(`${path}.clientIP.timeoutSeconds`, why)];
  if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS) {
    const msg = `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`;
    return [fieldError.invalid(`${path}.clientIP.timeoutSeconds`, timeout, msg)];
  }
  return [];
}

function validatePorts(svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const ports = svc.spec.ports ?? [];
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  return errs;
}

/** Node ports only exist for NodePort and LoadBalancer Services; each (protocol, port) pair only once. */
function validatePortUniqueness(svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const ports = svc.spec.ports ?? [];
  if (svc.spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (!p.nodePort) return;
      errs.push(fieldError.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(fieldError.duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(fieldError.duplicate(`spec.ports[${i}]`, { protocol: p.protocol, port: p.port }));
    seen.add(key);
  });
  return errs;
}

function validateTrafficPolicies(svc: Service): FieldError[] {
  const spec = svc.spec;
  const errs: FieldError[] = [];
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer') {
    errs.push(fieldError.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) {
    // Kubernetes names this path without `spec.`.
    errs.push(fieldError.required('allocateLoadBalancerNodePorts'));
  }
  const etp = spec.externalTrafficPolicy;
  const etpPath = 'spec.externalTrafficPolicy';
  if (!externallyAccessible(svc)) {
    if (etp) errs.push(fieldError.invalid(etpPath, etp, 'may only be set for externally-accessible services'));
  } else if (!etp) errs.push(fieldError.required(etpPath));
  else if (!has(TRAFFIC_POLICIES, etp)) errs.push(fieldError.notSupported(etpPath, etp, TRAFFIC_POLICIES));
  // healthCheckNodePort is allocated elsewhere; here it is only checked when present.
  const hc = spec.healthCheckNodePort;
  if (hc) {
    if (!(spec.type === 'LoadBalancer' && etp === 'Local')) {
      const msg = "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'";
      errs.push(fieldError.invalid('spec.healthCheckNodePort', hc, msg));
    } else for (const m of isValidPortNum(hc)) errs.push(fieldError.invalid('spec.healthCheckNodePort', hc, m));
  }
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined && has(['NodePort', 'LoadBalancer', 'ClusterIP'], spec.type)) {
    errs.push(fieldError.required('spec.internalTrafficPolicy'));
  }
  if (itp !== undefined && !has(TRAFFIC_POLICIES, itp)) {
    errs.push(fieldError.notSupported('spec.internalTrafficPolicy', itp, TRAFFIC_POLICIES));
  }
  return errs;
}

export function validateService(svc: Service): FieldError[] {
  const spec = svc.spec;
  const errs = validateObjectMeta(svc.metadata, true, isDNS1035Label);
  if (!spec.ports?.length && !isHeadless(svc) && spec.type !== 'ExternalName') errs.push(fieldError.required('spec.ports'));
  errs.push(...validateTypeSpecific(svc));
  errs.push(...validatePorts(svc));
  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  errs.push(...validateSessionAffinity(svc));
  errs.push(...validateServiceIPFields(svc));
  for (const [i, ip] of (spec.externalIPs ?? []).entries()) {
    const ipErrs = validateIP(`spec.externalIPs[${i}]`, ip);
    errs.push(...(ipErrs.length > 0 ? ipErrs : validateNonSpecialIP(`spec.externalIPs[${i}]`, ip)));
  }
  if (!spec.type) errs.push(fieldError.required('spec.type'));
  else if (!has(SERVICE_TYPES, spec.type)) errs.push(fieldError.notSupported('spec.type', spec.type, SERVICE_TYPES));
  errs.push(...validatePortUniqueness(svc));
  errs.push(...validateTrafficPolicies(svc));
  return errs;
}

/** ValidateServiceUpdate's own rules: assigned IPs and families stay, and so does the health check port. */
export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const errs = [...validateClusterIPsUpdate(old, svc), ...validateIPFamiliesUpdate(old, svc)];
  const needsHealthCheck = (s: Service) => s.spec.type === 'LoadBalancer' && s.spec.externalTrafficPolicy === 'Local';
  if (needsHealthCheck(old) && needsHealthCheck(svc) && old.spec.healthCheckNodePort !== svc.spec.healthCheckNodePort) {
    errs.push(fieldError.forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return errs;
}

/** ValidateServiceStatusUpdate: load balancer ingress, only on LoadBalancer Services. */
export function validateServiceStatus(svc: Service): FieldError[] {
  const errs = validateObjectMeta(svc.metadata, true, isDNS1035Label);
  const ingress = svc.status.loadBalancer.ingress ?? [];
  const path = 'status.loadBalancer.ingress';
  if (svc.spec.type !== 'LoadBalancer' && ingress.length > 0) {
    return [...errs, fieldError.forbidden(path, "may only be used when `spec.type` is 'LoadBalancer'")];
  }
  ingress.forEach((ing, i) => {
    const p = `${path}[${i}]`;
    if (ing.ip) errs.push(...validateIP(`${p}.ip`, ing.ip));
    if (ing.ipMode !== undefined && !ing.ip) {
      errs.push(fieldError.forbidden(`${p}.ipMode`, 'may not be specified when `ip` is not set'));
    } else if (ing.ipMode !== undefined && !has(LB_IP_MODES, ing.ipMode)) {
      errs.push(fieldError.notSupported(`${p}.ipMode`, ing.ipMode, LB_IP_MODES));
    }
    if (ing.hostname) {
      for (const m of isDNS1123Subdomain(ing.hostname)) errs.push(fieldError.invalid(`${p}.hostname`, ing.hostname, m));
      if (validateIP('', ing.hostname).length === 0) {
        errs.push(fieldError.invalid(`${p}.hostname`, ing.hostname, 'must be a DNS name, not an IP address'));
      }
    }
  });
  return errs;
}
