/**
 * A fake kubelet: the node agent of one simulated machine. It registers its Node, renews its Lease every
 * 10 s, posts NodeStatus when it changes and at least every 5 min, watches the pods bound to it and hands
 * them to its pod workers, which run them. It meets the rest of the cluster only in the store.
 *
 * Guarantees:
 * - every write is made as actor `kubelet/<node>`;
 * - `crash()` stops everything at once: no timer fires and nothing is written until `recover()`, so the
 *   store keeps saying what it last said (as when a machine loses power);
 * - while `partition()`ed, containers keep running but no write reaches the store (the pod workers ask
 *   `connected()`); `heal()` posts status, renews the lease and resyncs at once;
 * - pod IPs come from the node's pod CIDR, `.2` upward, never two pods at once.
 */
import { isStatusError } from '../api/errors.js';
import type { Pod } from '../api/pod.js';
import type { Clock, Timer } from '../sim/clock.js';
import type { Rng } from '../sim/rng.js';
import { EventRecorder } from '../store/client/events.js';
import type { Store } from '../store/store.js';
import type { Watch, WatchEvent, WriteOptions } from '../store/types.js';
import type { PodNetwork, Reply } from '../sim/reply.js';
import { PodIPAllocator } from './ipam.js';
import { NODE_LEASE_DURATION_SECONDS, NODE_LEASE_NAMESPACE, NODE_LEASE_RENEW_INTERVAL_MS, nodeLease } from './lease.js';
import { formatMicroTime } from '../api/lease.js';
import {
  kubeletNodeStatus,
  nodeInternalIP,
  nodePodCIDR,
  nodeStatusChanged,
  registrationNode,
  type NodeConfig,
  type NodeIdentity,
} from './node-status.js';

/** The kubelet's `nodeStatusUpdateFrequency`: how often it computes its status. */
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
/** The kubelet's `nodeStatusReportFrequency`: how long it may go without posting an unchanged status. */
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;

/** What the kubelet gives its pod workers at each boot. */
export interface PodWorkersDeps {
  store: Store;
  clock: Clock;
  /** A stream of its own for each boot. */
  rng: Rng;
  nodeName: string;
  nodeIP: string;
  /** The next free address of the node's pod CIDR (the CNI plugin's job). */
  allocatePodIP: () => string;
  releasePodIP: (ip: string) => void;
  /** Records events as `kubelet` on this node. */
  events: EventRecorder;
  /** Whether a write would reach the API server now; a worker writes nothing while this is false. */
  connected: () => boolean;
}

/** What `kubectl exec` gets back from a container. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * The kubelet's pod workers: they run the pods bound to the node. The kubelet hands them every version
 * of those pods it sees (`sync`), says when one is gone (`forget`), stops them all when the machine does
 * (`halt`), and asks them to write their pods' status again after a partition (`resync`). A change comes
with the version it replaced, when the watch gives one, as an informer's UpdateFunc(old, new) gets it. `logs` and
 * `exec` throw an Error worded as kubectl words it when the pod or container cannot answer. As the node's
 * side of the data plane they answer connections to the pods they run.
 */
export interface PodWorkersLike extends PodNetwork {
  sync(pod: Pod, previous?: Pod): void;
  forget(uid: string): void;
  halt(): void;
  resync(): void;
  logs(namespace: string, name: string, container?: string, opts?: { previous?: boolean }): string;
  exec(namespace: string, name: string, container: string | undefined, argv: string[]): ExecResult;
}

export interface KubeletOptions {
  store: Store;
  clock: Clock;
  rng: Rng;
  node: NodeConfig;
  /** The node's 0-based position in the cluster: it picks the node's IP and pod CIDR. */
  index: number;
  /**
   * Builds the pod workers for each boot: real ones (with the cluster's image model) in a cluster, a fake
   * in a test. Passed in rather than imported so that a kubelet can be tested without running containers.
   */
  workers: (deps: PodWorkersDeps) => PodWorkersLike;
}

export type KubeletState = 'new' | 'running' | 'crashed' | 'stopped';

export class Kubelet implements PodNetwork {
  readonly name: string;
  readonly nodeIP: string;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly config: NodeConfig;
  private readonly index: number;
  private readonly makeWorkers: (deps: PodWorkersDeps) => PodWorkersLike;
  private readonly events: EventRecorder;
  private readonly ipam: PodIPAllocator;
  private readonly identity: NodeIdentity;
  private workers: PodWorkersLike | undefined;
  private state: KubeletState = 'new';
  private partitioned = false;
  private boots = 0;
  /** The running loops' next timers, by name. */
  private readonly loops = new Map<string, Timer>();
  private podWatch: Watch | undefined;
  /** Pods handed to the workers, by uid: the ones to forget if they vanish while we are not watching. */
  private readonly known = new Set<string>();
  private lastReport = -Infinity;

  constructor(opts: KubeletOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.rng = opts.rng;
    this.config = opts.node;
    this.name = opts.node.name;
    this.index = opts.index;
    this.nodeIP = nodeInternalIP(opts.index);
    this.ipam = new PodIPAllocator(nodePodCIDR(opts.index));
    this.makeWorkers = opts.workers;
    this.events = new EventRecorder(this.store, this.clock, { component: 'kubelet', host: this.name });
    this.identity = { machineID: this.rng.hex(16), systemUUID: this.rng.uuid(), bootID: this.rng.uuid() };
  }

  /** `new`, `running`, `crashed` or `stopped`. */
  get status(): KubeletState {
    return this.state;
  }

  get isPartitioned(): boolean {
    return this.partitioned;
  }

  /** Whether a write from this node would reach the API server now. */
  connected(): boolean {
    return this.state === 'running' && !this.partitioned;
  }

  /** Registers the node and its lease, then starts heartbeating and running its pods. */
  start(): void {
    if (this.state !== 'new') throw new Error(`kubelet ${this.name}: start: already ${this.state}`);
    this.boot();
  }

  /** The machine stops: kubelet and containers. Nothing more is written until `recover()`. */
  crash(): void {
    if (this.state !== 'running') throw new Error(`kubelet ${this.name}: crash: the kubelet is ${this.state}, not running`);
    this.halt('crashed');
  }

  /** The machine comes back: a new boot, which re-reads the pods bound to it and starts them again. */
  recover(): void {
    if (this.state !== 'crashed') throw new Error(`kubelet ${this.name}: recover: the kubelet is ${this.state}, not crashed`);
    this.identity.bootID = this.rng.uuid();
    this.ipam.reset();
    this.boot();
  }

  /** Cuts the node off from the control plane: containers run on, nothing is written or seen. */
  partition(): void {
    if (this.state !== 'running') throw new Error(`kubelet ${this.name}: partition: the kubelet is ${this.state}, not running`);
    if (this.partitioned) return;
    this.partitioned = true;
    this.podWatch?.stop();
    this.podWatch = undefined;
  }

  /** Reconnects: posts status and renews the lease at once, then resyncs the pods it runs. */
  heal(): void {
    if (!this.partitioned) return;
    this.partitioned = false;
    if (this.state !== 'running') return;
    this.syncNodeStatus(true);
    this.renewLease();
    this.watchPods();
    this.workers?.resync();
  }

  /** Shuts the kubelet down for good (the node is being removed). */
  stop(): void {
    if (this.state === 'running') this.halt('stopped');
    this.state = 'stopped';
  }

  logs(namespace: string, name: string, container?: string, opts?: { previous?: boolean }): string {
    return this.mustWorkers('logs').logs(namespace, name, container, opts);
  }

  exec(namespace: string, name: string, container: string | undefined, argv: string[]): ExecResult {
    return this.mustWorkers('exec').exec(namespace, name, container, argv);
  }

  /** A connection to one of this node's pods: nothing answers while the machine is down. */
  httpGet(ip: string, port: number, path: string): Reply {
    return this.workers?.httpGet(ip, port, path) ?? { ok: false, error: 'no route to host', detail: `node ${this.name} is down` };
  }

  tcpConnect(ip: string, port: number): Reply {
    return this.workers?.tcpConnect(ip, port) ?? { ok: false, error: 'no route to host', detail: `node ${this.name} is down` };
  }

  /** The pod CIDR this node's pods take their addresses from. */
  get podCIDR(): string {
    return nodePodCIDR(this.index);
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  private boot(): void {
    this.state = 'running';
    this.boots++;
    this.lastReport = -Infinity;
    // Methods, not arrow properties: one per node each, and tsx gives a named arrow a property dictionary.
    const kubelet = this;
    this.workers = this.makeWorkers({
      store: this.store,
      clock: this.clock,
      rng: this.rng.fork(`pods/boot-${this.boots}`),
      nodeName: this.name,
      nodeIP: this.nodeIP,
      allocatePodIP() {
        return kubelet.ipam.allocate();
      },
      releasePodIP(ip: string) {
        kubelet.ipam.release(ip);
      },
      events: this.events,
      connected() {
        return kubelet.connected();
      },
    });
    this.recordStartEvents(this.boots > 1);
    this.registerNode();
    this.renewLease();
    // A machine that boots behind a broken link sees nothing until `heal()`.
    if (!this.partitioned) this.watchPods();
    this.every(NODE_LEASE_RENEW_INTERVAL_MS, 'lease', () => this.renewLease());
    this.every(NODE_STATUS_UPDATE_FREQUENCY_MS, 'node status', () => this.syncNodeStatus(false));
  }

  private halt(next: 'crashed' | 'stopped'): void {
    this.state = next;
    for (const t of this.loops.values()) t.cancel();
    this.loops.clear();
    this.podWatch?.stop();
    this.podWatch = undefined;
    this.workers?.halt();
    this.workers = undefined;
    this.known.clear();
  }

  /**
   * A loop on the simulated clock, rescheduled from its own firing time so the period never drifts. An
   * API error (a Conflict with another writer) is dropped: the next period tries again, as the kubelet's
   * loops log and retry.
   */
  private every(periodMs: number, what: string, fn: () => void): void {
    const label = `kubelet/${this.name} ${what}`;
    const tick = () => {
      this.loops.set(what, this.clock.schedule(periodMs, tick, label));
      try {
        fn();
      } catch (e) {
        if (!isStatusError(e)) throw e;
      }
    };
    this.loops.set(what, this.clock.schedule(periodMs, tick, label));
  }

  // ---- node and lease ---------------------------------------------------------------------------

  private write(reason: string): WriteOptions {
    return { actor: `kubelet/${this.name}`, reason };
  }

  /** Creates the Node, or (a restart, or a node that was already there) brings its status up to date. */
  private registerNode(): void {
    if (!this.connected()) return;
    if (this.store.get('Node', undefined, this.name)) {
      this.syncNodeStatus(true);
      return;
    }
    const node = registrationNode(this.config, this.index, this.identity, this.clock.now());
    this.store.create(node, this.write('register node'));
    this.lastReport = this.clock.now();
    this.nodeEvent('Normal', 'NodeReady', `Node ${this.name} status is now: NodeReady`);
  }

  /**
   * Posts the node's status when it differs from the stored one (heartbeats aside), or when the last
   * report is `nodeStatusReportFrequency` old. A deleted Node stays deleted: the kubelet registers only
   * when it starts, as Kubernetes' does.
   */
  private syncNodeStatus(force: boolean): void {
    if (!this.connected()) return;
    const stored = this.store.get('Node', undefined, this.name);
    if (!stored) return;
    const now = this.clock.now();
    const next = { ...stored.status, ...kubeletNodeStatus(this.config, this.index, this.identity, stored.status, now) };
    const due = now - this.lastReport >= NODE_STATUS_REPORT_FREQUENCY_MS;
    if (!force && !due && !nodeStatusChanged(stored.status, next)) return;
    const wasReady = stored.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    this.store.updateStatus({ kind: 'Node', name: this.name }, (draft) => {
      draft.status = next as typeof draft.status;
    }, this.write('node status'));
    this.lastReport = now;
    if (!wasReady) this.nodeEvent('Normal', 'NodeReady', `Node ${this.name} status is now: NodeReady`);
  }

  private renewLease(): void {
    if (!this.connected()) return;
    const now = this.clock.now();
    const existing = this.store.get('Lease', NODE_LEASE_NAMESPACE, this.name);
    if (!existing) {
      const node = this.store.get('Node', undefined, this.name);
      if (!node) return;
      this.store.create(nodeLease(node, now), this.write('create node lease'));
      return;
    }
    this.store.update({ kind: 'Lease', namespace: NODE_LEASE_NAMESPACE, name: this.name }, (lease) => {
      lease.spec.holderIdentity = this.name;
      lease.spec.leaseDurationSeconds = NODE_LEASE_DURATION_SECONDS;
      lease.spec.renewTime = formatMicroTime(now);
    }, this.write('renew node lease'));
  }

  /**
   * What a starting kubelet reports about its node. It names the node by a reference whose uid is the
   * node's name, as the kubelet's own nodeRef does, so these events exist even before the Node does.
   */
  private recordStartEvents(rebooted: boolean): void {
    this.nodeEvent('Normal', 'Starting', 'Starting kubelet.');
    if (rebooted) this.nodeEvent('Warning', 'Rebooted', `Node ${this.name} has been rebooted, boot id: ${this.identity.bootID}`);
    for (const reason of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID']) {
      this.nodeEvent('Normal', reason, `Node ${this.name} status is now: ${reason}`);
    }
    this.nodeEvent('Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
  }

  private nodeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (!this.connected()) return;
    const nodeRef = { apiVersion: 'v1', kind: 'Node', metadata: { name: this.name, uid: this.name } };
    this.events.event(nodeRef, type, reason, message);
  }

  // ---- pods -------------------------------------------------------------------------------------

  /**
   * Watches the pods bound to this node, from now: the watch first lists them (an ADDED each), which is
   * how a restarted or reconnected kubelet re-reads what it should run. Pods it knew that are gone by
   * then are forgotten.
   */
  private watchPods(): void {
    this.podWatch?.stop();
    const stale = new Set(this.known);
    this.podWatch = this.store.watch('Pod', { fieldSelector: `spec.nodeName=${this.name}` }, (event) => {
      stale.delete(event.object.metadata.uid!);
      this.onPodEvent(event);
    });
    for (const uid of stale) this.forget(uid);
  }

  private onPodEvent(event: WatchEvent<Pod>): void {
    const uid = event.object.metadata.uid!;
    if (event.type === 'DELETED') {
      this.forget(uid);
      return;
    }
    this.known.add(uid);
    this.workers?.sync(event.object, event.previous);
  }

  private forget(uid: string): void {
    this.known.delete(uid);
    this.workers?.forget(uid);
  }

  private mustWorkers(what: string): PodWorkersLike {
    if (!this.workers) {
      throw new Error(`${what}: node "${this.name}" is ${this.state}: its kubelet is not running`);
    }
    return this.workers;
  }

}
