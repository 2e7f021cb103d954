/**
 * A small world for Deployment tests: Store + Clock + ReplicaSetController + DeploymentController +
 * a fake kubelet. The fake kubelet binds every new pod to `node-1`, makes it Running and Ready
 * `readyAfter` ms later (never, for an image in `neverReady`), and confirms a terminating pod's deletion
 * `terminateAfter` ms after it was asked to stop. It writes only through the store, like a real one.
 */
import { formatTimestamp } from '../../../src/api/meta.js';
import type { Pod } from '../../../src/api/pod.js';
import { isPodActive, isPodReady } from '../../../src/api/podutil.js';
import type { ReplicaSet } from '../../../src/api/replicaset.js';
import { DeploymentController } from '../../../src/controllers/deployment/index.js';
import { ReplicaSetController } from '../../../src/controllers/replicaset/index.js';
import { Rng } from '../../../src/sim/rng.js';
import type { Store } from '../../../src/store/store.js';
import type { Clock } from '../../../src/sim/clock.js';
import { newStore } from '../../store/helpers.js';

export interface KubeletOptions {
  readyAfter?: number;
  terminateAfter?: number;
  neverReady?: readonly string[];
}

export class FakeKubelet {
  private readonly pending = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly opts: KubeletOptions,
  ) {}

  start(): void {
    this.store.watch('Pod', {}, (e) => {
      if (e.type === 'DELETED') return;
      this.sync(e.object);
    });
  }

  private sync(pod: Pod): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const ref = { kind: 'Pod' as const, namespace: pod.metadata.namespace!, name: pod.metadata.name! };
    const opts = { actor: 'kubelet/node-1', reason: 'fake kubelet' };
    if (pod.metadata.deletionTimestamp) {
      if (this.pending.has(`del ${key}`)) return;
      this.pending.add(`del ${key}`);
      this.clock.schedule(this.opts.terminateAfter ?? 1000, () => {
        if (this.store.get('Pod', ref.namespace, ref.name)?.metadata.uid === pod.metadata.uid) this.store.delete(ref, { ...opts, gracePeriodSeconds: 0 });
      }, `fake kubelet stops ${key}`);
      return;
    }
    if (!pod.spec.nodeName) {
      this.store.bind(ref, 'node-1', opts);
      return;
    }
    if (pod.status?.phase === 'Running' || this.pending.has(`run ${key}`)) return;
    this.pending.add(`run ${key}`);
    const image = pod.spec.containers[0]?.image ?? '';
    const ready = !(this.opts.neverReady ?? []).includes(image);
    this.clock.schedule(this.opts.readyAfter ?? 1000, () => {
      const cur = this.store.get('Pod', ref.namespace, ref.name);
      if (!cur || cur.metadata.uid !== pod.metadata.uid || cur.metadata.deletionTimestamp) return;
      const now = formatTimestamp(this.clock.now());
      this.store.updateStatus(ref, (d) => {
        d.status = {
          ...d.status,
          phase: 'Running',
          conditions: [
            ...(d.status?.conditions ?? []).filter((c) => c.type === 'PodScheduled'),
            { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now },
          ],
        };
      }, opts);
    }, `fake kubelet starts ${key}`);
  }
}

export function deploymentManifest(name: string, replicas: number, image: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment' as const,
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      ...spec,
    },
  };
}

export function world(opts: KubeletOptions & { seed?: number } = {}) {
  const seed = opts.seed ?? 1;
  const { store, clock } = newStore(seed);
  const rng = new Rng(seed);
  new ReplicaSetController({ store, clock, rng: rng.fork('replicaset-controller') }).start();
  const controller = new DeploymentController({ store, clock, rng: rng.fork('deployment-controller') });
  controller.start();
  new FakeKubelet(store, clock, opts).start();
  const get = (name = 'web') => store.mustGet('Deployment', 'default', name);
  const replicaSets = (name = 'web'): ReplicaSet[] =>
    store.ownedBy(get(name).metadata.uid!).filter((o): o is ReplicaSet => o.kind === 'ReplicaSet');
  const newRS = (name = 'web') => replicaSets(name).find((rs) => rs.spec.template.spec.containers[0]?.image === get(name).spec.template.spec.containers[0]?.image);
  const pods = (name = 'web') => store.items('Pod', { labelSelector: `app=${name}` });
  const activePods = (name = 'web') => pods(name).filter(isPodActive);
  const readyPods = (name = 'web') => activePods(name).filter(isPodReady);
  const setImage = (image: string, name = 'web') =>
    store.update({ kind: 'Deployment', name }, (d) => void (d.spec.template.spec.containers[0]!.image = image));
  const scale = (replicas: number, name = 'web') => store.update({ kind: 'Deployment', name }, (d) => void (d.spec.replicas = replicas));
  const setPaused = (paused: boolean, name = 'web') => store.update({ kind: 'Deployment', name }, (d) => void (d.spec.paused = paused));
  const condition = (type: string, name = 'web') => get(name).status?.conditions?.find((c) => c.type === type);
  const events = () => store.items('Event').filter((e) => e.source?.component === 'deployment-controller').map((e) => e.message);
  return { store, clock, controller, get, replicaSets, newRS, pods, activePods, readyPods, setImage, scale, setPaused, condition, events };
}

/** Records each distinct (new ReplicaSet size, old ReplicaSets' total size) as the rollout goes. */
export function recordSizes(w: ReturnType<typeof world>, name = 'web'): Array<[number, number]> {
  const seen: Array<[number, number]> = [];
  w.store.watch('ReplicaSet', { resourceVersion: w.store.resourceVersion }, () => {
    const d = w.store.get('Deployment', 'default', name);
    if (!d) return;
    const image = d.spec.template.spec.containers[0]?.image;
    let fresh = 0;
    let old = 0;
    for (const rs of w.store.ownedBy(d.metadata.uid!)) {
      if (rs.kind !== 'ReplicaSet') continue;
      const r = rs as ReplicaSet;
      if (r.spec.template.spec.containers[0]?.image === image) fresh += r.spec.replicas;
      else old += r.spec.replicas;
    }
    const last = seen[seen.length - 1];
    if (!last || last[0] !== fresh || last[1] !== old) seen.push([fresh, old]);
  });
  return seen;
}
