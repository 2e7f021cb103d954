/**
 * Cluster DNS (CoreDNS's kubernetes plugin) as a Pod's resolver sees it. A Pod's /etc/resolv.conf says
 * `search <ns>.svc.cluster.local svc.cluster.local cluster.local` and `options ndots:5`, so a name with
 * fewer than five dots is tried with each search suffix first: `web` from namespace `shop` is
 * `web.shop.svc.cluster.local`, and `web.other`, `web.other.svc` and the full name all reach Service `web`
 * in `other`. Answers: a ClusterIP Service's name is an A record for its cluster IP; a headless Service's
 * name has an A record per ready endpoint (from its EndpointSlices), and `<hostname>.<service>.<ns>.svc…`
 * names a pod with `hostname` and `subdomain`; an ExternalName Service is a CNAME to its external name;
 * `a-b-c-d.<ns>.pod.cluster.local` is the address a.b.c.d.
 * Anything else is NXDOMAIN. Reads the store directly (CoreDNS watches it, with a delay kubesim leaves out).
 * Cost: O(search list) Service lookups; headless names O(slices of the Service).
 */
import type { Service } from '../api/service.js';
import type { Store } from '../store/store.js';
import { clusterIPOf } from './service-types.js';

export const CLUSTER_DOMAIN = 'cluster.local';
const NDOTS = 5;

export type DnsAnswer =
  | { type: 'A'; name: string; addresses: string[] }
  | { type: 'CNAME'; name: string; target: string };

/** A name the cluster's DNS does not know, worded as `nslookup` reports it. */
export class DnsError extends Error {
  readonly code = 'NXDOMAIN';
  constructor(readonly query: string) {
    super(`** server can't find ${query}: NXDOMAIN`);
    this.name = 'DnsError';
  }
}

/** The names a resolver tries for `name` from a Pod in `namespace`, in order. */
export function searchList(name: string, namespace: string): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  const expanded = [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN].map((s) => `${name}.${s}`);
  return dots >= NDOTS ? [name, ...expanded] : [...expanded, name];
}

/** Resolves `name` as a Pod in `fromNamespace` would. Throws DnsError (NXDOMAIN) for unknown names. */
export function resolve(store: Store, name: string, fromNamespace = 'default'): DnsAnswer {
  if (typeof name !== 'string' || name.trim() === '') throw new Error('resolve: name must be a non-empty host name, e.g. "web" or "web.shop.svc.cluster.local"');
  for (const candidate of searchList(name.toLowerCase(), fromNamespace)) {
    const answer = lookup(store, candidate);
    if (answer) return answer;
  }
  throw new DnsError(name);
}

/** One fully qualified name in the cluster zone. */
function lookup(store: Store, fqdn: string): DnsAnswer | undefined {
  const pod = podRecord(fqdn);
  if (pod) return pod;
  const suffix = `.svc.${CLUSTER_DOMAIN}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const labels = fqdn.slice(0, -suffix.length).split('.');
  if (labels.length === 2) {
    const [service, namespace] = labels as [string, string];
    const svc = store.get('Service', namespace, service);
    return svc ? serviceAnswer(store, svc, fqdn) : undefined;
  }
  if (labels.length === 3) {
    // <hostname>.<service>.<namespace>: a pod of a headless Service that asked for a name.
    const [hostname, service, namespace] = labels as [string, string, string];
    const svc = store.get('Service', namespace, service);
    if (!svc || clusterIPOf(svc)) return undefined;
    const addresses = readyEndpoints(store, svc).filter((e) => e.hostname === hostname).map((e) => e.address);
    return addresses.length ? { type: 'A', name: fqdn, addresses } : undefined;
  }
  return undefined;
}

/**
 * `10-244-1-5.shop.pod.cluster.local`: kubeadm's and kind's CoreDNS run the kubernetes plugin with
 * `pods insecure`, which answers with the address written in the name, without checking for a pod.
 */
function podRecord(fqdn: string): DnsAnswer | undefined {
  const m = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\.[a-z0-9-]+\.pod\.cluster\.local$/.exec(fqdn);
  if (!m || m.slice(1).some((p) => Number(p) > 255)) return undefined;
  return { type: 'A', name: fqdn, addresses: [m.slice(1).join('.')] };
}

function serviceAnswer(store: Store, svc: Service, fqdn: string): DnsAnswer | undefined {
  if (svc.spec.type === 'ExternalName') return { type: 'CNAME', name: fqdn, target: (svc.spec.externalName ?? '').replace(/\.$/, '') };
  const ip = clusterIPOf(svc);
  if (ip) return { type: 'A', name: fqdn, addresses: [ip] };
  // Headless: the ready endpoints themselves; with none, the name does not exist.
  const addresses = [...new Set(readyEndpoints(store, svc).map((e) => e.address))];
  return addresses.length ? { type: 'A', name: fqdn, addresses } : undefined;
}

function readyEndpoints(store: Store, svc: Service): Array<{ address: string; hostname?: string }> {
  const labelSelector = `kubernetes.io/service-name=${svc.metadata.name}`;
  const out: Array<{ address: string; hostname?: string }> = [];
  for (const slice of store.items('EndpointSlice', { namespace: svc.metadata.namespace!, labelSelector })) {
    if (slice.addressType !== 'IPv4') continue;
    for (const ep of slice.endpoints) {
      // CoreDNS publishes endpoints whose ready condition is true or unset.
      if (ep.conditions.ready === false) continue;
      for (const a of ep.addresses) out.push({ address: a, ...(ep.hostname ? { hostname: ep.hostname } : {}) });
    }
  }
  return out.sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }));
}
