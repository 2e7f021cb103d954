/**
 * A kind's registry strategy: what the API server's REST storage for that kind does around the generic
 * store, beyond admission. Kubernetes' Service storage is the reason this exists: it allocates cluster IPs
 * and node ports on create (beginCreate), carries them over and allocates or releases on update
 * (beginUpdate), and releases them after delete (afterDelete). Guarantees the store gives a strategy:
 * - `prepareForUpdate` runs before admission, on the client's object, and must return a new object;
 * - `beforeCreate`/`beforeUpdate` run after admission and before anything commits; they may change the
 *   admitted object's top and metadata — on an update, every part below that is the same as the stored
 *   version's, or equal to it, is that version's frozen object, so a strategy copies what it changes
 *   (the Service registry copies the spec and its ports) — and may throw a StatusError, which the client
 *   sees as it is, with the store unchanged — a strategy that reserved something must undo it before throwing;
 * - `afterDelete` runs once, when the object leaves the store (at once, or after its finalizers);
 * - with `dryRun` the strategy must check without reserving anything.
 * A kind without a strategy costs the store one map lookup per write.
 */
import type { KubeObject } from '../api/meta.js';

export interface RegistryStrategy<T extends KubeObject = KubeObject> {
  prepareForUpdate?(input: KubeObject, old: T): KubeObject;
  beforeCreate?(obj: T, opts: { dryRun: boolean }): void;
  beforeUpdate?(obj: T, old: T, opts: { dryRun: boolean }): void;
  afterDelete?(obj: T): void;
}

/** Strategies by kind: `{ Service: serviceRegistry(...) }`. */
export type RegistryStrategies = Readonly<Record<string, RegistryStrategy<any>>>;
