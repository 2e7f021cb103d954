/**
 * How a pod stands behind a Service, read the same way by the EndpointSlice and Endpoints controllers
 * (Kubernetes' pkg/api/v1/pod FindPort and pkg/controller/util/endpoint). Pure functions of the objects.
 */
import type { Pod } from './pod.js';
import { isPodReady } from './podutil.js';
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
  const status = pod.status;
  if (isIPv4(status?.podIP)) return status!.podIP;
  const ips = status?.podIPs ?? [];
  for (let i = 0; i < ips.length; i++) if (isIPv4(ips[i]!.ip)) return ips[i]!.ip;
  return undefined;
}

function isIPv4(ip: unknown): ip is string {
  return typeof ip === 'string' && IPV4.test(ip);
}

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** ShouldSetHostname: a pod with `hostname` whose `subdomain` names the Service gets a DNS name of its own. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

/**
 * podEndpointsChanged: whether a pod update can change the endpoints it gives (`pod`: its deletion
 * timestamp, its readiness or its IPs changed) and whether it can change which Services select it
 * (`labels`: its labels, hostname or subdomain changed). Name, namespace and uid never change, and
 * nodeName is set before the pod has an IP, so nothing else matters to an endpoint. Both endpoint
 * controllers skip updates for which both are false: a pod being bound, or a container restarting
 * behind a pod that stays unready, costs them nothing.
 */
export function podEndpointsChanged(old: Pod, cur: Pod): Readonly<{ pod: boolean; labels: boolean }> {
  const labels =
    !sameLabels(old.metadata.labels, cur.metadata.labels) || old.spec.hostname !== cur.spec.hostname || old.spec.subdomain !== cur.spec.subdomain;
  return CHANGED[(endpointChanged(old, cur) ? 1 : 0) + (labels ? 2 : 0)]!;
}

// The four answers, made once: both endpoint controllers ask on every pod update.
const CHANGED = [
  { pod: false, labels: false },
  { pod: true, labels: false },
  { pod: false, labels: true },
  { pod: true, labels: true },
].map((c) => Object.freeze(c));

function endpointChanged(old: Pod, cur: Pod): boolean {
  if (old.metadata.deletionTimestamp !== cur.metadata.deletionTimestamp) return true;
  if (isPodReady(old) !== isPodReady(cur)) return true;
  // podIP is compared too: kubesim does not fill podIPs from a podIP written alone.
  if (old.status?.podIP !== cur.status?.podIP) return true;
  const a = old.status?.podIPs ?? [];
  const b = cur.status?.podIPs ?? [];
  if (a === b) return false;
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) if (a[i]!.ip !== b[i]!.ip) return true;
  return false;
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => Object.hasOwn(b!, k) && a![k] === b![k]);
}

/** The selector of a Service whose endpoints are managed: a non-empty one, on a Service that is not ExternalName. */
export function endpointsSelector(svc: Service): Record<string, string> | undefined {
  const sel = svc.spec.selector;
  if (!sel || Object.keys(sel).length === 0 || svc.spec.type === 'ExternalName') return undefined;
  return sel;
}

/** The Services among `list` whose endpoints the controllers manage (they have a selector): `list` itself when all are. */
function managed(list: readonly Service[]): readonly Service[] {
  for (let i = 0; i < list.length; i++) if (endpointsSelector(list[i]!) === undefined) return list.filter((s) => endpointsSelector(s) !== undefined);
  return list;
}

const NONE: readonly Service[] = Object.freeze([]);

function serviceKey(s: Service): string {
  return s.metadata.uid ?? `${s.metadata.namespace}/${s.metadata.name}`;
}

/**
 * GetPodServiceMemberships through a store's selector index: the Services in the pod's namespace whose
 * selector takes its labels. Made once per controller and handed to servicesToSync.
 */
export function podServiceMemberships(store: {
  servicesSelecting(namespace: string, labelSets: readonly (Record<string, string> | undefined)[]): readonly Service[];
}): (pod: Pod) => readonly Service[] {
  return (pod) => store.servicesSelecting(pod.metadata.namespace!, [pod.metadata.labels]);
}

/**
 * GetServicesToUpdateOnPodChange: the Services a pod change concerns, given `selecting(pod)`, the
 * Services whose selector takes a pod (GetPodServiceMemberships). A created or deleted pod concerns
 * every Service that selects it; an update that changes neither its endpoint nor its labels, none.
 * When the labels changed, a Service that selects the pod before and after is concerned only if the
 * endpoint changed too; one that gained or lost the pod always is.
 */
export function servicesToSync(old: Pod | undefined, cur: Pod, selecting: (pod: Pod) => readonly Service[]): readonly Service[] {
  if (!old) return managed(selecting(cur));
  const changed = podEndpointsChanged(old, cur);
  if (!changed.pod && !changed.labels) return NONE;
  const now = managed(selecting(cur));
  if (!changed.labels) return now;
  const before = managed(selecting(old));
  const inNow = new Set(now.map(serviceKey));
  const inBefore = new Set(before.map(serviceKey));
  const out = changed.pod ? [...now] : now.filter((s) => !inBefore.has(serviceKey(s)));
  for (const s of before) if (!inNow.has(serviceKey(s))) out.push(s);
  return out;
}
