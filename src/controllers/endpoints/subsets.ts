/**
 * The legacy Endpoints object's subsets (pkg/controller/endpoint, pkg/api/v1/endpoints RepackSubsets, and
 * truncateEndpoints): which pod addresses serve which ports, ready and not ready, grouped so that addresses
 * offering the same ports share a subset; at most 1000 addresses, the rest cut off. Pure; O(pods × ports).
 */
import type { EndpointAddress, EndpointPort, EndpointSubset } from '../../api/endpoints.js';
import { deepFreeze, flatString } from '../../api/freeze.js';
import { findPort, podIPv4, shouldPodBeInEndpoints, shouldSetHostname } from '../../api/pod-endpoints.js';
import type { Pod } from '../../api/pod.js';
import { isPodReady } from '../../api/podutil.js';
import type { Service } from '../../api/service.js';

/** maxCapacity: an Endpoints object holds at most this many addresses; EndpointSlices have no such limit. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

/**
 * One port a pod serves, with its key (`name/protocol/port`, or '' for a headless Service without
 * ports), and the pod's address under it: the record the port's group keeps, in the subsets' order.
 */
export interface Offer {
  port: EndpointPort | undefined;
  portKey: string;
  address: EndpointAddress;
  ready: boolean;
  /** The IPv4 address as one number, for sorting without parsing on every comparison. */
  ipOrder: number;
}

const NO_OFFERS: readonly Offer[] = Object.freeze([]);

/**
 * What one pod offers one Service: its address (ready or not) under each of the Service's ports it
 * serves; nothing for a pod that is not in its endpoints. Depends only on the pod and the Service.
 */
export function podOffers(svc: Service, pod: Pod): readonly Offer[] {
  const tolerateUnready = svc.spec.publishNotReadyAddresses === true;
  const ip = shouldPodBeInEndpoints(pod, tolerateUnready) ? podIPv4(pod) : undefined;
  if (!ip) return NO_OFFERS;
  // Frozen, as a stored object's parts are: the store keeps it as it is in the Endpoints object it is
  // written into, so the controller's memory of the pod and the stored address are one object.
  const address: EndpointAddress = deepFreeze({
    ip,
    ...(shouldSetHostname(pod, svc) ? { hostname: pod.spec.hostname! } : {}),
    ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! },
  });
  const ready = tolerateUnready || isPodReady(pod);
  const ipOrder = ipv4Order(ip);
  const ports = svc.spec.ports ?? [];
  if (ports.length === 0) return svc.spec.clusterIP === 'None' ? [{ port: undefined, portKey: '', address, ready, ipOrder }] : NO_OFFERS;
  // Made to size: most Services have one port, and a list grown by push keeps room for seventeen.
  const offers: Offer[] = new Array(ports.length);
  let n = 0;
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const resolvedTo = resolvedPort(sp, port);
    offers[n++] = { port: resolvedTo.port, portKey: resolvedTo.portKey, address, ready, ipOrder };
  }
  offers.length = n;
  return offers;
}

type ServicePort = NonNullable<Service['spec']['ports']>[number];

/**
 * A Service port resolved to a pod's port number, with its key: the same for every pod that resolves
 * it alike, so made once per stored Service port (which every version of the Service shares) and number.
 */
function resolvedPort(sp: ServicePort, port: number): { port: EndpointPort; portKey: string } {
  let byNumber = resolved.get(sp);
  if (!byNumber) resolved.set(sp, (byNumber = new Map()));
  let out = byNumber.get(port);
  if (!out) {
    out = {
      // Frozen, as the stored Endpoints' own parts: the store keeps it as it is.
      port: deepFreeze({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol, ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) }),
      portKey: flatString(`${sp.name ?? ''}/${sp.protocol}/${port}`),
    };
    byNumber.set(port, out);
  }
  return out;
}

const resolved = new WeakMap<ServicePort, Map<number, { port: EndpointPort; portKey: string }>>();

/** The subsets for a Service and the pods its selector takes (in any order). */
export function computeSubsets(svc: Service, pods: readonly Pod[]): EndpointSubset[] {
  const groups = new PortGroups();
  for (const pod of pods) groups.add(podOffers(svc, pod));
  return groups.subsets();
}

/** Each port a Service's pods serve ('' for "no ports"), with the offers of it. */
type ByPort = Map<string, { port: EndpointPort | undefined; entries: Offer[] }>;

/**
 * What a Service's pods offer, grouped by port, each group's addresses kept in the order the subsets
 * list them (by IP, then pod uid), as pods come and go: a pod's change moves its own entries, and the
 * subsets are made without sorting or going through every pod's offers again.
 */
export class PortGroups {
  private readonly byPort: ByPort = new Map();

  /** Adds a pod's offers (each pod's at most once). */
  add(offers: readonly Offer[]): void {
    for (const offer of offers) {
      let group = this.byPort.get(offer.portKey);
      if (!group) this.byPort.set(offer.portKey, (group = { port: offer.port, entries: [] }));
      group.entries.splice(sortedPlace(group.entries, offer), 0, offer);
    }
  }

  /** Takes out offers added before. */
  remove(offers: readonly Offer[]): void {
    for (const offer of offers) {
      const group = this.byPort.get(offer.portKey);
      const i = group ? group.entries.indexOf(offer) : -1;
      if (i < 0) continue;
      group!.entries.splice(i, 1);
      if (group!.entries.length === 0) this.byPort.delete(offer.portKey);
    }
  }

  subsets(): EndpointSubset[] {
    return repack(this.byPort);
  }
}

/** Where `entry` goes among `entries` (sorted by byIPThenUid): after every entry that sorts before it. */
function sortedPlace(entries: readonly Offer[], entry: Offer): number {
  let lo = 0;
  let hi = entries.length;
  // Pods mostly come in the order of their addresses: try the end first.
  if (hi > 0 && byIPThenUid(entries[hi - 1]!, entry) < 0) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byIPThenUid(entries[mid]!, entry) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function firstIP(s: EndpointSubset): string {
  return (s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? '';
}

/**
 * RepackSubsets: ports whose address sets are equal share one subset; everything sorted, for stable
 * output. Each port's entries come sorted (PortGroups keeps them so).
 */
function repack(byPort: ByPort): EndpointSubset[] {
  const groups = new Map<string, { ports: EndpointPort[]; entries: readonly Offer[] }>();
  for (const { port, entries } of byPort.values()) {
    // With one port there is nothing to group with: no need to spell the address set out. Each address
    // is named by its pod's `ip/uid`.
    const key = byPort.size === 1 ? '' : entries.map((e) => `${e.address.ip}/${e.address.targetRef?.uid ?? ''}/${e.ready}`).join(',');
    const group = groups.get(key) ?? { ports: [], entries };
    if (port) group.ports.push(port);
    groups.set(key, group);
  }
  const subsets = [...groups.values()].map(({ ports, entries }) => {
    // Made to size: a list grown by push from empty is copied each time it outgrows its room.
    let readyCount = 0;
    for (let i = 0; i < entries.length; i++) if (entries[i]!.ready) readyCount++;
    const ready: EndpointAddress[] = new Array<EndpointAddress>(readyCount);
    const notReady: EndpointAddress[] = new Array<EndpointAddress>(entries.length - readyCount);
    let r = 0;
    let n = 0;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.ready) ready[r++] = e.address;
      else notReady[n++] = e.address;
    }
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    return {
      ...(ready.length ? { addresses: ready } : {}),
      ...(notReady.length ? { notReadyAddresses: notReady } : {}),
      ...(ports.length ? { ports } : {}),
    };
  });
  return subsets.sort((a, b) => firstIP(a).localeCompare(firstIP(b)) || JSON.stringify(a.ports).localeCompare(JSON.stringify(b.ports)));
}

function byIPThenUid(a: Offer, b: Offer): number {
  return a.ipOrder - b.ipOrder || (a.address.targetRef?.uid ?? '').localeCompare(b.address.targetRef?.uid ?? '');
}

/** `10.244.1.7` → 0x0af40107: dotted quads compare as these numbers do. */
function ipv4Order(ip: string): number {
  let n = 0;
  for (const part of ip.split('.')) n = n * 256 + Number(part);
  return n;
}

/**
 * truncateEndpoints: over 1000 addresses, keep the ready ones first (cutting not-ready ones), each subset
 * keeping its share rounded up. Returns whether anything was cut. Example: 900 ready and 300 not ready in
 * two equal subsets keep all 900 ready and 50 + 50 not ready.
 */
export function truncateSubsets(subsets: EndpointSubset[]): { subsets: EndpointSubset[]; truncated: boolean } {
  const totalReady = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  const totalNotReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) return { subsets, truncated: false };
  const truncateReady = totalReady > MAX_ENDPOINTS_CAPACITY;
  const max = truncateReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  const out = subsets.map((s): EndpointSubset => {
    const inSubset = (truncateReady ? s.addresses : s.notReadyAddresses)?.length ?? 0;
    const toAdd = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      const addresses = (s.addresses ?? []).slice(0, toAdd);
      canBeAdded -= addresses.length;
      const { notReadyAddresses: _dropped, ...rest } = s;
      return { ...rest, addresses };
    }
    const notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toAdd);
    canBeAdded -= notReadyAddresses.length;
    return { ...s, notReadyAddresses };
  });
  // A subset left with no address at all is no subset (validation would refuse it).
  const cleaned = out
    .map(({ addresses, notReadyAddresses, ...rest }) => ({
      ...(addresses?.length ? { addresses } : {}),
      ...(notReadyAddresses?.length ? { notReadyAddresses } : {}),
      ...rest,
    }))
    .filter((s) => s.addresses || s.notReadyAddresses);
  return { subsets: cleaned, truncated: true };
}
