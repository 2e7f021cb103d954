/** Store + Clock + EndpointSliceController, and readers for what the slices say. */
import type { EndpointSlice } from '../../../src/api/endpointslice.js';
import { EndpointSliceController } from '../../../src/controllers/endpointslice/index.js';
import type { Store } from '../../../src/store/store.js';
import { addNode, newCluster } from '../../network/harness.js';

export function sliceCluster(seed = 1) {
  const c = newCluster(seed);
  addNode(c.store, 'node-1', 'zone-a');
  addNode(c.store, 'node-2');
  const controller = new EndpointSliceController({ store: c.store, clock: c.clock, rng: c.rng.fork('eps') });
  controller.start();
  return { ...c, controller };
}

export function slicesOf(store: Store, service: string, namespace = 'default'): EndpointSlice[] {
  return store.items('EndpointSlice', { namespace, labelSelector: `kubernetes.io/service-name=${service}` });
}

/** Pod name → how many times it appears across the Service's slices. */
export function appearances(store: Store, service: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of slicesOf(store, service)) for (const ep of s.endpoints) out.set(ep.targetRef!.name!, (out.get(ep.targetRef!.name!) ?? 0) + 1);
  return out;
}
