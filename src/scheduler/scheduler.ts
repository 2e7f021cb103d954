/**
 * The scheduler actor (kube-scheduler's scheduleOne loop on kubesim's WorkQueue). It watches Pods and
 * Nodes, queues every pod that is its to place, and for each one reads the pod fresh, asks the pure
 * `schedulePod` for a node, and either binds it (pods/binding) or records why it cannot.
 *
 * Guarantees:
 * - only pods with no nodeName, no deletionTimestamp, not finished, without scheduling gates, whose
 *   schedulerName is `default-scheduler`, are touched; a pod bound by anyone else is left alone;
 * - one pod at a time, in queue order, so two pods never take the same room: the cache sees each bind
 *   (through the watch) before the next decision;
 * - an unschedulable pod waits: it is retried when a node is added or changes in a way that may help
 *   (readiness, cordon, taints, labels, allocatable), when a pod on some node stops holding resources,
 *   and at the latest after 5 minutes — with Kubernetes' per-pod back-off (1 s doubling to 10 s) between
 *   attempts, never in a busy loop; its status and events are written only when they change or repeat;
 * - decisions are deterministic for a seed: nodes are considered in name order, from where the last
 *   search stopped (nextStartNodeIndex), and ties drawn from the Rng;
 * - one decision costs O(nodes it has to look at): the node list is kept from the Node watch, not read
 *   from the store per pod, and a cluster of 100 nodes or more is searched only until
 *   numFeasibleNodesToFind nodes fit, as kube-scheduler does.
 */
import type { Node } from '../api/node.js';
import type { Pod, PodCondition } from '../api/pod.js';
import { formatTimestamp } from '../api/meta.js';
import { EventRecorder } from '../store/client/events.js';
import { keyOf, splitKey, WorkQueue } from '../store/client/queue.js';
import type { Clock } from '../sim/clock.js';
import type { Duration } from '../sim/duration.js';
import type { Rng } from '../sim/rng.js';
import { deepEqual } from '../store/equal.js';
import type { Store } from '../store/store.js';
import type { Watch, WatchEvent } from '../store/types.js';
import { NodeUsageCache } from './cache.js';
import { NodeInfo } from './node-info.js';
import { controllerUid, isTerminated } from './resources.js';
import { schedulePod } from './schedule.js';
import { NodeSnapshot } from './snapshot.js';

export const SCHEDULER_NAME = 'default-scheduler';

/** podMaxInUnschedulablePodsDuration: an unschedulable pod is retried at least this often. */
export const MAX_UNSCHEDULABLE_WAIT_MS = 5 * 60_000;
/** podInitialBackoffDuration and podMaxBackoffDuration. */
export const INITIAL_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 10_000;

export interface SchedulerOptions {
  store: Store;
  clock: Clock;
  rng: Rng;
  /** Reaction time between a pod appearing and its scheduling attempt. Default: the WorkQueue's. */
  latency?: Duration;
}

/** True for a pod this scheduler should place (the unassigned-pod informer's filter plus ours). */
export function needsScheduling(pod: Pod): boolean {
  return (
    !pod.spec.nodeName &&
    pod.metadata.deletionTimestamp === undefined &&
    !isTerminated(pod) &&
    (pod.spec.schedulerName || SCHEDULER_NAME) === SCHEDULER_NAME &&
    !(pod.spec.schedulingGates?.length)
  );
}

/** What about a node may turn a "no" into a "yes"; heartbeats change none of it. */
export function nodeSchedulingSignature(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? '';
  return JSON.stringify([node.status?.allocatable ?? {}, !!node.spec.unschedulable, node.spec.taints ?? [], node.metadata.labels ?? {}, ready]);
}

/** The PodScheduled=False condition, keeping lastTransitionTime when the status does not change. */
export function unschedulableCondition(existing: PodCondition | undefined, message: string, now: number): PodCondition {
  const lastTransitionTime = existing?.status === 'False' && existing.lastTransitionTime ? existing.lastTransitionTime : formatTimestamp(now);
  return { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime, reason: 'Unschedulable', message };
}

interface Waiting {
  /** The pod's spec and labels when it was found unschedulable: an update to them deserves a new try. */
  spec: Pod['spec'];
  labels: Pod['metadata']['labels'];
  attempts: number;
  backoffUntil: number;
}

export class Scheduler {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly latency: Duration | undefined;
  private readonly recorder: EventRecorder;
  private cache = new NodeUsageCache();
  private readonly nodeSignatures = new Map<string, string>();
  private readonly unschedulable = new Map<string, Waiting>();
  /** The scheduler's snapshot of the nodes, as its Node informer keeps it: name → latest Node and its usage. */
  private readonly nodes = new Map<string, NodeInfo>();
  /** The nodes in name order, as decisions read them; rebuilt only when a node comes or goes. */
  private snapshot: NodeSnapshot | undefined;
  /** Where the next search starts (Scheduler.nextStartNodeIndex). */
  private nextStartNodeIndex = 0;
  private queue: WorkQueue | undefined;
  private watches: Watch[] = [];

  constructor(opts: SchedulerOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.rng = opts.rng;
    this.latency = opts.latency;
    this.recorder = new EventRecorder(this.store, this.clock, { component: SCHEDULER_NAME });
  }

  /** Starts watching; pods already waiting are queued at once. Calling it twice does nothing more. */
  start(): void {
    if (this.queue) return;
    this.cache = new NodeUsageCache();
    this.queue = new WorkQueue({
      clock: this.clock,
      name: SCHEDULER_NAME,
      reconcile: (key) => this.scheduleOne(key),
      ...(this.latency !== undefined ? { latency: this.latency } : {}),
    });
    this.watches.push(this.store.watch('Pod', {}, (e) => this.onPod(e)));
    this.watches.push(this.store.watch('Node', {}, (e) => this.onNode(e)));
  }

  /** Stops watching and drops every queued attempt. */
  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.queue?.stop();
    this.queue = undefined;
    this.unschedulable.clear();
    this.nodeSignatures.clear();
    this.nodes.clear();
    this.snapshot = undefined;
    this.nextStartNodeIndex = 0;
  }

  /** Pods waiting for room, by `namespace/name` (what `kubectl get pods` shows as Pending). */
  unschedulablePods(): string[] {
    return [...this.unschedulable.keys()].sort();
  }

  // ---- watch handlers: they only queue keys -------------------------------------------------------

  private onPod(event: WatchEvent<Pod>): void {
    const freedNode = this.cache.apply(event);
    const pod = event.object;
    const key = keyOf(pod);
    if (event.type === 'DELETED' || !needsScheduling(pod)) {
      this.unschedulable.delete(key);
    } else {
      const waiting = this.unschedulable.get(key);
      // Our own status write comes back as a change: only a new spec or new labels deserve another try.
      const same = waiting && deepEqual(waiting.spec, pod.spec) && deepEqual(waiting.labels, pod.metadata.labels);
      if (!same) this.queue?.add(key);
    }
    if (freedNode !== undefined) this.moveAllToActiveQueue();
  }

  private onNode(event: WatchEvent<Node>): void {
    const name = event.object.metadata.name ?? '';
    if (event.type === 'DELETED') {
      this.nodes.delete(name);
      this.snapshot = undefined;
      this.nodeSignatures.delete(name);
      return;
    }
    const info = this.nodes.get(name);
    if (info) {
      info.setNode(event.object);
      this.snapshot?.refreshNode(name);
    } else {
      this.nodes.set(name, new NodeInfo(event.object, this.cache.live(name)));
      this.snapshot = undefined;
    }
    const signature = nodeSchedulingSignature(event.object);
    if (this.nodeSignatures.get(name) === signature) return;
    this.nodeSignatures.set(name, signature);
    this.moveAllToActiveQueue();
  }

  /** MoveAllToActiveOrBackoffQueue: every waiting pod tries again once its back-off has passed. */
  private moveAllToActiveQueue(): void {
    const now = this.clock.now();
    for (const [key, w] of this.unschedulable) {
      const wait = w.backoffUntil - now;
      if (wait > 0) this.queue?.addAfter(key, wait);
      else this.queue?.add(key);
    }
  }

  // ---- one scheduling attempt ---------------------------------------------------------------------

  private scheduleOne(key: string): void {
    const ref = splitKey(key);
    const pod = this.store.get('Pod', ref.namespace, ref.name);
    if (!pod || !needsScheduling(pod)) {
      this.unschedulable.delete(key);
      return;
    }
    const nodes = this.nodeSnapshot();
    const owner = controllerUid(pod);
    const result = schedulePod(pod, nodes, this.rng, {
      start: this.nextStartNodeIndex,
      ...(owner !== undefined ? { spread: this.cache.spread(owner) } : {}),
    });
    if (nodes.size > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + result.evaluated) % nodes.size;
    if (result.outcome === 'bind') this.bind(key, pod, result.nodeName);
    else this.recordUnschedulable(key, pod, result.message);
  }

  /**
   * The nodes in name order (the store's order), each with its latest Node and its usage: the
   * snapshot, with the rows of the nodes whose usage changed since the last decision read again
   * (UpdateSnapshot). A Node's own changes are read as they arrive.
   */
  private nodeSnapshot(): NodeSnapshot {
    if (!this.snapshot) {
      this.cache.takeChanged(() => {});
      this.snapshot = new NodeSnapshot([...this.nodes.keys()].sort(byName).map((name) => this.nodes.get(name)!));
      return this.snapshot;
    }
    const snapshot = this.snapshot;
    this.cache.takeChanged((name) => snapshot.refreshNode(name));
    return snapshot;
  }

  private bind(key: string, pod: Pod, nodeName: string): void {
    const who = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const bound = this.store.bind(ref(pod), nodeName, { actor: SCHEDULER_NAME, reason: `assign ${who} to ${nodeName}` });
    this.unschedulable.delete(key);
    this.recorder.event(bound, 'Normal', 'Scheduled', `Successfully assigned ${who} to ${nodeName}`);
  }

  private recordUnschedulable(key: string, pod: Pod, message: string): void {
    const now = this.clock.now();
    const attempts = (this.unschedulable.get(key)?.attempts ?? 0) + 1;
    const backoff = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** (attempts - 1));
    this.unschedulable.set(key, { spec: pod.spec, labels: pod.metadata.labels, attempts, backoffUntil: now + backoff });
    const existing = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const wanted = unschedulableCondition(existing, message, now);
    let current = pod;
    if (!existing || !deepEqual(existing, wanted)) {
      current = this.store.updateStatus(
        { kind: 'Pod', ...ref(pod) },
        (draft) => {
          const conditions = (draft.status ??= {}).conditions ?? (draft.status.conditions = []);
          const i = conditions.findIndex((c) => c.type === 'PodScheduled');
          if (i >= 0) conditions[i] = wanted;
          else conditions.push(wanted);
        },
        { actor: SCHEDULER_NAME, reason: 'pod is unschedulable' },
      );
      // The write changed only the status; keep the spec we compare later updates with.
      this.unschedulable.set(key, { ...this.unschedulable.get(key)!, spec: current.spec, labels: current.metadata.labels });
    }
    this.recorder.event(current, 'Warning', 'FailedScheduling', message);
    this.queue?.addAfter(key, MAX_UNSCHEDULABLE_WAIT_MS);
  }
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function ref(pod: Pod): { namespace?: string; name: string } {
  return { ...(pod.metadata.namespace ? { namespace: pod.metadata.namespace } : {}), name: pod.metadata.name ?? '' };
}
