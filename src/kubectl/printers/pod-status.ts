/**
 * The READY, STATUS and RESTARTS cells of `kubectl get pods`, as printers.go's printPod computes them.
 * A pure function of the pod (and the time, for the `(5m ago)` suffix), so every case can be table-tested.
 *
 * STATUS is not the phase: it is the most telling reason found, in this order of precedence —
 *  1. the phase, or `status.reason` when set (`Evicted`, `NodeLost`); `SchedulingGated` while gated;
 *  2. the first init container that has not finished: `Init:<reason>`, `Init:ExitCode:1`, or `Init:1/2`
 *     while it simply runs (sidecars — init containers with restartPolicy Always — count once started);
 *  3. once initialised, the main containers' reasons, the first container winning (the list is walked
 *     backwards so earlier containers overwrite later ones): `ContainerCreating`, `CrashLoopBackOff`,
 *     `Completed`, `Error`, `ExitCode:2`, `Signal:9`; a `Completed` pod with a container still running
 *     reads `Running` when the pod is Ready, else `NotReady`;
 *  4. a deletionTimestamp wins over everything: `Terminating`, or `Unknown` when the node was lost —
 *     but a pod that already finished keeps its Completed/Error.
 * READY counts ready, running main containers (and ready, started sidecars) over all of them.
 * RESTARTS sums restartCount; while an init container is still failing only init restarts count.
 */
import type { ContainerStatus, Pod } from '../../api/pod.js';
import { parseTimestamp } from '../../api/meta.js';
import { humanDuration } from '../age.js';

/** The reason the node lifecycle controller gives pods on a node that stopped reporting. */
export const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

export interface PodSummary {
  readyContainers: number;
  totalContainers: number;
  status: string;
  restarts: number;
  /** When a container last terminated before its restart, in ms; undefined if never. */
  lastRestart: number | undefined;
}

function hasTrueCondition(pod: Pod, type: string): boolean {
  return pod.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

function lastTerminated(c: ContainerStatus): number | undefined {
  const at = c.lastState?.terminated?.finishedAt;
  return at ? parseTimestamp(at) : undefined;
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/** `Error`, `ExitCode:2` or `Signal:9`: how a terminated container reads. */
function terminatedReason(t: NonNullable<ContainerStatus['state']['terminated']>, prefix = ''): string {
  if (t.reason) return prefix + t.reason;
  if (t.signal) return `${prefix}Signal:${t.signal}`;
  return `${prefix}ExitCode:${t.exitCode ?? 0}`;
}

export function podSummary(pod: Pod): PodSummary {
  const phase = pod.status?.phase ?? '';
  let status = pod.status?.reason || phase;
  for (const c of pod.status?.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') status = 'SchedulingGated';
  }

  const specInit = pod.spec.initContainers ?? [];
  const sidecars = new Set(specInit.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const totalContainers = pod.spec.containers.length + sidecars.size;
  let readyContainers = 0;
  let restarts = 0;
  let lastRestart: number | undefined;
  let sidecarRestarts = 0;
  let lastSidecarRestart: number | undefined;

  let initializing = false;
  const initStatuses = pod.status?.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, lastTerminated(c));
    const isSidecar = sidecars.has(c.name);
    if (isSidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, lastTerminated(c));
    }
    const { terminated, waiting } = c.state ?? {};
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (isSidecar && c.started === true) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (terminated) status = terminatedReason(terminated, 'Init:');
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') status = `Init:${waiting.reason}`;
    else status = `Init:${i}/${specInit.length}`;
    initializing = true;
    break;
  }

  if (!initializing || hasTrueCondition(pod, 'Initialized')) {
    // Only sidecar restarts carry over: a finished init container's restarts are history.
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = pod.status?.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, lastTerminated(c));
      const { waiting, terminated, running } = c.state ?? {};
      if (waiting?.reason) {
        status = waiting.reason;
      } else if (terminated) {
        status = terminatedReason(terminated);
      } else if (c.ready && running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A finished container read last, while another still runs ready: the pod is not done.
    if (status === 'Completed' && hasRunning) status = hasTrueCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp) {
    if (pod.status?.reason === NODE_UNREACHABLE_POD_REASON) status = 'Unknown';
    else if (phase !== 'Succeeded' && phase !== 'Failed') status = 'Terminating';
  }
  return { readyContainers, totalContainers, status, restarts, lastRestart };
}

/** The RESTARTS cell: `0`, or `3 (2m ago)` once a container has restarted. */
export function formatRestarts(s: Pick<PodSummary, 'restarts' | 'lastRestart'>, now: number): string {
  if (s.restarts === 0 || s.lastRestart === undefined) return String(s.restarts);
  return `${s.restarts} (${humanDuration(now - s.lastRestart)} ago)`;
}
