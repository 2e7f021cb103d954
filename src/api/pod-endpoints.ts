/**
 * How a pod stands behind a Service, read the same way by the EndpointSlice and Endpoints controllers
 * (Kubernetes' pkg/api/v1/pod FindPort and pkg/controller/util/endpoint). Pure functions of the objects.
 */
import type { Pod } from './pod.js';
import type { Service, ServicePort } from './service.js';

/**
 * FindPort: the container port a Service port sends to. A numeric targetPort is used as it is; a named one
 * is looked up among the containers' ports by name and protocol, and a pod without it is skipped for that
 * port (which is why pods of one Service can end up in slices with different ports).
 */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  // Sidecars (init containers that keep running) serve too.
  const sidecars = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...pod.spec.containers, ...sidecars]) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === port.protocol) return p.containerPort;
    }
  }
  return undefined;
}

/**
 * ShouldPodBeInEndpoints: a pod that has finished, or has no IP yet, is no endpoint; a terminating one is
 * only kept when asked (the EndpointSlice controller keeps them, with `terminating: true`).
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp !== undefined) return false;
  return true;
}

/** The pod's IPv4 address (kubesim's pod network is IPv4 only). */
export function podIPv4(pod: Pod): string | undefined {
  const ips = [pod.status?.podIP, ...(pod.status?.podIPs ?? []).map((p) => p.ip)];
  return ips.find((ip): ip is string => typeof ip === 'string' && /^\d+\.\d+\.\d+\.\d+$/.test(ip));
}

/** ShouldSetHostname: a pod with `hostname` whose `subdomain` names the Service gets a DNS name of its own. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}
