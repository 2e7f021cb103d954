/**
 * `kubectl describe service` and `describe node` (describe.go ServiceDescriber, NodeDescriber). A
 * Service shows its IPs, each port with its target port and ready endpoints (from its Endpoints object,
 * `<none>` without one). A Node shows its taints, Lease, conditions with heartbeat times, addresses,
 * capacity, system info, the non-terminated pods on it with their requests and limits as a share of
 * allocatable, and the totals. Pod totals sum the main containers' requests (kubectl also weighs init
 * containers; kubesim's pods rarely have any).
 */
import type { Endpoints } from '../../api/endpoints.js';
import type { Node } from '../../api/node.js';
import type { Pod } from '../../api/pod.js';
import { parseQuantity, Quantity } from '../../api/quantity.js';
import type { Service } from '../../api/service.js';
import type { Store } from '../../store/store.js';
import { formatLabels, nodeRoles } from '../printers/index.js';
import { annotationsMultiline, describeEvents, eventsFor, labelsMultiline, PrefixWriter, rfc1123z, since } from './common.js';

/** formatEndpoints for one port name: `ip:port` of ready addresses, three at most. */
function endpointsFor(ep: Endpoints | undefined, portName: string): string {
  if (!ep?.subsets?.length) return '<none>';
  const all: string[] = [];
  for (const ss of ep.subsets) {
    for (const port of ss.ports ?? []) {
      if ((port.name ?? '') !== portName) continue;
      for (const a of ss.addresses ?? []) all.push(a.ip.includes(':') ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
    }
  }
  const shown = all.slice(0, 3).join(',');
  return all.length > 3 ? `${shown} + ${all.length - 3} more...` : shown;
}

export function describeService(store: Store, svc: Service, now: number): string {
  const w = new PrefixWriter();
  const spec = svc.spec;
  w.write(0, `Name:\t${svc.metadata.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata.namespace}\n`);
  labelsMultiline(w, 'Labels', svc.metadata.labels);
  annotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector) === '<none>' ? '' : formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type}\n`);
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
  if (spec.externalIPs?.length) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.type === 'ExternalName') w.write(0, `External Name:\t${spec.externalName ?? ''}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) w.write(0, `LoadBalancer Ingress:\t${ingress.map((i) => i.ip || i.hostname).join(', ')}\n`);
  const ep = store.get('Endpoints', svc.metadata.namespace, svc.metadata.name!);
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    w.write(0, `Port:\t${name}\t${p.port}/${p.protocol}\n`);
    w.write(0, `TargetPort:\t${String(p.targetPort ?? p.port)}/${p.protocol}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol}\n`);
    w.write(0, `Endpoints:\t${endpointsFor(ep, p.name ?? '')}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`);
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  describeEvents(w, eventsFor(store, svc, true), now);
  return w.toString();
}

const ZERO = parseQuantity('0');

function sumResources(pods: Pod[], which: 'requests' | 'limits', resource: string): Quantity {
  let total = ZERO;
  for (const pod of pods) {
    for (const c of pod.spec.containers) {
      const v = c.resources?.[which]?.[resource];
      if (v !== undefined) total = total.add(parseQuantity(String(v)));
    }
  }
  return total;
}

const percent = (q: Quantity, of: Quantity | undefined, milli: boolean) => {
  const base = of ? (milli ? of.milliValue() : of.value()) : 0;
  return base === 0 ? 0 : Math.trunc(((milli ? q.milliValue() : q.value()) / base) * 100);
};

function describeNodeResources(w: PrefixWriter, node: Node, pods: Pod[], now: number): void {
  const allocatable = Object.keys(node.status?.allocatable ?? {}).length > 0 ? node.status!.allocatable! : (node.status?.capacity ?? {});
  const cap = (r: string) => (allocatable[r] !== undefined ? parseQuantity(String(allocatable[r])) : undefined);
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  for (const pod of pods) {
    const cell = (which: 'requests' | 'limits', r: string) => {
      const q = sumResources([pod], which, r);
      return `${q.toString()} (${percent(q, cap(r), r === 'cpu')}%)`;
    };
    w.write(1, `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${cell('requests', 'cpu')}\t${cell('limits', 'cpu')}\t${cell('requests', 'memory')}\t${cell('limits', 'memory')}\t${since(pod.metadata.creationTimestamp, now)}\n`);
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = sumResources(pods, 'requests', r);
    const lim = sumResources(pods, 'limits', r);
    w.write(1, `${r}\t${req.toString()} (${percent(req, cap(r), r === 'cpu')}%)\t${lim.toString()} (${percent(lim, cap(r), r === 'cpu')}%)\n`);
  }
}

export function describeNode(store: Store, node: Node, now: number): string {
  const w = new PrefixWriter();
  const status = node.status ?? {};
  const info = (status.nodeInfo ?? {}) as Record<string, string | undefined>;
  w.write(0, `Name:\t${node.metadata.name}\n`);
  w.write(0, `Roles:\t${nodeRoles(node)}\n`);
  labelsMultiline(w, 'Labels', node.metadata.labels);
  annotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  const taints = node.spec.taints ?? [];
  w.write(0, 'Taints:\t');
  if (taints.length === 0) w.write(0, '<none>\n');
  taints.forEach((t, i) => w.write(0, `${i === 0 ? '' : '\t'}${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`));
  w.write(0, `Unschedulable:\t${node.spec.unschedulable === true}\n`);
  const lease = store.get('Lease', 'kube-node-lease', node.metadata.name!);
  if (!lease) {
    w.write(0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${node.metadata.name}" not found\n`);
  } else {
    w.write(0, 'Lease:\n');
    w.write(1, `HolderIdentity:\t${lease.spec.holderIdentity ?? '<unset>'}\n`);
    w.write(1, `AcquireTime:\t${lease.spec.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
    w.write(1, `RenewTime:\t${lease.spec.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
  }
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions) {
      w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, list] of [['Capacity', status.capacity], ['Allocatable', status.allocatable]] as const) {
    const keys = Object.keys(list ?? {}).sort();
    if (keys.length === 0) continue;
    w.write(0, `${title}:\n`);
    for (const k of keys) w.write(0, `  ${k}:\t${parseQuantity(String(list![k])).toString()}\n`);
  }
  w.write(0, 'System Info:\n');
  const rows: [string, string][] = [
    ['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'], ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'], ['Kubelet Version', 'kubeletVersion'], ['Kube-Proxy Version', 'kubeProxyVersion'],
  ];
  for (const [title, key] of rows) w.write(0, `  ${title}:\t${info[key] ?? ''}\n`);
  if (node.spec.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  const pods = store.podsOnNode(node.metadata.name!).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  describeNodeResources(w, node, pods, now);
  describeEvents(w, eventsFor(store, node, true), now);
  return w.toString();
}
