/**
 * A one-node world for the pod workers' tests: a Store, a Clock at 2024-01-01T00:00:00Z, a real Kubelet
 * whose workers are PodWorkers with the given image model, and functions to place pods and read what the
 * kubelet reported.
 */
import { formatTimestamp } from '../../../src/api/meta.js';
import type { Pod } from '../../../src/api/pod.js';
import { Kubelet } from '../../../src/node/kubelet.js';
import { ImageModel } from '../../../src/node/pods/images.js';
import { PodWorkers } from '../../../src/node/pods/worker.js';
import { Clock } from '../../../src/sim/clock.js';
import { Rng } from '../../../src/sim/rng.js';
import { Store } from '../../../src/store/store.js';

export type PodSpecInput = Record<string, unknown> & { containers: Record<string, unknown>[] };

export function world(images: unknown = {}, seed = 7) {
  const clock = new Clock();
  const rng = new Rng(seed);
  const store = new Store({ clock, rng: rng.fork('apiserver') });
  const model = new ImageModel(images);
  const made: PodWorkers[] = [];
  const kubelet = new Kubelet({
    store,
    clock,
    rng: rng.fork('kubelet'),
    node: { name: 'node-1' },
    index: 0,
    workers: (deps) => {
      const w = new PodWorkers({ ...deps, images: model });
      made.push(w);
      return w;
    },
  });
  kubelet.start();
  const t0 = clock.now();

  const w = {
    clock,
    store,
    kubelet,
    t0,
    /** The current boot's workers. */
    get workers(): PodWorkers {
      return made[made.length - 1]!;
    },
    /** Seconds since the world began. */
    elapsed: () => (clock.now() - t0) / 1000,
    /** Moves the clock to `s` seconds after the world began. */
    at(s: number) {
      clock.advance(t0 + s * 1000 - clock.now());
    },
    /** `2024-01-01T00:00:07Z` for 7. */
    time: (s: number) => formatTimestamp(t0 + s * 1000),
    /** Creates a pod and binds it to node-1. */
    run(name: string, spec: PodSpecInput, metadata: Record<string, unknown> = {}): Pod {
      store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...metadata }, spec }, { actor: 'test' });
      return store.bind({ namespace: 'default', name }, 'node-1', { actor: 'test' });
    },
    pod: (name: string) => store.get('Pod', 'default', name),
    status(name: string, container = 0) {
      return store.mustGet('Pod', 'default', name).status!.containerStatuses![container]!;
    },
    condition(name: string, type: string) {
      return store.mustGet('Pod', 'default', name).status!.conditions!.find((c) => c.type === type);
    },
    /** The pod's events, oldest first: `reason: message (xN)`. */
    events(name: string): string[] {
      const evs = store.list('Event', { namespace: 'default' }).items.filter((e) => (e as { involvedObject: { name: string } }).involvedObject.name === name) as unknown as {
        reason: string;
        message: string;
        count: number;
        firstTimestamp: string;
      }[];
      return evs
        .sort((a, b) => a.firstTimestamp.localeCompare(b.firstTimestamp))
        .map((e) => `${e.reason}: ${e.message}${e.count > 1 ? ` (x${e.count})` : ''}`);
    },
  };
  return w;
}

/** A container running `image` with the given extras. */
export function container(image: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'app', image, ...extra };
}
