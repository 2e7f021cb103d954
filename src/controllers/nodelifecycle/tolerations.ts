/**
 * Which NoExecute taints a pod tolerates, and for how long (pkg/controller/tainteviction:
 * getNoExecuteTaints, GetMatchingTolerations, getMinTolerationTime; v1.Toleration.ToleratesTaint).
 * Pure: the taint eviction controller decides with these and keeps only timers of its own.
 */
import type { Taint } from '../../api/node.js';
import type { Toleration } from '../../api/pod.js';

/** ToleratesTaint: an empty key with Exists matches every key; an empty effect matches every effect. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}

/**
 * For each taint, the first toleration that tolerates it; `undefined` when some taint is not tolerated
 * at all (the pod must go now).
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Toleration[] | undefined {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = (tolerations ?? []).find((tol) => toleratesTaint(tol, taint));
    if (!t) return undefined;
    used.push(t);
  }
  return used;
}

/**
 * The shortest tolerationSeconds among the tolerations used, in ms: 0 when one is ≤ 0, Infinity when
 * none sets it (tolerated forever). Worked example: the default `unreachable` toleration (300 s) and a
 * user's `not-ready` one without seconds give 300 000 ms.
 */
export function minTolerationTime(tolerations: readonly Toleration[]): number {
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds * 1000);
  }
  return min;
}

export type EvictionPlan =
  /** No NoExecute taint: any pending eviction is cancelled. */
  | { action: 'cancel' }
  /** Some taint is not tolerated, or a toleration ran out: delete now. */
  | { action: 'evict' }
  /** Every taint tolerated for ever. */
  | { action: 'keep' }
  /** Delete at `at` (ms) unless the taints go before then. */
  | { action: 'evictAt'; at: number };

/**
 * What to do with one pod on a node with `taints`. `since` is when the pod first came under them (the
 * taint's timeAdded, or when the pod was bound if later): the eviction is due at `since` + the shortest
 * toleration, so the default toleration evicts exactly 300 s after the node was tainted.
 */
export function planPodEviction(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, since: number, now: number): EvictionPlan {
  const noExecute = noExecuteTaints(taints);
  if (noExecute.length === 0) return { action: 'cancel' };
  const used = matchingTolerations(noExecute, tolerations);
  if (!used) return { action: 'evict' };
  const wait = minTolerationTime(used);
  if (wait === Infinity) return { action: 'keep' };
  const at = since + wait;
  return at <= now ? { action: 'evict' } : { action: 'evictAt', at };
}
