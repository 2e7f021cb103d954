/**
 * The composition root: one simulated cluster = one Clock, one seeded Rng, one object store, and the
 * actors wired to the store: the Service registry (IP and port allocation), the Deployment, ReplicaSet,
 * EndpointSlice, Endpoints and load-balancer controllers, the garbage collector, the scheduler, the node
 * lifecycle and taint eviction controllers, pod GC, and one kubelet per node (cluster/machines.ts). Each
 * actor gets its own forked Rng stream, so adding one never changes what another draws: the same seed and
 * steps give the same cluster, byte for byte.
 *
 * Guarantees: nodes are registered by the time `createCluster` returns; node faults (`crashNode`,
 * `partitionNode`, ...) act at the current simulated instant; a bad argument is an Error that names the
 * method, the argument and what would have been accepted.
 */
import { notFound } from './api/errors.js';
import type { Deployment } from './api/deployment.js';
import type { Node } from './api/node.js';
import type { Pod } from './api/pod.js';
import type { Service } from './api/service.js';
import { Machines } from './cluster/machines.js';
import { DeploymentController } from './controllers/deployment/index.js';
import { EndpointsController } from './controllers/endpoints/index.js';
import { EndpointSliceController } from './controllers/endpointslice/index.js';
import { GarbageCollector } from './controllers/garbagecollector/index.js';
import { NodeLifecycleController } from './controllers/nodelifecycle/controller.js';
import { TaintEvictionController } from './controllers/nodelifecycle/taint-eviction.js';
import { PodGCController } from './controllers/podgc/index.js';
import { ReplicaSetController } from './controllers/replicaset/index.js';
import { ServiceLBController } from './controllers/servicelb/index.js';
import type { KubectlContext, KubectlResult, RunOptions as KubectlOptions } from './kubectl/context.js';
import { nodeFiles } from './kubectl/files.js';
import { runKubectl } from './kubectl/run.js';
import { createKubernetesService } from './network/bootstrap.js';
import { ServiceNetwork, type RequestFrom, type RequestResult } from './network/request.js';
import { traffic, type TrafficOptions, type TrafficRun } from './network/traffic.js';
import { ServiceRegistry } from './network/service-registry.js';
import type { ExecResult, Kubelet } from './node/kubelet.js';
import type { NodeOptions } from './node/node-config.js';
import { ImageModel } from './node/pods/images.js';
import { Scheduler } from './scheduler/index.js';
import { Clock } from './sim/clock.js';
import { Rng } from './sim/rng.js';
import { parseMutants } from './sim/mutants.js';
import { Store } from './store/store.js';

export type { NodeOptions } from './node/node-config.js';

export interface ClusterOptions {
  /** Seeds every random choice in the cluster. Default 1. */
  seed?: number;
  /** Simulated wall time at start: ms since the Unix epoch or an RFC 3339 string. */
  epoch?: number | string;
  /** How many nodes (`3`, named node-1…node-3), or each one described. Default none. */
  nodes?: number | NodeOptions[];
  /** How the images the pods run behave (see ImageModel); an image not listed starts in about a second. */
  images?: ConstructorParameters<typeof ImageModel>[0];
  /** How many changes a watch can be resumed across. */
  watchCacheSize?: number;
  /** How many writes the store's trace keeps. */
  traceSize?: number;
  /** Controller rules to break on purpose, for property tests (src/sim/mutants.ts). Default none. */
  mutants?: readonly string[];
}

export interface RunResult {
  ok: boolean;
  /** Simulated milliseconds that passed. */
  elapsed: number;
}

export class Cluster {
  readonly seed: number;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly store: Store;
  readonly images: ImageModel;
  /** The API server's Service IP and node port allocation. */
  readonly services: ServiceRegistry;
  readonly scheduler: Scheduler;
  readonly deployments: DeploymentController;
  readonly replicaSets: ReplicaSetController;
  readonly garbageCollector: GarbageCollector;
  readonly endpointSlices: EndpointSliceController;
  readonly endpoints: EndpointsController;
  readonly loadBalancers: ServiceLBController;
  readonly nodeLifecycle: NodeLifecycleController;
  readonly taintEviction: TaintEvictionController;
  readonly podGC: PodGCController;
  /** The data plane: cluster DNS, kube-proxy, and the pods behind them. */
  readonly network: ServiceNetwork;
  private readonly machines: Machines;
  private readonly kubectlContext: KubectlContext;

  constructor(opts: ClusterOptions = {}) {
    this.seed = opts.seed ?? 1;
    // Everything the user passes is checked before anything starts.
    this.images = new ImageModel(opts.images);
    const mutants = parseMutants('createCluster: mutants', opts.mutants);
    this.clock = new Clock(opts.epoch !== undefined ? { epoch: opts.epoch } : {});
    this.rng = new Rng(this.seed);
    this.services = new ServiceRegistry({ rng: this.rng.fork('service-registry') });
    this.store = new Store({
      clock: this.clock,
      rng: this.rng.fork('apiserver'),
      strategies: { Service: this.services.strategy },
      ...(opts.watchCacheSize !== undefined ? { watchCacheSize: opts.watchCacheSize } : {}),
      ...(opts.traceSize !== undefined ? { traceSize: opts.traceSize } : {}),
    });
    const { store, clock } = this;
    const actor = (name: string) => ({ store, clock, rng: this.rng.fork(name) });
    this.machines = new Machines({ ...actor('machines'), images: this.images, mutants });
    createKubernetesService(store);
    this.deployments = new DeploymentController({ ...actor('deployment-controller'), mutants });
    this.replicaSets = new ReplicaSetController({ ...actor('replicaset-controller'), mutants });
    this.garbageCollector = new GarbageCollector(actor('garbage-collector'));
    this.endpointSlices = new EndpointSliceController({ ...actor('endpointslice-controller'), mutants });
    this.endpoints = new EndpointsController(actor('endpoint-controller'));
    this.loadBalancers = new ServiceLBController(actor('service-controller'));
    this.nodeLifecycle = new NodeLifecycleController({ store, clock });
    this.taintEviction = new TaintEvictionController({ store, clock });
    this.podGC = new PodGCController({ store, clock });
    this.scheduler = new Scheduler(actor('scheduler'));
    this.network = new ServiceNetwork({ ...actor('network'), podNetwork: this.machines });
    for (const c of [
      this.deployments,
      this.replicaSets,
      this.garbageCollector,
      this.endpointSlices,
      this.endpoints,
      this.loadBalancers,
      this.nodeLifecycle,
      this.taintEviction,
      this.podGC,
      this.scheduler,
      this.network,
    ]) {
      c.start();
    }
    this.machines.startAll('createCluster', opts.nodes);
    this.kubectlContext = {
      store,
      clock,
      advance: (ms) => this.clock.advance(ms),
      readFile: nodeFiles.readFile,
      readDir: nodeFiles.readDir,
      logs: (namespace, pod, container, o) => this.machines.logs(namespace, pod, container, o),
      exec: (namespace, pod, container, argv) => this.machines.exec(namespace, pod, container, argv),
    };
  }

  /** Simulated time, ms since the Unix epoch. */
  now(): number {
    return this.clock.now();
  }

  /** Runs the world for a simulated duration (`30s`, `5m`, or ms). */
  advance(duration: number | string): void {
    this.clock.advance(duration);
  }

  /** Runs the world until `predicate` holds or `timeout` of simulated time has passed. */
  runUntil(predicate: (cluster: Cluster) => boolean, opts: { timeout: number | string }): RunResult {
    return this.clock.runUntil(() => predicate(this), opts);
  }

  // ---- kubectl ----------------------------------------------------------------------------------

  /**
   * Runs a kubectl command line against the cluster (`get pods -o wide`; the word `kubectl` may be left
   * out or kept) and returns what kubectl would print. Commands that wait in real kubectl (`rollout
   * status`, `wait`, `delete`) let simulated time run until they are done.
   */
  kubectl(commandLine: string, opts: KubectlOptions = {}): KubectlResult {
    const line = commandLine.trim().replace(/^kubectl(\s+|$)/, '');
    return runKubectl(this.kubectlContext, line, opts);
  }

  /**
   * `kubectl apply -f -` with these manifests (YAML, one or many documents). Returns what kubectl
   * prints; throws an Error with kubectl's message when it fails.
   */
  apply(manifests: string): string {
    const res = this.kubectl('apply -f -', { stdin: manifests });
    if (res.exitCode !== 0) throw new Error(res.stderr.trim());
    return res.stdout;
  }

  /** The Pod, Deployment or Service as the API server holds it now; NotFound if there is none. */
  pod(name: string, namespace = 'default'): Pod {
    return this.store.get('Pod', namespace, name) ?? throwNotFound('pods', name);
  }

  deployment(name: string, namespace = 'default'): Deployment {
    return this.store.get('Deployment', namespace, name) ?? throwNotFound('deployments.apps', name);
  }

  service(name: string, namespace = 'default'): Service {
    return this.store.get('Service', namespace, name) ?? throwNotFound('services', name);
  }

  // ---- traffic ----------------------------------------------------------------------------------

  /**
   * One HTTP GET, now, routed as in a cluster: cluster DNS, kube-proxy's rules (which lag the
   * EndpointSlices by its sync delay), then the pod, which answers as its image does. `from` is the
   * client: a Pod (the default is a client pod in `default`) or `{ outside: true }`.
   */
  request(url: string, opts: { from?: RequestFrom } = {}): RequestResult {
    return this.network.request(url, opts);
  }

  /**
   * Starts `rps` requests per second to `url` for `duration`, spread evenly over simulated time; the
   * run fills in as the clock advances (`advance`, `runUntil`, blocking kubectl commands). Read its
   * `summary()` (sent, succeeded, failed by reason, answers per pod) and `series()` (per second).
   */
  traffic(opts: TrafficOptions): TrafficRun {
    return traffic(this.network, this.clock, opts);
  }

  // ---- nodes ------------------------------------------------------------------------------------

  /** The names of the cluster's machines (kubelets), in the order they joined. */
  nodeNames(): string[] {
    return this.machines.names();
  }

  /** The Node object as the API server holds it now. */
  node(name: string): Node {
    const node = this.store.get('Node', undefined, name);
    if (!node) throw new Error(`node: no Node "${name}"; nodes: ${this.machines.list()}`);
    return node;
  }

  /** The kubelet of a node: its state, its IP, faults. */
  kubelet(name: string): Kubelet {
    return this.machines.get('kubelet', name);
  }

  /** Adds a machine: its kubelet registers the Node at once. Returns the node's name. */
  addNode(config: NodeOptions = {}): string {
    return this.machines.startAll('addNode', [config])[0]!;
  }

  /**
   * Removes a machine: its kubelet stops and the Node object is deleted (`kubectl delete node`). Pods
   * still bound to it are then force-deleted by pod GC after its 40 s quarantine.
   */
  removeNode(name: string): void {
    this.machines.remove('removeNode', name);
    if (this.store.get('Node', undefined, name)) this.store.delete({ kind: 'Node', name }, { actor: 'kubectl', reason: 'kubectl delete node' });
  }

  /** The machine loses power: kubelet and containers stop; the store keeps what it last said. */
  crashNode(name: string): void {
    this.machines.get('crashNode', name).crash();
  }

  /** The machine boots again: the kubelet re-reads its pods, starts them and heartbeats. */
  recoverNode(name: string): void {
    this.machines.get('recoverNode', name).recover();
  }

  /** The node is cut off from the control plane; its containers keep running. */
  partitionNode(name: string): void {
    this.machines.get('partitionNode', name).partition();
  }

  /** The node reconnects: it posts its status and resyncs at once. */
  healNode(name: string): void {
    this.machines.get('healNode', name).heal();
  }

  /** `kubectl cordon`: new pods are no longer scheduled to the node. */
  cordon(name: string): void {
    this.setUnschedulable('cordon', name, true);
  }

  /** `kubectl uncordon`. */
  uncordon(name: string): void {
    this.setUnschedulable('uncordon', name, false);
  }

  /** A container's log, from the kubelet that runs the pod (`kubectl logs`). */
  logs(namespace: string, name: string, container?: string, opts?: { previous?: boolean; tail?: number }): string {
    return this.machines.logs(namespace, name, container, opts);
  }

  /** Runs a command in a container, through the kubelet that runs the pod (`kubectl exec`). */
  exec(namespace: string, name: string, container: string | undefined, argv: string[]): ExecResult {
    return this.machines.exec(namespace, name, container, argv);
  }

  private setUnschedulable(method: string, name: string, value: boolean): void {
    if (!this.store.get('Node', undefined, name)) throw new Error(`${method}: no Node "${name}"; nodes: ${this.machines.list()}`);
    this.store.update({ kind: 'Node', name }, (node) => {
      if (value) node.spec.unschedulable = true;
      else delete node.spec.unschedulable;
    }, { actor: 'kubectl', reason: `kubectl ${method}` });
  }
}

function throwNotFound(resource: string, name: string): never {
  throw notFound(resource, name);
}

export function createCluster(opts: ClusterOptions = {}): Cluster {
  return new Cluster(opts);
}
