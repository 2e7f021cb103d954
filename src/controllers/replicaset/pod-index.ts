/**
 * The pods the ReplicaSet controller may claim, kept from its pod watch as an informer's indexer keeps
 * them: each pod under the uid of its controller, or, with no controller, among its namespace's
 * orphans. A reconcile reads the pods of one ReplicaSet and the orphans of its namespace (usually
 * none) straight from here, instead of listing the namespace by label and merging in the owner index:
 * the cost of a claim is the ReplicaSet's own pods, with no sorting and no selector parsing.
 */
import type { Pod } from '../../api/pod.js';
import { controllerOf } from '../../api/podutil.js';
import type { WatchEvent } from '../../store/types.js';

export class PodIndex {
  /** `controller/<uid>` or `orphans/<namespace>` → its pods, by pod uid. Empty groups are dropped. */
  private readonly groups = new Map<string, Map<string, Pod>>();
  /** Pod uid → the key of the group it is filed in. */
  private readonly groupOf = new Map<string, string>();

  observe(e: WatchEvent<Pod>): void {
    const uid = e.object.metadata.uid!;
    const from = this.groupOf.get(uid);
    const ref = e.type === 'DELETED' ? undefined : controllerOf(e.object);
    const to = e.type === 'DELETED' ? undefined : ref ? `controller/${ref.uid}` : `orphans/${e.object.metadata.namespace ?? ''}`;
    if (from !== undefined && from !== to) this.remove(from, uid);
    if (to === undefined) {
      this.groupOf.delete(uid);
      return;
    }
    let group = this.groups.get(to);
    if (!group) this.groups.set(to, (group = new Map()));
    group.set(uid, e.object);
    this.groupOf.set(uid, to);
  }

  /** The pods whose controller is `uid`, as a new array. */
  controlledBy(uid: string): Pod[] {
    return this.list(`controller/${uid}`);
  }

  /** The pods of `namespace` that have no controller, as a new array. */
  orphansIn(namespace: string): Pod[] {
    return this.list(`orphans/${namespace}`);
  }

  private list(key: string): Pod[] {
    const group = this.groups.get(key);
    return group ? Array.from(group.values()) : [];
  }

  private remove(key: string, uid: string): void {
    const group = this.groups.get(key)!;
    group.delete(uid);
    if (group.size === 0) this.groups.delete(key);
  }
}
