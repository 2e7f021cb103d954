/**
 * The pod-level status the kubelet computes from its containers (pkg/kubelet/kubelet_pods.go: getPhase,
 * generateAPIPodStatus; pkg/kubelet/status/generate.go): the phase, and the conditions
 * PodReadyToStartContainers, Initialized, Ready and ContainersReady.
 *
 * Guarantees: pure; a condition keeps its lastTransitionTime while its status stays the same; conditions
 * the kubelet does not own (PodScheduled, DisruptionTarget …) are kept as they were, after its own, in the
 * order a 1.32 API server shows them. Cost: linear in the number of containers.
 */
import { formatTimestamp } from '../../api/meta.js';
import type { ContainerStatus, PodCondition } from '../../api/pod.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/**
 * getPhase. A container waiting for its first start keeps the pod Pending; one waiting to restart counts
 * as stopped. With every container stopped, restartPolicy decides: Always means they are restarting
 * (Running); otherwise all succeeded ⇒ Succeeded, Never ⇒ Failed, OnFailure ⇒ Running (restarting). A
 * terminal pod (deleted, or finished) is Succeeded when every container exited 0, else Failed.
 */
export function podPhase(statuses: readonly ContainerStatus[], restartPolicy: string, podIsTerminal: boolean): PodPhase {
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (podIsTerminal) return waiting === 0 && running === 0 && stopped === succeeded ? 'Succeeded' : 'Failed';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

export const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'] as const;

interface Want {
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

/** What each kubelet-owned condition should say now. */
export function wantedConditions(statuses: readonly ContainerStatus[], phase: PodPhase, sandboxReady: boolean): Record<(typeof KUBELET_CONDITIONS)[number], Want> {
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const notReady: Want = finished
    ? { status: 'False', reason: 'PodCompleted' }
    : unready.length > 0
      ? { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` }
      : { status: 'True' };
  return {
    PodReadyToStartContainers: { status: sandboxReady ? 'True' : 'False' },
    Initialized: finished ? { status: 'True', reason: 'PodCompleted' } : { status: 'True' },
    Ready: notReady,
    ContainersReady: notReady,
  };
}

/**
 * The conditions to report: the kubelet's own (keeping lastTransitionTime from `previous` while the
 * status is unchanged), then every other condition of `stored` as it was.
 */
export function podConditions(
  wanted: Record<string, Want>,
  previous: readonly PodCondition[] | undefined,
  stored: readonly PodCondition[] | undefined,
  now: number,
): PodCondition[] {
  const out: PodCondition[] = [];
  for (const type of KUBELET_CONDITIONS) {
    const want = wanted[type]!;
    const prev = previous?.find((c) => c.type === type);
    const since = prev && prev.status === want.status ? prev.lastTransitionTime : formatTimestamp(now);
    out.push({
      type,
      status: want.status,
      lastProbeTime: null,
      lastTransitionTime: since,
      ...(want.reason ? { reason: want.reason } : {}),
      ...(want.message ? { message: want.message } : {}),
    });
  }
  const own = new Set<string>(KUBELET_CONDITIONS);
  for (const c of stored ?? []) if (!own.has(c.type)) out.push(c);
  return out;
}
