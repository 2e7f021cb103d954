/**
 * The Service registry: the store strategy (store/strategy.ts) that gives Services their cluster IPs and
 * node ports, as the API server's Service storage does (pkg/registry/core/service/storage/alloc.go).
 * Guarantees:
 * - on create, a ClusterIP/NodePort/LoadBalancer Service gets one IPv4 cluster IP from the service CIDR
 *   (the one it asked for, or one chosen through the Rng); headless (`clusterIP: None`) and ExternalName
 *   Services get none; NodePort and LoadBalancer Services get a node port for each port;
 * - a requested IP or port that is taken or out of range is refused with Kubernetes' message, and a
 *   refused write reserves nothing: every value is checked before any is taken;
 * - an update allocates what the new type needs and releases what it no longer has; a delete releases all.
 * Cost: O(ports) per write.
 */
import { StatusError } from '../api/errors.js';
import type { Service } from '../api/service.js';
import type { Rng } from '../sim/rng.js';
import type { RegistryStrategy } from '../store/strategy.js';
import { clusterIPAllocator, formatIPv4, nodePortAllocator, parseIPv4, type RangeAllocator } from './allocator.js';
import { prepareServiceUpdate } from './service-prepare.js';
import { clusterIPOf, needsClusterIP, needsHCNodePort, needsNodePort } from './service-types.js';

export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
export const DEFAULT_NODE_PORT_RANGE: readonly [number, number] = [30000, 32767];

export interface ServiceRegistryOptions {
  rng: Rng;
  /** The service CIDR (`--service-cluster-ip-range`); kubeadm and kind use 10.96.0.0/12. */
  serviceCIDR?: string;
  /** The node port range (`--service-node-port-range`), both ends included. */
  nodePortRange?: readonly [number, number];
}

/** What one write will take and give back; applied only once every check has passed. */
interface Plan {
  ips: number[];
  ports: number[];
  releaseIPs: number[];
  releasePorts: number[];
}

export class ServiceRegistry {
  readonly serviceCIDR: string;
  readonly nodePortRange: readonly [number, number];
  private readonly ips: RangeAllocator;
  private readonly ports: RangeAllocator;

  constructor(opts: ServiceRegistryOptions) {
    this.serviceCIDR = opts.serviceCIDR ?? DEFAULT_SERVICE_CIDR;
    this.nodePortRange = opts.nodePortRange ?? DEFAULT_NODE_PORT_RANGE;
    this.ips = clusterIPAllocator(this.serviceCIDR, opts.rng.fork('cluster-ips'));
    this.ports = nodePortAllocator(this.nodePortRange[0], this.nodePortRange[1], opts.rng.fork('node-ports'));
  }

  /** The strategy to give the store: `new Store({ ..., strategies: { Service: registry.strategy } })`. */
  readonly strategy: RegistryStrategy<Service> = {
    prepareForUpdate: (input, old) => prepareServiceUpdate(input, old),
    beforeCreate: (svc, { dryRun }) => this.apply(this.allocate(svc, undefined), dryRun),
    beforeUpdate: (svc, old, { dryRun }) => {
      // What admission found equal to the stored Service is the stored (frozen) value: copy what allocation may set.
      svc.spec = { ...svc.spec, ...(svc.spec.ports ? { ports: svc.spec.ports.map((p) => ({ ...p })) } : {}) };
      const plan = this.allocate(svc, old);
      // The load balancer's status goes with the type (dropTypeDependentFields).
      if (old.spec.type === 'LoadBalancer' && svc.spec.type !== 'LoadBalancer') svc.status = { loadBalancer: {} };
      this.apply(plan, dryRun);
    },
    afterDelete: (svc) => this.apply(this.allocate(undefined, svc), false),
  };

  isIPAllocated(ip: string): boolean {
    const n = parseIPv4(ip);
    return n !== undefined && this.ips.has(n);
  }

  isNodePortAllocated(port: number): boolean {
    return this.ports.has(port);
  }

  get allocatedIPs(): number {
    return this.ips.allocated;
  }

  get allocatedNodePorts(): number {
    return this.ports.allocated;
  }

  private apply(plan: Plan, dryRun: boolean): void {
    if (dryRun) return;
    for (const ip of plan.releaseIPs) this.ips.release(ip);
    for (const p of plan.releasePorts) this.ports.release(p);
    for (const ip of plan.ips) this.ips.allocate(ip);
    for (const p of plan.ports) this.ports.allocate(p);
  }

  /** The plan that takes `svc` from `old` (either may be absent), filling in what `svc` is given. */
  private allocate(svc: Service | undefined, old: Service | undefined): Plan {
    const plan: Plan = { ips: [], ports: [], releaseIPs: [], releasePorts: [] };
    const oldIP = old && clusterIPOf(old);
    if (svc && needsClusterIP(svc) && !clusterIPOf(svc) && svc.spec.clusterIP !== 'None') {
      plan.ips.push(this.allocateIP(svc));
    } else if (svc && !old && clusterIPOf(svc)) {
      plan.ips.push(this.allocateIP(svc));
    } else if (svc && old && clusterIPOf(svc) && !oldIP) {
      plan.ips.push(this.allocateIP(svc));
    }
    if (oldIP && !(svc && clusterIPOf(svc) === oldIP)) plan.releaseIPs.push(parseIPv4(oldIP)!);

    const before = new Set(old ? nodePortsOf(old) : []);
    const after = new Set<number>();
    if (svc) this.allocateNodePorts(svc, before, after, plan);
    for (const p of before) if (!after.has(p)) plan.releasePorts.push(p);
    return plan;
  }

  /** The Service's requested IP, or the next free one; sets clusterIP/clusterIPs. */
  private allocateIP(svc: Service): number {
    const requested = svc.spec.clusterIPs?.[0] ?? svc.spec.clusterIP;
    if (!requested) {
      const n = this.ips.peekNext();
      if (n === undefined) throw new StatusError('InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
      svc.spec.clusterIP = formatIPv4(n);
      svc.spec.clusterIPs = [formatIPv4(n)];
      return n;
    }
    const n = parseIPv4(requested);
    const fail = (why: string) => invalidClusterIPs(svc, `failed to allocate IP ${requested}: ${why}`);
    if (n === undefined || !this.ips.inRange(n)) {
      throw fail(`the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.serviceCIDR}`);
    }
    if (this.ips.has(n)) throw fail('provided IP is already allocated');
    svc.spec.clusterIP = requested;
    svc.spec.clusterIPs = [requested];
    return n;
  }

  /**
   * initNodePorts/updateNodePorts: requested ports first (kept when the Service already held them),
   * then a free port for each port without one; ports sharing a port number (TCP and UDP on 53) share a
   * node port, as Kubernetes gives them.
   */
  private allocateNodePorts(svc: Service, held: ReadonlySet<number>, taken: Set<number>, plan: Plan): void {
    const ports = svc.spec.ports ?? [];
    if (needsNodePort(svc)) {
      ports.forEach((p, i) => {
        if (!p.nodePort) return;
        if (!taken.has(p.nodePort) && !held.has(p.nodePort)) this.checkPort(svc, p.nodePort, `spec.ports[${i}].nodePort`);
        if (!held.has(p.nodePort) && !taken.has(p.nodePort)) plan.ports.push(p.nodePort);
        taken.add(p.nodePort);
      });
      const byPortNumber = new Map<number, number>();
      for (const p of ports) if (p.nodePort) byPortNumber.set(p.port, p.nodePort);
      for (const p of ports) {
        if (p.nodePort) continue;
        const shared = byPortNumber.get(p.port);
        p.nodePort = shared ?? this.nextPort(taken);
        if (shared === undefined) plan.ports.push(p.nodePort);
        taken.add(p.nodePort);
        byPortNumber.set(p.port, p.nodePort);
      }
    }
    if (needsHCNodePort(svc)) {
      const hc = svc.spec.healthCheckNodePort;
      if (hc) {
        if (!held.has(hc) && !taken.has(hc)) {
          this.checkPort(svc, hc, 'spec.healthCheckNodePort', `failed to allocate requested HealthCheck NodePort ${hc}: `);
          plan.ports.push(hc);
        }
        taken.add(hc);
      } else {
        svc.spec.healthCheckNodePort = this.nextPort(taken);
        plan.ports.push(svc.spec.healthCheckNodePort);
        taken.add(svc.spec.healthCheckNodePort);
      }
    }
  }

  private checkPort(svc: Service, port: number, path: string, prefix = ''): void {
    const [first, last] = this.nodePortRange;
    if (!this.ports.inRange(port)) {
      throw invalidField(svc, path, String(port), `${prefix}provided port is not in the valid range. The range of valid ports is ${first}-${last}`);
    }
    if (this.ports.has(port)) throw invalidField(svc, path, String(port), `${prefix}provided port is already allocated`);
  }

  private nextPort(taken: ReadonlySet<number>): number {
    const n = this.ports.peekNext(taken);
    if (n === undefined) throw new StatusError('InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full');
    return n;
  }
}

function nodePortsOf(svc: Service): number[] {
  const out = (svc.spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n > 0);
  if (svc.spec.healthCheckNodePort) out.push(svc.spec.healthCheckNodePort);
  return out;
}

/** `Service "x" is invalid: <path>: Invalid value: <value>: <why>` with Go's rendering of the value. */
function invalidField(svc: Service, path: string, goValue: string, why: string): StatusError {
  const name = svc.metadata.name ?? '';
  const body = `Invalid value: ${goValue}: ${why}`;
  return new StatusError('Invalid', `Service "${name}" is invalid: ${path}: ${body}`, {
    name,
    kind: 'Service',
    causes: [{ reason: 'FieldValueInvalid', message: body, field: path }],
  });
}

/** Kubernetes reports a cluster IP it cannot take against the whole list, printed as Go's `[]string{...}`. */
function invalidClusterIPs(svc: Service, why: string): StatusError {
  const list = `[]string{${(svc.spec.clusterIPs ?? [svc.spec.clusterIP ?? '']).map((ip) => JSON.stringify(ip)).join(', ')}}`;
  return invalidField(svc, 'spec.clusterIPs', list, why);
}
