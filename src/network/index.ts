/**
 * The Service data plane and the Service registry: what the composition root wires in. Allocation at the
 * API server (ServiceRegistry), the `kubernetes` Service, cluster DNS, kube-proxy, requests and traffic.
 */
export { clusterIPAllocator, nodePortAllocator, RangeAllocator } from './allocator.js';
export { createKubernetesService, type KubernetesServiceOptions } from './bootstrap.js';
export { CLUSTER_DOMAIN, DnsError, resolve, searchList, type DnsAnswer } from './dns.js';
export { KubeProxy, type Client, type KubeProxyOptions, type ProxyEndpoint, type Route } from './proxy.js';
export type { ConnectError, PodNetwork, Reply } from '../sim/reply.js';
export { ServiceNetwork, type RequestError, type RequestFrom, type RequestResult, type ServiceNetworkOptions } from './request.js';
export { DEFAULT_NODE_PORT_RANGE, DEFAULT_SERVICE_CIDR, ServiceRegistry, type ServiceRegistryOptions } from './service-registry.js';
export { traffic, TrafficRun, type TrafficOptions, type TrafficSecond, type TrafficSummary } from './traffic.js';
