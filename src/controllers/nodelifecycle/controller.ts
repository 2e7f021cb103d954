/**
 * The node lifecycle controller (pkg/controller/nodelifecycle): every 5 s it looks at every node's last
 * heartbeat (Lease or NodeStatus). A node silent for the grace period gets every condition Unknown
 * (`kubectl get nodes` shows NotReady), its pods marked not ready, and the taints
 * `node.kubernetes.io/unreachable` NoSchedule and NoExecute; the taint eviction controller does the rest.
 * When the kubelet posts Ready again the taints come off. It also keeps the `unschedulable` NoSchedule
 * taint in step with `spec.unschedulable` (cordon).
 *
 * Guarantees: the pass is O(nodes) every 5 s plus O(pods on a node) when that node goes NotReady; it
 * writes only differences; API errors (a node deleted mid-pass) are skipped until the next pass.
 */
import { isStatusError } from '../../api/errors.js';
import type { Lease } from '../../api/lease.js';
import { formatTimestamp } from '../../api/meta.js';
import type { Node, Taint } from '../../api/node.js';
import type { Clock, Timer } from '../../sim/clock.js';
import type { Store } from '../../store/store.js';
import type { Watch } from '../../store/types.js';
import { EventRecorder } from '../../store/client/events.js';
import { WorkQueue } from '../../store/client/queue.js';
import {
  NODE_MONITOR_GRACE_PERIOD_MS,
  NODE_MONITOR_PERIOD_MS,
  nodeHealth,
  noExecuteTaintingAllowed,
  reconcileNodeTaints,
  zoneOf,
  zoneState,
  type ConditionStatus,
  type ZoneState,
} from './health.js';

export const NODE_LIFECYCLE_ACTOR = 'node-lifecycle-controller';

export interface NodeLifecycleOptions {
  store: Store;
  clock: Clock;
  /** `--node-monitor-grace-period`, ms. Default 50 s. */
  gracePeriod?: number;
  /** `--node-monitor-period`, ms. Default 5 s. */
  monitorPeriod?: number;
}

export class NodeLifecycleController {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly grace: number;
  private readonly period: number;
  private readonly events: EventRecorder;
  /** NoSchedule taints follow node changes (cordon) without waiting for the next pass. */
  private readonly queue: WorkQueue;
  private nodeWatch: Watch | undefined;
  private timer: Timer | undefined;
  private readonly registered = new Set<string>();

  constructor(opts: NodeLifecycleOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.grace = opts.gracePeriod ?? NODE_MONITOR_GRACE_PERIOD_MS;
    this.period = opts.monitorPeriod ?? NODE_MONITOR_PERIOD_MS;
    this.events = new EventRecorder(this.store, this.clock, { component: 'node-controller' });
    this.queue = new WorkQueue({ clock: this.clock, name: NODE_LIFECYCLE_ACTOR, reconcile: (name) => this.syncNoScheduleTaints(name) });
  }

  start(): void {
    if (this.timer) return;
    this.nodeWatch = this.store.watch('Node', {}, (ev) => {
      const name = ev.object.metadata.name!;
      if (ev.type === 'DELETED') {
        this.registered.delete(name);
        return;
      }
      if (!this.registered.has(name)) {
        this.registered.add(name);
        this.events.event(ev.object, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
      }
      this.queue.add(name);
    });
    const tick = () => {
      this.timer = this.clock.schedule(this.period, tick, NODE_LIFECYCLE_ACTOR);
      this.monitorNodeHealth();
    };
    this.timer = this.clock.schedule(this.period, tick, NODE_LIFECYCLE_ACTOR);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.nodeWatch?.stop();
    this.queue.stop();
  }

  /** One pass over every node: health first, then zone states, then taints. */
  monitorNodeHealth(): void {
    const now = this.clock.now();
    const seen: { name: string; zone: string; ready: ConditionStatus }[] = [];
    for (const node of this.store.items('Node')) {
      const name = node.metadata.name!;
      const lease = this.store.get('Lease', 'kube-node-lease', name) as Lease | undefined;
      const health = nodeHealth(node, lease, now, this.grace);
      if (health.conditions) this.tryWrite(() => this.writeConditions(node, health.conditions!));
      if (health.observedReady === 'True' && health.ready !== 'True') this.tryWrite(() => this.nodeNotReady(node));
      seen.push({ name, zone: zoneOf(node), ready: health.ready });
    }
    const states = this.zoneStates(seen);
    const allFullyDisrupted = states.size > 0 && [...states.values()].every((s) => s === 'FullDisruption');
    for (const { name, zone, ready } of seen) {
      const addNoExecute = noExecuteTaintingAllowed(states.get(zone)!, seen.length);
      this.tryWrite(() => this.writeTaints(name, ready, { addNoExecute, clearNoExecute: allFullyDisrupted }));
    }
  }

  private zoneStates(nodes: readonly { zone: string; ready: ConditionStatus }[]): Map<string, ZoneState> {
    const byZone = new Map<string, ConditionStatus[]>();
    for (const n of nodes) byZone.set(n.zone, [...(byZone.get(n.zone) ?? []), n.ready]);
    return new Map([...byZone].map(([zone, statuses]) => [zone, zoneState(statuses)]));
  }

  private writeConditions(node: Node, conditions: NonNullable<Node['status']>['conditions']): void {
    this.store.updateStatus({ kind: 'Node', name: node.metadata.name! }, (draft) => {
      draft.status = { ...draft.status, conditions };
    }, { actor: NODE_LIFECYCLE_ACTOR, reason: 'Kubelet stopped posting node status.' });
  }

  /** RecordNodeStatusChange and MarkPodsNotReady: the node's pods stop counting as ready endpoints. */
  private nodeNotReady(node: Node): void {
    const name = node.metadata.name!;
    this.events.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    const now = formatTimestamp(this.clock.now());
    for (const pod of this.store.podsOnNode(name)) {
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      this.tryWrite(() => {
        this.store.updateStatus({ kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name! }, (draft) => {
          const c = draft.status?.conditions?.find((x) => x.type === 'Ready');
          if (!c) return;
          c.status = 'False';
          c.lastTransitionTime = now;
        }, { actor: NODE_LIFECYCLE_ACTOR, reason: 'node is not ready' });
        this.events.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
      });
    }
  }

  private writeTaints(name: string, ready: ConditionStatus, opts: { addNoExecute: boolean; clearNoExecute: boolean }): void {
    const node = this.store.get('Node', undefined, name);
    if (!node) return;
    const taints = reconcileNodeTaints(node, ready, this.clock.now(), opts);
    if (taints) this.updateTaints(name, taints, ready);
  }

  /** Between passes, only the NoSchedule taints follow the node (doNoScheduleTaintingPass). */
  private syncNoScheduleTaints(name: string): void {
    const node = this.store.get('Node', undefined, name);
    if (!node) return;
    const ready = (node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown') as ConditionStatus;
    const noExecute = (node.spec.taints ?? []).filter((t) => t.effect === 'NoExecute');
    const taints = reconcileNodeTaints(node, ready, this.clock.now(), { addNoExecute: false, clearNoExecute: false });
    if (!taints) return;
    // Keep NoExecute taints exactly as they are: adding or removing them is the periodic pass's call.
    const next = [...taints.filter((t) => t.effect !== 'NoExecute'), ...noExecute];
    const same = next.length === (node.spec.taints ?? []).length && next.every((t) => node.spec.taints!.includes(t));
    if (!same) this.updateTaints(name, next, ready);
  }

  private updateTaints(name: string, taints: Taint[], ready: ConditionStatus): void {
    this.store.update({ kind: 'Node', name }, (draft) => {
      if (taints.length > 0) draft.spec.taints = taints;
      else delete draft.spec.taints;
    }, { actor: NODE_LIFECYCLE_ACTOR, reason: ready === 'True' ? 'node is ready' : `node Ready is ${ready}` });
  }

  private tryWrite(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (!isStatusError(e)) throw e;
    }
  }
}
