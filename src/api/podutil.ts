/**
 * Facts about a pod that every controller reads the same way (Kubernetes' pkg/api/v1/pod and
 * controller_utils): is it ready, since when, is it available, is it still active, who controls it.
 */
import type { KubeObject, OwnerReference } from './meta.js';
import { parseTimestamp } from './meta.js';
import type { Pod } from './pod.js';

/** The pod's Ready condition. A plain loop: every controller asks this of every pod it counts. */
export function podReadyCondition(pod: Pod) {
  const conditions = pod.status?.conditions;
  if (conditions) for (let i = 0; i < conditions.length; i++) if (conditions[i]!.type === 'Ready') return conditions[i];
  return undefined;
}

/** The Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** When the pod last became ready, in ms; undefined when it is not ready. */
export function podReadySince(pod: Pod): number | undefined {
  const c = podReadyCondition(pod);
  if (c?.status !== 'True' || !c.lastTransitionTime) return undefined;
  return parseTimestamp(c.lastTransitionTime);
}

/**
 * IsPodAvailable: ready for at least minReadySeconds. Kubernetes compares "ready since + minReady
 * before now" strictly, so with minReadySeconds 10 a pod ready at 00:00:00 is available after 00:00:10.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/** IsPodActive: not finished and not being deleted — a pod a controller still counts. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}

export function isPodTerminating(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

export function maxContainerRestarts(pod: Pod): number {
  let n = 0;
  for (const c of pod.status?.containerStatuses ?? []) n = Math.max(n, c.restartCount ?? 0);
  return n;
}

/** The ownerReference with controller: true, if any (metav1.GetControllerOf). */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}
