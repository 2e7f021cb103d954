/**
 * What each Service type needs from the registry's allocators, as pkg/registry/core/service/storage
 * decides it (needsClusterIP, needsNodePort, needsHCNodePort). Pure predicates; no cost to speak of.
 */
import type { Service } from '../api/service.js';

/** Every type but ExternalName has cluster IPs (a headless Service's are `None`). */
export function needsClusterIP(svc: Service): boolean {
  return svc.spec.type !== 'ExternalName';
}

/** NodePort Services, and LoadBalancer ones unless `allocateLoadBalancerNodePorts: false`. */
export function needsNodePort(svc: Service): boolean {
  const { type, allocateLoadBalancerNodePorts } = svc.spec;
  return type === 'NodePort' || (type === 'LoadBalancer' && allocateLoadBalancerNodePorts !== false);
}

/** A LoadBalancer with `externalTrafficPolicy: Local` gets a health check port for the cloud's checks. */
export function needsHCNodePort(svc: Service): boolean {
  return svc.spec.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local';
}

/** The Service's one IPv4 cluster IP, or undefined for headless and ExternalName Services. */
export function clusterIPOf(svc: Service): string | undefined {
  const ip = svc.spec.clusterIPs?.[0] ?? svc.spec.clusterIP;
  return ip && ip !== 'None' ? ip : undefined;
}
