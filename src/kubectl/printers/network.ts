/**
 * `kubectl get services`, `get endpoints` and `get endpointslices` columns (printService, printEndpoints,
 * printEndpointSlice). Long lists are cut after three entries with ` + N more...`, as kubectl does, so
 * a Service with 50 endpoints still fits on one line.
 */
import type { Endpoints } from '../../api/endpoints.js';
import type { EndpointSlice } from '../../api/endpointslice.js';
import type { Service } from '../../api/service.js';
import { ageColumn, column, formatLabels, nameColumn, type Column } from './columns.js';

const MAX_LISTED = 3;

/** listWithMoreString: `a,b,c + 2 more...`; `<unset>` for an empty list. */
function listWithMore(all: string[]): string {
  const shown = all.slice(0, MAX_LISTED).join(',');
  if (all.length > MAX_LISTED) return `${shown} + ${all.length - MAX_LISTED} more...`;
  return shown === '' ? '<unset>' : shown;
}

/**
 * EXTERNAL-IP by type: ClusterIP and NodePort show spec.externalIPs or `<none>`; a LoadBalancer shows its
 * ingress IPs/hostnames (sorted, deduplicated) and externalIPs, or `<pending>` until a cloud assigns one;
 * ExternalName shows the DNS name. (kubectl would cut a long ingress list to 16 characters only when
 * printing client-side; the server builds Tables as for `-o wide`, so the list prints whole.)
 */
export function serviceExternalIP(svc: Service): string {
  const externalIPs = svc.spec.externalIPs ?? [];
  switch (svc.spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = new Set<string>();
      for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
        if (ing.ip) ingress.add(ing.ip);
        else if (ing.hostname) ingress.add(ing.hostname);
      }
      const all = [...[...ingress].sort(), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** PORT(S): `80/TCP`, `80:30080/TCP` with a node port, comma-separated; `<none>` for a headless service without ports. */
export function servicePorts(svc: Service): string {
  const ports = svc.spec.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`))
    .join(',');
}

export const serviceColumns: Column<Service>[] = [
  nameColumn(),
  column('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.', (s) => s.spec.type),
  // The conversion from v1 fills clusterIPs from clusterIP, so either names the service's IP.
  column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.', (s) => s.spec.clusterIPs?.[0] ?? s.spec.clusterIP ?? '<none>'),
  column('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.', serviceExternalIP),
  column('Port(s)', 'string', 'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies', servicePorts),
  ageColumn(),
  column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify.', (s) => formatLabels(s.spec.selector), { priority: 1 }),
];

/** formatEndpoints: `ip:port` for every (address, port) pair, at most three shown; `<none>` without subsets. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const all: string[] = [];
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if ((ss.ports ?? []).length === 0) {
      // A headless service may have no ports: list the bare addresses.
      for (const a of addresses) all.push(a.ip);
      continue;
    }
    for (const port of ss.ports!) {
      for (const a of addresses) all.push(a.ip.includes(':') ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
    }
  }
  const shown = all.slice(0, MAX_LISTED).join(',');
  return all.length > MAX_LISTED ? `${shown} + ${all.length - MAX_LISTED} more...` : shown;
}

export const endpointsColumns: Column<Endpoints>[] = [
  nameColumn(),
  column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.', formatEndpoints),
  ageColumn(),
];

export const endpointSliceColumns: Column<EndpointSlice>[] = [
  nameColumn(),
  column('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.', (s) => s.addressType),
  column('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.', (s) =>
    listWithMore((s.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : p.name ? p.name : '*'))),
  ),
  column('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.', (s) =>
    listWithMore(s.endpoints.flatMap((e) => e.addresses)),
  ),
  ageColumn(),
];
