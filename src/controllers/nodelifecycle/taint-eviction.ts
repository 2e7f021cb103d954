/**
 * The taint eviction controller (pkg/controller/tainteviction, "taint manager"): pods on a node with a
 * NoExecute taint they do not tolerate are deleted at once; pods that tolerate it for tolerationSeconds
 * are deleted when that runs out — with the default toleration, 300 s after the node was tainted. The
 * deletion is an ordinary graceful one: on a node whose kubelet is gone, nobody confirms it, so the pod
 * stays Terminating until the node returns or its Node object is deleted.
 *
 * Guarantees: one pending eviction timer per pod, on the simulated clock, due at exactly
 * `since + min(tolerationSeconds)`; a pending eviction is cancelled (with a `Cancelling deletion` event)
 * when the taint goes first; work is per node and per pod, never a scan of every pod.
 */
import { isStatusError } from '../../api/errors.js';
import { formatTimestamp, parseTimestamp } from '../../api/meta.js';
import type { Node, Taint } from '../../api/node.js';
import type { Pod } from '../../api/pod.js';
import type { Clock, Timer } from '../../sim/clock.js';
import type { Store } from '../../store/store.js';
import type { Watch } from '../../store/types.js';
import { EventRecorder } from '../../store/client/events.js';
import { WorkQueue } from '../../store/client/queue.js';
import { deepEqual } from '../../store/equal.js';
import { noExecuteTaints, planPodEviction } from './tolerations.js';

export const TAINT_EVICTION_ACTOR = 'taint-eviction-controller';

interface PendingEviction {
  /** When the pod came under the taints: the base of its toleration countdown. */
  since: number;
  at: number;
  timer: Timer;
}

export class TaintEvictionController {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly events: EventRecorder;
  private readonly queue: WorkQueue;
  /** Each node's NoExecute taints as last seen: a node event matters only when they change. */
  private readonly taints = new Map<string, Taint[]>();
  /** Pending evictions by pod key (`namespace/name`). */
  private readonly pending = new Map<string, PendingEviction>();
  private watches: Watch[] = [];

  constructor(opts: { store: Store; clock: Clock }) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.events = new EventRecorder(this.store, this.clock, { component: TAINT_EVICTION_ACTOR });
    this.queue = new WorkQueue({ clock: this.clock, name: TAINT_EVICTION_ACTOR, reconcile: (key) => this.reconcile(key) });
  }

  start(): void {
    if (this.watches.length > 0) return;
    this.watches.push(
      this.store.watch('Node', {}, (ev) => {
        const name = ev.object.metadata.name!;
        const next = ev.type === 'DELETED' ? [] : noExecuteTaints(ev.object.spec.taints);
        if (deepEqual(next, this.taints.get(name) ?? [])) return;
        if (next.length > 0) this.taints.set(name, next);
        else this.taints.delete(name);
        this.queue.add(`node:${name}`);
      }),
      this.store.watch('Pod', {}, (ev) => {
        const pod = ev.object;
        const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
        if (ev.type === 'DELETED') {
          this.cancel(key, false);
          return;
        }
        const node = pod.spec.nodeName;
        if (node && (this.taints.has(node) || this.pending.has(key))) this.queue.add(`pod:${key}`);
      }),
    );
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches = [];
    this.queue.stop();
    for (const p of this.pending.values()) p.timer.cancel();
    this.pending.clear();
  }

  /** When a pod is due to be evicted, if it is (for tests and teaching). */
  evictionTime(namespace: string, name: string): number | undefined {
    return this.pending.get(`${namespace}/${name}`)?.at;
  }

  private reconcile(key: string): void {
    if (key.startsWith('node:')) {
      const name = key.slice('node:'.length);
      for (const pod of this.store.podsOnNode(name)) this.processPod(pod);
      return;
    }
    const [namespace, name] = key.slice('pod:'.length).split('/') as [string, string];
    const pod = this.store.get('Pod', namespace, name);
    if (pod) this.processPod(pod);
    else this.cancel(`${namespace}/${name}`, false);
  }

  private processPod(pod: Pod): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (pod.metadata.deletionTimestamp) {
      this.cancel(key, false);
      return;
    }
    const node = pod.spec.nodeName ? this.store.get('Node', undefined, pod.spec.nodeName) : undefined;
    const now = this.clock.now();
    const existing = this.pending.get(key);
    const since = existing?.since ?? this.countdownStart(pod, node, now);
    const plan = planPodEviction(node?.spec.taints, pod.spec.tolerations, since, now);
    switch (plan.action) {
      case 'cancel':
      case 'keep':
        this.cancel(key, true);
        return;
      case 'evict':
        this.cancel(key, false);
        this.evict(pod);
        return;
      case 'evictAt':
        if (existing?.at === plan.at) return;
        existing?.timer.cancel();
        this.pending.set(key, {
          since,
          at: plan.at,
          timer: this.clock.scheduleAt(plan.at, () => this.queue.addAfter(`pod:${key}`, 0), `${TAINT_EVICTION_ACTOR} evict ${key}`),
        });
    }
  }

  /**
   * The countdown starts when the pod came under the node's NoExecute taints: the earliest taint's
   * timeAdded, or the pod's binding if that came later (a pod scheduled onto a tainted node).
   */
  private countdownStart(pod: Pod, node: Node | undefined, now: number): number {
    const added = noExecuteTaints(node?.spec.taints)
      .map((t) => (t.timeAdded ? parseTimestamp(t.timeAdded) : now))
      .reduce((a, b) => Math.min(a, b), now);
    const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'True')?.lastTransitionTime;
    return Math.min(now, Math.max(added, scheduled ? parseTimestamp(scheduled) : added));
  }

  private cancel(key: string, withEvent: boolean): void {
    const p = this.pending.get(key);
    if (!p) return;
    p.timer.cancel();
    this.pending.delete(key);
    if (!withEvent) return;
    const [namespace, name] = key.split('/') as [string, string];
    const pod = this.store.get('Pod', namespace, name);
    if (pod) this.events.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  /** addConditionAndDeletePod: a DisruptionTarget condition says why, then an ordinary graceful delete. */
  private evict(pod: Pod): void {
    const ref = { kind: 'Pod' as const, namespace: pod.metadata.namespace!, name: pod.metadata.name! };
    const key = `${ref.namespace}/${ref.name}`;
    const opts = { actor: TAINT_EVICTION_ACTOR, reason: 'NoExecute taint' };
    this.events.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    try {
      const now = formatTimestamp(this.clock.now());
      this.store.updateStatus(ref, (draft) => {
        const status = (draft.status ??= {});
        const conditions = (status.conditions ??= []);
        if (conditions.some((c) => c.type === 'DisruptionTarget' && c.status === 'True')) return;
        conditions.push({
          type: 'DisruptionTarget',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: now,
          reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint',
        });
      }, opts);
      this.store.delete(ref, { ...opts, preconditions: { uid: pod.metadata.uid! } });
    } catch (e) {
      if (!isStatusError(e)) throw e;
    }
  }
}
