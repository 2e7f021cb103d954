/**
 * What a Service's EndpointSlices should say about one pod (staging/src/k8s.io/endpointslice/utils.go:
 * podToEndpoint, getEndpointPorts). Pure functions of the Service, the pod and its node; O(ports).
 */
import type { Endpoint, EndpointSlicePort } from '../../api/endpointslice.js';
import type { Node } from '../../api/node.js';
import { findPort, podIPv4, shouldPodBeInEndpoints, shouldSetHostname } from '../../api/pod-endpoints.js';
import type { Pod } from '../../api/pod.js';
import { isPodReady } from '../../api/podutil.js';
import type { Service } from '../../api/service.js';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** One pod's place in a Service's slices: its endpoint, and the ports its slice must have. */
export interface DesiredEndpoint {
  endpoint: Endpoint;
  ports: EndpointSlicePort[];
  /** Slices group endpoints by port set; equal keys ⇔ equal port sets, in any order. */
  portKey: string;
}

/**
 * The pod's endpoint, or undefined when it is none of the Service's business: not selected, finished,
 * without an IPv4 address. Terminating pods stay, marked `terminating`, so that kube-proxy can keep
 * sending to them when nothing else serves.
 */
export function desiredEndpoint(svc: Service, pod: Pod, node: Node | undefined): DesiredEndpoint | undefined {
  if (!shouldPodBeInEndpoints(pod, true)) return undefined;
  const ip = podIPv4(pod);
  if (!ip) return undefined;
  const serving = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  // "ready" is never true for a terminating pod, unless the Service publishes every address.
  const ready = svc.spec.publishNotReadyAddresses === true || (serving && !terminating);
  const endpoint: Endpoint = {
    addresses: [ip],
    conditions: conditionsOf(ready, serving, terminating),
    ...(shouldSetHostname(pod, svc) ? { hostname: pod.spec.hostname! } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! },
    ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    ...(node?.metadata.labels?.[ZONE_LABEL] ? { zone: node.metadata.labels[ZONE_LABEL] } : {}),
  };
  const ports = endpointPorts(svc, pod);
  return { endpoint, ports, portKey: portKeyOf(ports) };
}

/**
 * The eight possible endpoint conditions, frozen: every endpoint of every slice holds one of them, and
 * the store keeps a frozen part that decodes to itself as it is — one object, not one per endpoint.
 */
const CONDITIONS: readonly NonNullable<Endpoint['conditions']>[] = Array.from({ length: 8 }, (_, i) =>
  Object.freeze({ ready: (i & 4) !== 0, serving: (i & 2) !== 0, terminating: (i & 1) !== 0 }),
);

function conditionsOf(ready: boolean, serving: boolean, terminating: boolean): NonNullable<Endpoint['conditions']> {
  return CONDITIONS[(ready ? 4 : 0) + (serving ? 2 : 0) + (terminating ? 1 : 0)]!;
}

/** getEndpointPorts: each Service port resolved against the pod; ports the pod lacks are left out. */
export function endpointPorts(svc: Service, pod: Pod): EndpointSlicePort[] {
  const out: EndpointSlicePort[] = [];
  for (const sp of svc.spec.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({ name: sp.name ?? '', protocol: sp.protocol, port, ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return out;
}

/** NewPortMapKey: the port set, order-insensitive. */
export function portKeyOf(ports: readonly EndpointSlicePort[] | undefined): string {
  if (!ports) return '';
  return ports
    .map((p) => `${p.name}/${p.protocol}/${p.port ?? ''}/${p.appProtocol ?? ''}`)
    .sort()
    .join(',');
}
