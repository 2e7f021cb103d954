/**
 * The cluster-wide invariants: EndpointSlices only publish Ready pods, no pod outlives its node, owner
 * references resolve, resourceVersions only grow, and a crashing container waits out the kubelet's
 * back-off. Those that allow a lag arm one timer per suspect object on the simulated clock and look
 * again when the lag is over, so a quiet cluster is still checked. Cost per change: O(endpoints of the
 * slice) or O(owner references) — never a scan of the store.
 */
import type { EndpointSlice } from '../../api/endpointslice.js';
import { parseTimestamp, type KubeObject } from '../../api/meta.js';
import type { Pod } from '../../api/pod.js';
import { isPodReady, isPodTerminating } from '../../api/podutil.js';
import { POD_GC_QUARANTINE_MS } from '../../controllers/podgc/index.js';
import { identityOf, lookupIdentity, ownerIdentity } from '../../controllers/garbagecollector/index.js';
import type { Timer } from '../../sim/clock.js';
import type { CheckContext, Invariant } from '../invariants.js';

/** How long an EndpointSlice may still call a pod ready after it stopped being so: 200 × the controller's 5 ms reaction. */
export const ENDPOINT_LAG_MS = 1000;
/** How long a pod may stay bound to a deleted Node: pod GC's 40 s quarantine plus 20 s for it to act. */
export const POD_GC_BOUND_MS = POD_GC_QUARANTINE_MS + 20_000;
/** How long a dependent may name an owner that is gone: the garbage collector acts within 5 ms; allow 10 s. */
export const GC_BOUND_MS = 10_000;

/** Timers keyed by object, re-armed or dropped as the suspect changes. */
class Suspects {
  private readonly timers = new Map<string, Timer>();
  constructor(private readonly ctx: CheckContext) {}
  /** Look again `ms` from now, unless a look is already due. */
  watch(key: string, ms: number, check: () => void): void {
    if (this.timers.has(key)) return;
    this.timers.set(key, this.ctx.after(ms, () => {
      this.timers.delete(key);
      check();
    }));
  }
  clear(key: string): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }
}

const podBad = (pod: Pod | undefined): string | undefined =>
  !pod ? 'is gone' : isPodTerminating(pod) ? 'is terminating' : !isPodReady(pod) ? 'is not Ready' : undefined;

export const endpointsReady: Invariant = {
  name: 'endpoints-ready',
  description:
    "An EndpointSlice endpoint marked ready names a pod that exists, is Ready and is not terminating — " +
    `allowing ${ENDPOINT_LAG_MS} ms after the pod changed for the EndpointSlice controller to catch up ` +
    "(its reaction time is 5 ms). This is what keeps traffic off pods that are warming up or shutting down; " +
    'the `serving` condition, not `ready`, is what keeps a terminating pod reachable.',
  kinds: ['EndpointSlice', 'Pod'],
  create(ctx) {
    const suspects = new Suspects(ctx);
    /** pod uid → the slices (namespace/name) that call it ready. */
    const readyIn = new Map<string, Set<string>>();
    /** pod uid → when it stopped being Ready (or was created not Ready). */
    const badSince = new Map<string, number>();
    /** pod uid → its stored version, as the watch has delivered it. */
    const pods = new Map<string, Pod>();
    const podByUid = (uid: string) => pods.get(uid);
    const check = (uid: string) => {
      const slices = readyIn.get(uid);
      const pod = podByUid(uid);
      const why = podBad(pod);
      if (!slices || slices.size === 0 || !why) return suspects.clear(uid);
      const since = badSince.get(uid) ?? ctx.clock.now();
      const late = ctx.clock.now() - since - ENDPOINT_LAG_MS;
      if (late > 0) ctx.fail(`EndpointSlice ${[...slices].join(', ')} calls pod ${pod?.metadata.name ?? uid} ready, but it ${why} since ${ctx.clock.now() - since} ms`);
      else suspects.watch(uid, -late + 1, () => check(uid));
    };
    return {
      onChange(kind, e) {
        if (kind === 'Pod') {
          const pod = e.object as Pod;
          const uid = pod.metadata.uid!;
          if (e.type === 'DELETED') pods.delete(uid);
          else pods.set(uid, pod);
          if (e.type === 'DELETED' || podBad(pod)) {
            if (!badSince.has(uid)) badSince.set(uid, ctx.clock.now());
          } else badSince.delete(uid);
          check(uid);
          if (e.type === 'DELETED' && !readyIn.has(uid)) badSince.delete(uid);
          return;
        }
        const slice = e.object as EndpointSlice;
        const name = `${slice.metadata.namespace}/${slice.metadata.name}`;
        const touched = new Set<string>();
        for (const ep of (e.previous as EndpointSlice | undefined)?.endpoints ?? []) if (ep.targetRef?.uid) touched.add(ep.targetRef.uid);
        for (const set of readyIn.values()) set.delete(name);
        if (e.type !== 'DELETED') {
          for (const ep of slice.endpoints ?? []) {
            const uid = ep.targetRef?.kind === 'Pod' ? ep.targetRef.uid : undefined;
            if (!uid || ep.conditions?.ready !== true) continue;
            touched.add(uid);
            let set = readyIn.get(uid);
            if (!set) readyIn.set(uid, (set = new Set()));
            set.add(name);
          }
        }
        for (const uid of touched) check(uid);
      },
    };
  },
};

export const noPodOnMissingNode: Invariant = {
  name: 'no-pod-on-missing-node',
  description:
    `No pod stays bound to a Node that no longer exists for more than ${POD_GC_BOUND_MS / 1000} s: pod GC ` +
    'force-deletes such pods after its 40 s quarantine, since no kubelet will ever confirm their deletion.',
  kinds: ['Node', 'Pod'],
  create(ctx) {
    const suspects = new Suspects(ctx);
    const look = (node: string) => {
      if (ctx.store.get('Node', undefined, node)) return;
      const left = ctx.store.podsOnNode(node);
      if (left.length > 0) ctx.fail(`${left.length} pods are still bound to node ${node}, deleted over ${POD_GC_BOUND_MS / 1000} s ago: ${left.map((p) => p.metadata.name).join(', ')}`);
    };
    return {
      onChange(kind, e) {
        const node = kind === 'Node' ? e.object.metadata.name! : (e.object as Pod).spec.nodeName;
        if (!node || e.type === 'DELETED' && kind === 'Pod') return;
        if (ctx.store.get('Node', undefined, node)) return suspects.clear(node);
        suspects.watch(node, POD_GC_BOUND_MS, () => look(node));
      },
    };
  },
};

export const ownerReferencesResolve: Invariant = {
  name: 'owner-references-resolve',
  description:
    `Every owner a Pod or ReplicaSet names exists, or the object is gone within ${GC_BOUND_MS / 1000} s of its owner: ` +
    'the garbage collector deletes dependents whose owners are gone (background propagation).',
  kinds: ['Deployment', 'ReplicaSet', 'Pod'],
  create(ctx) {
    const suspects = new Suspects(ctx);
    // Owners as the garbage collector finds them; a reference it cannot resolve is never gone.
    const goneOwners = (o: KubeObject) =>
      (o.metadata.ownerReferences ?? []).filter((r) => {
        const owner = ownerIdentity(ctx.store, r, o.metadata.namespace);
        return owner !== undefined && !lookupIdentity(ctx.store, owner);
      });
    const look = (then: KubeObject) => {
      const o = lookupIdentity(ctx.store, identityOf(then));
      if (!o) return;
      const gone = goneOwners(o);
      if (gone.length > 0) ctx.fail(`${o.kind} ${o.metadata.namespace}/${o.metadata.name} still names ${gone.map((r) => `${r.kind} ${r.name}`).join(', ')}, gone for over ${GC_BOUND_MS / 1000} s`);
    };
    const consider = (o: KubeObject) => {
      if (goneOwners(o).length > 0) suspects.watch(o.metadata.uid!, GC_BOUND_MS, () => look(o));
    };
    return {
      onChange(_kind, e) {
        if (e.type !== 'DELETED') return consider(e.object);
        for (const dependent of ctx.store.ownedBy(e.object.metadata.uid!)) consider(dependent);
      },
    };
  },
};

export const resourceVersionsIncrease: Invariant = {
  name: 'resource-versions-increase',
  description:
    'Every change a watch delivers carries a larger resourceVersion than the one before it, and a modified ' +
    "object's resourceVersion is larger than its previous version's: watches resume from a resourceVersion, " +
    'so a step backwards would make clients miss or repeat changes.',
  kinds: ['Deployment', 'ReplicaSet', 'Pod', 'Node', 'EndpointSlice'],
  create(ctx) {
    const last = new Map<string, number>();
    return {
      onChange(kind, e) {
        const rv = Number(e.object.metadata.resourceVersion);
        const before = last.get(kind) ?? 0;
        if (!(rv > before)) ctx.fail(`a ${kind} watch delivered resourceVersion ${rv} after ${before}`);
        last.set(kind, rv);
        const prev = e.previous ? Number(e.previous.metadata.resourceVersion) : undefined;
        if (prev !== undefined && e.type === 'MODIFIED' && !(rv > prev)) ctx.fail(`${kind} ${e.object.metadata.name} changed from resourceVersion ${prev} to ${rv}`);
      },
    };
  },
};

/** The kubelet's first back-off step (pkg/kubelet: 10 s, doubling to 5 min). */
const BACKOFF_MS = 10_000;

export const restartBackOff: Invariant = {
  name: 'restart-back-off',
  description:
    'After its second exit since the kubelet started, a crashing container waits at least 10 s before it starts ' +
    'again (CrashLoopBackOff: 10 s, doubling to 5 min). The first restart is immediate; the back-off lives in ' +
    "the kubelet's memory, so a rebooted node starts counting again; and a container that ran for minutes " +
    'before exiting may start over at once: the check applies when the last run lasted under 5 minutes.',
  kinds: ['Pod'],
  create(ctx) {
    /** node → how many times the test rebooted it. */
    const boots = new Map<string, number>();
    /** pod uid/container → restarts seen since its node's last boot. */
    const seen = new Map<string, { boot: number; count: number; since: number }>();
    return {
      onAction(note) {
        if (note.phase === 'end' && note.action.type === 'recoverNode' && note.node) boots.set(note.node, (boots.get(note.node) ?? 0) + 1);
      },
      onChange(_kind, e) {
        if (e.type === 'DELETED') return;
        const pod = e.object as Pod;
        const node = pod.spec.nodeName ?? '';
        for (const c of pod.status?.containerStatuses ?? []) {
          const k = `${pod.metadata.uid}/${c.name}`;
          const boot = boots.get(node) ?? 0;
          const count = c.restartCount ?? 0;
          let s = seen.get(k);
          if (!s || s.boot !== boot) seen.set(k, (s = { boot, count, since: 0 }));
          if (count > s.count) {
            s.since += count - s.count;
            s.count = count;
          } else continue;
          const started = c.state?.running?.startedAt;
          const last = c.lastState?.terminated;
          if (s.since < 2 || !started || !last?.startedAt || !last.finishedAt) continue;
          const ran = parseTimestamp(last.finishedAt) - parseTimestamp(last.startedAt);
          const waited = parseTimestamp(started) - parseTimestamp(last.finishedAt);
          if (ran < 5 * 60_000 && waited < BACKOFF_MS) {
            ctx.fail(`container ${c.name} of pod ${pod.metadata.name} started again ${waited / 1000} s after its exit (restart ${count}); the back-off is at least ${BACKOFF_MS / 1000} s`);
          }
        }
      },
    };
  },
};
