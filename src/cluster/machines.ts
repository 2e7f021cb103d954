/**
 * The cluster's machines: one kubelet per node, started, faulted and removed by name, and the data plane
 * that reaches their pods — a connection to a pod IP goes to the kubelet whose pod CIDR holds it. A bad
 * node name is an Error that names the method and lists the nodes there are.
 * Cost: O(1) per lookup by name; routing a connection costs O(1) (the /24 prefix is the key).
 */
import { badRequest, notFound } from '../api/errors.js';
import type { PodNetwork, Reply } from '../sim/reply.js';
import { Kubelet, type ExecResult } from '../node/kubelet.js';
import { normalizeNodes, type NodeOptions } from '../node/node-config.js';
import type { NodeConfig } from '../node/node-status.js';
import type { ImageModel } from '../node/pods/images.js';
import { PodWorkers } from '../node/pods/worker.js';
import type { Clock } from '../sim/clock.js';
import type { Rng } from '../sim/rng.js';
import type { Store } from '../store/store.js';

export interface MachinesOptions {
  store: Store;
  clock: Clock;
  rng: Rng;
  images: ImageModel;
  /** Rules to break on purpose, for property tests (src/sim/mutants.ts). */
  mutants?: ReadonlySet<string>;
}

export class Machines implements PodNetwork {
  private readonly kubelets = new Map<string, Kubelet>();
  /** `10.244.3` → the kubelet whose pod CIDR is 10.244.3.0/24. */
  private readonly byPrefix = new Map<string, Kubelet>();
  /** The next node's position: never reused, so a node added later never takes a removed one's IPs. */
  private nextIndex = 0;

  constructor(private readonly opts: MachinesOptions) {}

  /** Checks every node's options first, then starts them all: a mistake starts none. */
  startAll(method: string, nodes: number | readonly NodeOptions[] | undefined): string[] {
    const configs = normalizeNodes(method, nodes, this.nextIndex, new Set(this.kubelets.keys()));
    for (const config of configs) this.start(config);
    return configs.map((c) => c.name);
  }

  names(): string[] {
    return [...this.kubelets.keys()];
  }

  get(method: string, name: string): Kubelet {
    const kubelet = typeof name === 'string' ? this.kubelets.get(name) : undefined;
    if (!kubelet) throw new Error(`${method}: no node ${JSON.stringify(name)}; nodes: ${this.list()}`);
    return kubelet;
  }

  /** Stops a machine for good and forgets it. */
  remove(method: string, name: string): void {
    const kubelet = this.get(method, name);
    kubelet.stop();
    this.kubelets.delete(name);
    this.byPrefix.delete(prefixOf(kubelet.podCIDR));
  }

  list(): string {
    return this.kubelets.size > 0 ? this.names().join(', ') : '(none)';
  }

  /** The kubelet running a pod, as `kubectl logs`/`exec` reach it through the API server. */
  ofPod(namespace: string, name: string): Kubelet {
    const pod = this.opts.store.get('Pod', namespace, name);
    if (!pod) throw notFound('pods', name);
    const nodeName = pod.spec.nodeName;
    if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
    const kubelet = this.kubelets.get(nodeName);
    if (!kubelet || kubelet.status !== 'running') {
      throw badRequest(`the node ${nodeName} running pod ${name} is not reachable: its kubelet is ${kubelet?.status ?? 'gone'}`);
    }
    return kubelet;
  }

  logs(namespace: string, name: string, container: string | undefined, opts: { previous?: boolean; tail?: number } = {}): string {
    const text = this.ofPod(namespace, name).logs(namespace, name, container, opts.previous ? { previous: true } : {});
    if (opts.tail === undefined || opts.tail < 0) return text;
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const kept = opts.tail === 0 ? [] : lines.slice(-opts.tail);
    return kept.length > 0 ? `${kept.join('\n')}\n` : '';
  }

  exec(namespace: string, name: string, container: string | undefined, argv: string[]): ExecResult {
    return this.ofPod(namespace, name).exec(namespace, name, container, argv);
  }

  httpGet(ip: string, port: number, path: string): Reply {
    return this.route(ip)?.httpGet(ip, port, path) ?? unreachable(ip);
  }

  tcpConnect(ip: string, port: number): Reply {
    return this.route(ip)?.tcpConnect(ip, port) ?? unreachable(ip);
  }

  private route(ip: string): Kubelet | undefined {
    return this.byPrefix.get(ip.slice(0, ip.lastIndexOf('.')));
  }

  private start(config: NodeConfig & { index: number }): void {
    const { index, ...node } = config;
    const { store, clock, rng, images, mutants } = this.opts;
    const kubelet = new Kubelet({
      store,
      clock,
      rng: rng.fork(`kubelet/${node.name}`),
      node,
      index,
      workers: (deps) => new PodWorkers({ ...deps, images, ...(mutants ? { mutants } : {}) }),
    });
    this.kubelets.set(node.name, kubelet);
    this.byPrefix.set(prefixOf(kubelet.podCIDR), kubelet);
    this.nextIndex = Math.max(this.nextIndex, index + 1);
    kubelet.start();
  }
}

function prefixOf(cidr: string): string {
  return cidr.slice(0, cidr.lastIndexOf('.'));
}

function unreachable(ip: string): Reply {
  return { ok: false, error: 'no route to host', detail: `no pod network holds ${ip}` };
}
