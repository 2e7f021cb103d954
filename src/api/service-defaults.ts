/**
 * Service defaulting, in the API server's order: SetDefaults_Service (pkg/apis/core/v1/defaults.go),
 * then what the Service registry does before it allocates (normalizeClusterIPs, initIPFamilyFields).
 * Idempotent: defaulting a defaulted Service changes nothing. Never allocates a cluster IP or a node port.
 */
import type { Service } from './service.js';
import { ipFamilyOf, type IPFamily } from './validation/service-net.js';

/** v1.DefaultClientIPServiceAffinitySeconds: three hours. */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/** kubesim's service CIDR (10.96.0.0/12) is IPv4 only, so single-stack Services are IPv4. */
const CLUSTER_DEFAULT_FAMILY: IPFamily = 'IPv4';

/** apiservice.ExternallyAccessible: reachable from outside through node ports, a load balancer or external IPs. */
export function externallyAccessible(svc: Service): boolean {
  const { type, externalIPs } = svc.spec;
  return type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && (externalIPs?.length ?? 0) > 0);
}

/** A headless Service has no virtual IP: DNS answers with the endpoints' addresses directly. */
export function isHeadless(svc: Service): boolean {
  return svc.spec.clusterIPs?.length === 1 && svc.spec.clusterIPs[0] === 'None';
}

export function applyServiceDefaults(svc: Service): void {
  const spec = svc.spec;
  // Go's defaulting treats an empty string like an absent field.
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (!spec.type) spec.type = 'ClusterIP';

  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
  }

  for (const port of spec.ports ?? []) {
    if (!port.protocol) port.protocol = 'TCP';
    // An absent targetPort decodes as 0 in Go: both mean "the same as port".
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }

  if (externallyAccessible(svc) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && ['ClusterIP', 'NodePort', 'LoadBalancer'].includes(spec.type)) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) {
    spec.allocateLoadBalancerNodePorts = true;
  }

  // normalizeClusterIPs: an old client sets only the singular field; the plural follows it.
  if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];

  initIPFamilyFields(svc);
}

/**
 * initIPFamilyFields, for a single-stack IPv4 cluster. ExternalName Services have no IPs at all. A
 * headless Service without a selector gets both families: its endpoints are managed by hand and may be
 * of either family, so Kubernetes asks for RequireDualStack even on a single-stack cluster.
 */
function initIPFamilyFields(svc: Service): void {
  const spec = svc.spec;
  if (spec.type === 'ExternalName') return;
  const selectorless = Object.keys(spec.selector ?? {}).length === 0;
  const headlessSelectorless = spec.clusterIP === 'None' && selectorless;
  if (spec.ipFamilyPolicy === undefined) spec.ipFamilyPolicy = headlessSelectorless ? 'RequireDualStack' : 'SingleStack';

  const families = [...(spec.ipFamilies ?? [])];
  for (const [i, ip] of (spec.clusterIPs ?? []).entries()) {
    if (ip === 'None') break;
    const family = ipFamilyOf(ip);
    // An invalid IP is left for validation to report.
    if (family && i >= families.length) families.push(family);
  }
  if (families.length === 0) families.push(CLUSTER_DEFAULT_FAMILY);
  if (headlessSelectorless && families.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') {
    families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  }
  spec.ipFamilies = families;
}
