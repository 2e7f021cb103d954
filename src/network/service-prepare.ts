/**
 * What the Service registry does to a client's update before it is admitted: patchAllocatedValues (a
 * client that re-sends a manifest without `clusterIP` or `nodePort` keeps the values it was given, so
 * `kubectl replace` and `apply` are idempotent) and dropTypeDependentFields (a type change drops the
 * allocated fields the new type has no use for — when the client left them as they were — so that
 * `kubectl patch svc web -p '{"spec":{"type":"ClusterIP"}}'` works without also clearing node ports).
 * Pure: returns a new object, never changes the input; O(size of the Service).
 */
import type { KubeObject } from '../api/meta.js';
import type { Service, ServicePort, ServiceSpec } from '../api/service.js';
import { needsClusterIP, needsHCNodePort, needsNodePort } from './service-types.js';

type LooseSpec = Partial<ServiceSpec> & Record<string, unknown>;
type LoosePort = Partial<ServicePort> & Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function portsOf(spec: LooseSpec): LoosePort[] {
  return Array.isArray(spec.ports) ? (spec.ports.filter(isObject) as LoosePort[]) : [];
}

/** The update as the registry hands it to admission. Inputs that are not Service-shaped pass unchanged. */
export function prepareServiceUpdate(input: KubeObject, old: Service): KubeObject {
  if (!isObject(input.spec)) return input;
  const next = structuredClone(input) as KubeObject & { spec: LooseSpec };
  const asService = next as unknown as Service;
  // Go defaulting treats an absent type as ClusterIP; the checks below need the type the update will have.
  const type = typeof next.spec.type === 'string' && next.spec.type ? next.spec.type : 'ClusterIP';
  const typed = { ...asService, spec: { ...asService.spec, type } } as Service;
  patchAllocatedValues(next.spec, typed, old);
  dropTypeDependentFields(next.spec, typed, old);
  return next;
}

function patchAllocatedValues(spec: LooseSpec, svc: Service, old: Service): void {
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && old.spec.clusterIP) spec.clusterIP = old.spec.clusterIP;
    if (!(Array.isArray(spec.clusterIPs) && spec.clusterIPs.length) && old.spec.clusterIPs?.length) {
      spec.clusterIPs = [...old.spec.clusterIPs];
    }
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const ports = portsOf(spec);
    const inNew = new Set(ports.map((p) => p.nodePort).filter(Boolean));
    const used = new Set((old.spec.ports ?? []).map((p) => p.nodePort).filter((n) => n !== undefined && inNew.has(n)));
    // Matched by port name: the user may have changed anything else about the port.
    const byName = new Map((old.spec.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
    for (const p of ports) {
      if (p.nodePort) continue;
      const was = byName.get(typeof p.name === 'string' ? p.name : '');
      if (was !== undefined && !used.has(was)) p.nodePort = was;
    }
  }
  if (needsHCNodePort(old) && needsHCNodePort(svc) && !spec.healthCheckNodePort && old.spec.healthCheckNodePort) {
    spec.healthCheckNodePort = old.spec.healthCheckNodePort;
  }
}

const sameList = (a: readonly unknown[] | undefined, b: unknown): boolean =>
  Array.isArray(b) ? (a ?? []).length === b.length && (a ?? []).every((x, i) => x === b[i]) : (a ?? []).length === 0 && b === undefined;

function dropTypeDependentFields(spec: LooseSpec, svc: Service, old: Service): void {
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (spec.clusterIP === old.spec.clusterIP && sameList(old.spec.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(old.spec.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === old.spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(svc)) {
    const ports = portsOf(spec);
    const oldPorts = old.spec.ports ?? [];
    const same = ports.length === oldPorts.length && ports.every((p, i) => (p.nodePort ?? 0) === (oldPorts[i]!.nodePort ?? 0));
    if (same) for (const p of ports) delete p.nodePort;
  }
  if (needsHCNodePort(old) && !needsHCNodePort(svc) && spec.healthCheckNodePort === old.spec.healthCheckNodePort) {
    delete spec.healthCheckNodePort;
  }
  if (old.spec.type === 'LoadBalancer' && svc.spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts === old.spec.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (spec.loadBalancerClass === (old.spec as LooseSpec).loadBalancerClass) delete spec.loadBalancerClass;
  }
  const externally = (type: string, ips: unknown) => type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && Array.isArray(ips) && ips.length > 0);
  if (!externally(svc.spec.type, spec.externalIPs) && spec.externalTrafficPolicy === old.spec.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
}
