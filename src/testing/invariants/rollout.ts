/**
 * The rollout invariants: the surge bound, the availability bound, revision monotonicity and eventual
 * convergence — what Kubernetes' deployment controller promises (pkg/controller/deployment/rolling.go,
 * util/deployment_util.go). Each change costs O(pods of the one Deployment it touches).
 */
import type { Deployment } from '../../api/deployment.js';
import type { KubeObject } from '../../api/meta.js';
import type { Pod } from '../../api/pod.js';
import { isPodActive, isPodAvailable, isPodReady } from '../../api/podutil.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import { REVISION } from '../../controllers/deployment/util/revision.js';
import type { Timer } from '../../sim/clock.js';
import type { WatchEvent } from '../../store/types.js';
import type { CheckContext, Invariant } from '../invariants.js';
import { canBecomeAvailable, type ImageBehaviour } from '../model.js';
import { FAULTS } from './faults.js';
import { activePods, availabilityFloor, deploymentOfPod, deploymentOfReplicaSet, podsOf, replicaSetsOf, settled, surgeLimit } from './family.js';

const key = (d: Deployment) => `${d.metadata.namespace}/${d.metadata.name}`;

/** The Deployment a Pod or Deployment event is about. */
function subject(ctx: CheckContext, kind: string, e: WatchEvent<KubeObject>): Deployment | undefined {
  if (e.type === 'DELETED') return undefined;
  if (kind === 'Deployment') return e.object as Deployment;
  return deploymentOfPod(ctx.store, e.object as Pod);
}

/** How long the pods may exceed what the ReplicaSets ask for: the ReplicaSet controller's reaction (5 ms), with room. */
export const REPLICASET_LAG_MS = 1000;

export const surgeBound: Invariant = {
  name: 'surge-bound',
  description:
    'A Deployment never asks its ReplicaSets for more than replicas + maxSurge pods (Recreate: replicas), and ' +
    `never runs more pods than that — neither terminating nor finished — for longer than ${REPLICASET_LAG_MS} ms: ` +
    'the ReplicaSets create and delete pods a reaction time after they are resized, so a new ReplicaSet may ' +
    'create its pods an instant before an old one deletes its surplus, in Kubernetes as here. While the spec ' +
    'changes (a scale, a new maxSurge) the largest bound of any spec since the rollout last settled applies, ' +
    'because the controller scales proportionally from where it was. Terminating pods do not count: ' +
    'Kubernetes does not wait for them before replacing them.',
  kinds: ['Deployment', 'ReplicaSet', 'Pod'],
  create(ctx) {
    const allowed = new Map<string, { generation: number | undefined; limit: number }>();
    const pending = new Map<string, Timer>();
    const podsOver = (d: Deployment) => {
      const bound = allowed.get(d.metadata.uid!)!.limit;
      const running = activePods(podsOf(ctx.store, d));
      return running.length > bound ? `deployment ${key(d)} runs ${running.length} pods, more than replicas ${d.spec.replicas} + maxSurge = ${bound}, for over ${REPLICASET_LAG_MS} ms: ${running.map((p) => p.metadata.name).sort().join(', ')}` : undefined;
    };
    return {
      onChange(kind, e) {
        const d = kind === 'ReplicaSet' ? (e.type === 'DELETED' ? undefined : deploymentOfReplicaSet(ctx.store, e.object as ReplicaSet)) : subject(ctx, kind, e);
        if (!d) return;
        const uid = d.metadata.uid!;
        const limit = surgeLimit(d);
        const seen = allowed.get(uid);
        let bound = seen?.limit ?? limit;
        if (settled(d)) bound = limit;
        else if (seen && seen.generation !== d.metadata.generation) bound = Math.max(bound, limit);
        allowed.set(uid, { generation: d.metadata.generation, limit: bound });
        const asked = replicaSetsOf(ctx.store, d).reduce((n, rs) => n + rs.spec.replicas, 0);
        if (asked > bound) ctx.fail(`deployment ${key(d)} asks its ReplicaSets for ${asked} pods, more than replicas ${d.spec.replicas} + maxSurge = ${bound}`);
        if (pending.has(uid) || !podsOver(d)) return;
        pending.set(uid, ctx.after(REPLICASET_LAG_MS, () => {
          pending.delete(uid);
          const now = ctx.store.get('Deployment', d.metadata.namespace, d.metadata.name!);
          const why = now && now.metadata.uid === uid ? podsOver(now) : undefined;
          if (why) ctx.fail(why);
        }));
      },
    };
  },
};

/**
 * Kubernetes marks a pod that taint eviction, pod GC or a preemption is about to remove with the
 * DisruptionTarget condition: those removals are involuntary, whoever started them.
 */
const disruptionTarget = (pod: Pod): boolean => pod.status?.conditions?.some((c) => c.type === 'DisruptionTarget' && c.status === 'True') ?? false;

/** Whether the change to a Deployment moves its availability floor (not just its template). */
function floorMoved(prev: Deployment, d: Deployment): boolean {
  return prev.spec.replicas !== d.spec.replicas || prev.spec.minReadySeconds !== d.spec.minReadySeconds || JSON.stringify(prev.spec.strategy) !== JSON.stringify(d.spec.strategy);
}

export const availabilityBound: Invariant = {
  name: 'availability-bound',
  description:
    'Once all replicas of a RollingUpdate Deployment are available, at least replicas − maxUnavailable of its pods ' +
    'stay available (Ready for minReadySeconds, not terminating), whatever its template becomes. The bound is ' +
    'suspended by involuntary disruptions — a node fault, a pod deleted or drained by the test, a pod marked ' +
    'DisruptionTarget (taint eviction, pod GC), an app that stops being Ready by itself — by a change of replicas, minReadySeconds or strategy, and by a ' +
    'new template while a rollout is still under way (the ReplicaSet chooses which pods to remove, and may ' +
    'choose an available one); it holds again ' +
    'once the rollout is complete: every replica updated and available, the generation observed. Recreate has no such bound.',
  kinds: ['Deployment', 'Pod'],
  create(ctx) {
    const armed = new Map<string, boolean>();
    const disarmAll = () => {
      for (const uid of armed.keys()) armed.set(uid, false);
    };
    return {
      onAction(note) {
        if (note.phase === 'start' && FAULTS.has(note.action.type)) disarmAll();
      },
      onChange(kind, e) {
        const d = kind === 'Pod' && e.type === 'DELETED' ? deploymentOfPod(ctx.store, e.object as Pod) : subject(ctx, kind, e);
        if (!d || d.spec.strategy.type !== 'RollingUpdate') return;
        const uid = d.metadata.uid!;
        // A graceful deletion (the ReplicaSet's) marks the pod terminating first; a pod that vanishes
        // while still active was force-deleted (pod GC, a test's --force): involuntary.
        if (kind === 'Pod' && e.type === 'DELETED' && isPodActive(e.object as Pod)) armed.set(uid, false);
        if (kind === 'Deployment' && e.previous && floorMoved(e.previous as Deployment, d)) armed.set(uid, false);
        // A new template while a rollout is still under way (a rollout reversed or replaced mid-way):
        // the controller removes the abandoned ReplicaSet's unavailable pods by count, and the
        // ReplicaSet picks which by its own ranking — doubled-up pods before younger ones — so it may
        // take an available pod instead. Kubernetes promises nothing here; neither does this bound.
        if (kind === 'Deployment' && e.previous && e.previous.metadata.generation !== d.metadata.generation && !settled(e.previous as Deployment)) armed.set(uid, false);
        if (kind === 'Pod' && e.previous) {
          const before = e.previous as Pod;
          const now = e.object as Pod;
          if (isPodActive(now) && isPodReady(before) && !isPodReady(now)) armed.set(uid, false);
          if (disruptionTarget(now)) armed.set(uid, false);
        }
        const available = podsOf(ctx.store, d).filter((p) => isPodActive(p) && isPodAvailable(p, d.spec.minReadySeconds, ctx.clock.now())).length;
        if (!armed.get(uid)) {
          // Re-armed only once the rollout of the current spec is complete and seen: until then the
          // controller may act on ReplicaSet status from before the change (a scale-down and a new
          // template in one apply can take every old pod at once).
          const current = ctx.store.get('Deployment', d.metadata.namespace, d.metadata.name!);
          armed.set(uid, available >= d.spec.replicas && current !== undefined && settled(current));
          return;
        }
        const floor = availabilityFloor(d);
        if (available < floor) ctx.fail(`deployment ${key(d)} has ${available} available pods, fewer than replicas ${d.spec.replicas} − maxUnavailable = ${floor}`);
      },
    };
  },
};

const revisionOf = (o: KubeObject): number | undefined => {
  const v = o.metadata.annotations?.[REVISION];
  return v === undefined ? undefined : Number(v);
};

export const revisionMonotonicity: Invariant = {
  name: 'revision-monotonicity',
  description:
    "A Deployment's revision annotation never decreases, nor does a ReplicaSet's, and no two ReplicaSets of one " +
    'Deployment hold the same revision: a rollback gives the old ReplicaSet a new, higher number rather than ' +
    'reviving the old one, which is what makes `rollout history` a history.',
  kinds: ['Deployment', 'ReplicaSet'],
  create(ctx) {
    const last = new Map<string, number>();
    return {
      onChange(kind, e) {
        if (e.type === 'DELETED') return;
        const o = e.object;
        const rev = revisionOf(o);
        if (rev === undefined) return;
        const before = last.get(o.metadata.uid!);
        if (before !== undefined && rev < before) ctx.fail(`${kind} ${o.metadata.namespace}/${o.metadata.name} went from revision ${before} back to ${rev}`);
        last.set(o.metadata.uid!, rev);
        if (kind !== 'ReplicaSet') return;
        const d = deploymentOfReplicaSet(ctx.store, o as ReplicaSet);
        if (!d) return;
        const twin = replicaSetsOf(ctx.store, d).find((rs) => rs.metadata.uid !== o.metadata.uid && revisionOf(rs) === rev);
        if (twin) ctx.fail(`ReplicaSets ${o.metadata.name} and ${twin.metadata.name} of deployment ${key(d)} both hold revision ${rev}`);
      },
    };
  },
};

/** How long after the last fault is healed a Deployment of a healthy image must have converged. */
export const CONVERGENCE_BOUND_MS = 5 * 60_000;

/** Why `d` has not converged, or undefined when it has. */
export function notConverged(ctx: CheckContext, d: Deployment): string | undefined {
  if (d.spec.paused) return 'it is paused';
  if (!settled(d)) {
    const s = d.status ?? {};
    return `status says replicas ${s.replicas ?? 0}, updated ${s.updatedReplicas ?? 0}, available ${s.availableReplicas ?? 0} of ${d.spec.replicas} (generation ${d.metadata.generation}, observed ${s.observedGeneration ?? '-'})`;
  }
  const active = replicaSetsOf(ctx.store, d).filter((rs) => rs.spec.replicas > 0);
  if (d.spec.replicas > 0 && active.length !== 1) return `${active.length} ReplicaSets still have replicas: ${active.map((rs) => rs.metadata.name).join(', ')}`;
  const image = d.spec.template.spec.containers[0]?.image;
  if (active[0] && active[0].spec.template.spec.containers[0]?.image !== image) return `the ReplicaSet with replicas, ${active[0].metadata.name}, does not run ${image}`;
  const pods = activePods(podsOf(ctx.store, d));
  const available = pods.filter((p) => isPodAvailable(p, d.spec.minReadySeconds, ctx.clock.now())).length;
  if (pods.length !== d.spec.replicas || available !== d.spec.replicas) return `${pods.length} pods run, ${available} available, of ${d.spec.replicas}`;
  return undefined;
}

/**
 * A liveness probe that fails before the app warms up restarts it forever: with no initialDelaySeconds,
 * period 5 s and failureThreshold 2, an app that needs 24 s is killed at about 10 s, every time.
 */
export function killedBeforeReady(d: Deployment, b: ImageBehaviour | undefined): boolean {
  const probe = d.spec.template.spec.containers[0]?.livenessProbe;
  if (!probe || !b || !('readyAfter' in b)) return false;
  const budget = (probe.initialDelaySeconds ?? 0) + (probe.periodSeconds ?? 10) * (probe.failureThreshold ?? 3);
  return b.readyAfter >= budget - (probe.periodSeconds ?? 10);
}

export const convergence: Invariant = {
  name: 'eventual-convergence',
  description:
    'Once every fault is healed (nodes recovered and reconnected, uncordoned, the rollout resumed), a Deployment ' +
    'whose image can serve converges within 5 minutes of simulated time: one ReplicaSet with replicas, running ' +
    'the current template, and every replica updated and available. Deployments of images that never become ' +
    'Ready, crash, flap, or warm up slower than their liveness probe allows are exempt: they cannot converge, and Kubernetes reports that with ProgressDeadlineExceeded.',
  kinds: [],
  create(ctx) {
    return {
      atEnd() {
        if (!ctx.store.items('Node').some((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))) return;
        for (const d of ctx.store.items('Deployment')) {
          const image = d.spec.template.spec.containers[0]?.image;
          if (!image || !canBecomeAvailable(ctx.image(image)) || killedBeforeReady(d, ctx.image(image))) continue;
          const why = notConverged(ctx, d);
          if (why) ctx.fail(`deployment ${key(d)} has not converged ${CONVERGENCE_BOUND_MS / 60_000} min after the last fault healed: ${why}`);
        }
      },
    };
  },
};
