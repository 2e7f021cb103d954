/**
 * What the API server's generic registry does to an object before it is stored, as pure functions of the
 * old object, the request and the time: system metadata set on create and kept on update, the status
 * subresource split, generation bumps on spec changes, and the decision of what a delete does (mark the
 * object terminating, or remove it). The store calls these, then commits; nothing here writes.
 */
import { admit, admitStatus } from '../api/admit.js';
import { badRequest } from '../api/errors.js';
import type { KindDef } from '../api/kind.js';
import { formatTimestamp, type KubeObject, type ObjectMeta } from '../api/meta.js';
import { deepEqual } from './equal.js';
import type { DeleteOptions } from './types.js';

/** Fields only the API server may set; a client's values for them are ignored, as the registry does. */
const SYSTEM_FIELDS = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
] as const satisfies readonly (keyof ObjectMeta)[];

function withoutSystemFields(meta: ObjectMeta): ObjectMeta {
  const out: ObjectMeta = { ...meta };
  for (const f of SYSTEM_FIELDS) delete out[f];
  return out;
}

/**
 * A new object from a client's manifest: admitted (decoded, defaulted, validated) with the identity the
 * API server gives it. `name` must already be resolved (generateName is the store's job: it needs to
 * know which names are free), and `namespace` defaulted for a namespaced kind.
 */
export function prepareCreate<T extends KubeObject>(def: KindDef<T>, input: KubeObject, at: { name: string; namespace: string | undefined }, uid: string, now: number): T {
  // The identity first, in the schema's order: admission then keeps the fields as they are.
  const { name: _name, generateName, namespace: given, ...rest } = withoutSystemFields(input.metadata ?? {});
  const namespace = at.namespace ?? given;
  const metadata: ObjectMeta = {
    name: at.name,
    ...(generateName !== undefined ? { generateName } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...rest,
  };
  const candidate: KubeObject = { ...input, metadata };
  // The status of a kind with a status subresource belongs to its controllers, not to whoever creates it
  // (Nodes excepted: a kubelet registers its node with a status).
  if (def.statusSubresource && def.kind !== 'Node') delete candidate.status;
  if (def.kind === 'Pod') candidate.status = { phase: 'Pending' };
  const obj = admit(def, candidate);
  obj.metadata.uid = uid;
  obj.metadata.creationTimestamp = formatTimestamp(now);
  if (def.generationFromSpec) obj.metadata.generation = 1;
  return obj;
}

/**
 * The next version of `old` from a client's full object (a PUT, or the result of a patch or recipe).
 * Returns `old` itself when nothing would change, so no-op writes are not written.
 */
export function prepareUpdate<T extends KubeObject>(def: KindDef<T>, old: T, input: KubeObject, subresource?: 'status'): T {
  if (input.metadata.name !== undefined && input.metadata.name !== old.metadata.name) {
    throw badRequest(`the name of the object (${input.metadata.name}) does not match the name on the URL (${old.metadata.name})`);
  }
  if (input.metadata.namespace !== undefined && input.metadata.namespace !== old.metadata.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  let obj: T;
  if (subresource === 'status') {
    obj = admitStatus(def, old, input.status);
  } else {
    const candidate: KubeObject = { ...input, metadata: { ...withoutSystemFields(input.metadata), name: old.metadata.name } };
    if (old.metadata.namespace !== undefined) candidate.metadata.namespace = old.metadata.namespace;
    for (const f of SYSTEM_FIELDS) if (old.metadata[f] !== undefined) (candidate.metadata as Record<string, unknown>)[f] = old.metadata[f];
    if (def.statusSubresource) {
      if (old.status === undefined) delete candidate.status;
      else candidate.status = old.status;
    }
    obj = admit(def, candidate, old);
    if (def.generationFromSpec && !deepEqual(obj.spec, old.spec)) {
      obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
  }
  return deepEqual(obj, old) ? old : obj;
}

/** Finalizers that hold an object terminating. A Namespace also waits for its spec.finalizers. */
export function pendingFinalizers(obj: KubeObject): number {
  const own = obj.metadata.finalizers?.length ?? 0;
  if (obj.kind !== 'Namespace') return own;
  return own + ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0);
}

/** True when an update leaves a terminating object nothing to wait for: the registry then removes it. */
export function shouldRemoveAfterUpdate(obj: KubeObject): boolean {
  return (
    obj.metadata.deletionTimestamp !== undefined &&
    pendingFinalizers(obj) === 0 &&
    (obj.metadata.deletionGracePeriodSeconds ?? 0) === 0
  );
}

export type DeletePlan<T> = { action: 'remove' } | { action: 'mark'; object: T } | { action: 'none' };

/**
 * What a delete does (the registry's BeforeDelete and the pod strategy's CheckGracefulDelete): a pod
 * that may be running gets a grace period and stays, Terminating, until its kubelet confirms; an object
 * with finalizers stays until they are removed; anything else is removed now. Deleting again may only
 * shorten a grace period.
 */
export function planDelete<T extends KubeObject>(def: KindDef<T>, obj: T, opts: DeleteOptions, now: number): DeletePlan<T> {
  const finalizers = [...(obj.metadata.finalizers ?? [])];
  if (opts.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
  if (opts.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');

  let grace = 0;
  if (def.kind === 'Pod') grace = podGracePeriod(obj, opts);

  const current = obj.metadata.deletionTimestamp;
  if (current !== undefined) {
    const currentGrace = obj.metadata.deletionGracePeriodSeconds ?? 0;
    const added = finalizers.length !== (obj.metadata.finalizers?.length ?? 0);
    if (grace >= currentGrace && !added) return { action: 'none' };
    grace = Math.min(grace, currentGrace);
  }
  const held = pendingFinalizers({ ...obj, metadata: { ...obj.metadata, finalizers } });
  if (grace === 0 && held === 0) return { action: 'remove' };

  const metadata: ObjectMeta = {
    ...obj.metadata,
    deletionTimestamp: formatTimestamp(now + grace * 1000),
    deletionGracePeriodSeconds: grace,
  };
  if (finalizers.length > 0) metadata.finalizers = finalizers;
  const marked = { ...obj, metadata } as T;
  if (def.kind === 'Namespace') {
    (marked as KubeObject).status = { ...(obj.status as object | undefined), phase: 'Terminating' };
  }
  return { action: 'mark', object: marked };
}

function podGracePeriod(pod: KubeObject, opts: DeleteOptions): number {
  const spec = pod.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  // A pod no kubelet runs, or one that has finished, has nothing to stop: it goes at once.
  if (!spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const requested = opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  // The API server turns a negative grace period into 1 s, keeping 0 as "now".
  return requested < 0 ? 1 : requested;
}
