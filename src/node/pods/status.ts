/**
 * The pod-level status the kubelet computes from its containers (pkg/kubelet/kubelet_pods.go: getPhase,
 * generateAPIPodStatus; pkg/kubelet/status/generate.go): the phase, and the conditions
 * PodReadyToStartContainers, Initialized, Ready and ContainersReady.
 *
 * Guarantees: pure; a condition keeps its lastTransitionTime while its status stays the same; conditions
 * the kubelet does not own (PodScheduled, DisruptionTarget …) are kept as they were, after its own, in the
 * order a 1.32 API server shows them. Cost: linear in the number of containers.
 */
import { flatString } from '../../api/freeze.js';
import { formatTimestamp } from '../../api/meta.js';
import { sharedPodCondition, type ContainerStatus, type PodCondition } from '../../api/pod.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** The pod's containers by name, and what the kubelet reports for them (a missing name has no status yet). */
export interface PhaseInput {
  /** Containers being replaced (a changed image): they count as running. */
  restarting?: readonly string[];
  initContainers: readonly string[];
  containers: readonly string[];
  initStatuses: readonly ContainerStatus[];
  statuses: readonly ContainerStatus[];
  restartPolicy: string;
  /** The pod is done for good (deleted and stopped, or finished): its containers will not run again. */
  podIsTerminal: boolean;
}

/**
 * getPhase. Init containers first: one that has not succeeded keeps the pod Pending, and a failed one
 * fails the pod when restartPolicy is Never. Then the containers: one waiting for its first start (or
 * with no status) keeps it Pending; one waiting to restart counts as stopped. With every container
 * stopped, restartPolicy decides: Always means they are restarting (Running); otherwise all succeeded ⇒
 * Succeeded, Never ⇒ Failed, OnFailure ⇒ Running (restarting). A terminal pod is Succeeded when every
 * container exited 0, else Failed.
 */
export function podPhase(input: PhaseInput): PodPhase {
  let pendingInit = 0;
  let failedInit = 0;
  // Loops by index: this runs for every status a kubelet computes, and an iterator is an object each.
  for (let i = 0; i < input.initContainers.length; i++) {
    const s = statusNamed(input.initStatuses, input.initContainers[i]!);
    const t = s?.state.terminated ?? (s?.state.waiting ? s.lastState?.terminated : undefined);
    if (s?.state.terminated && t!.exitCode === 0) continue;
    if (t && t.exitCode !== 0) failedInit++;
    else pendingInit++;
  }
  let unknown = 0;
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (let i = 0; i < input.containers.length; i++) {
    const name = input.containers[i]!;
    const s = statusNamed(input.statuses, name);
    if (!s) unknown++;
    else if (s.state.running || input.restarting?.includes(name)) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (failedInit > 0 && input.restartPolicy === 'Never') return 'Failed';
  const phase = ((): PodPhase => {
    if (pendingInit > 0 || failedInit > 0) return input.podIsTerminal ? 'Failed' : 'Pending';
    if (waiting > 0) return 'Pending';
    if (running > 0 && unknown === 0) return 'Running';
    if (running === 0 && stopped > 0 && unknown === 0) {
      if (input.podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
      if (input.restartPolicy === 'Always') return 'Running';
      if (stopped === succeeded) return 'Succeeded';
      if (input.restartPolicy === 'Never') return 'Failed';
      return 'Running';
    }
    return 'Pending';
  })();
  // A terminal pod whose containers did not all stop cleanly is Failed (generateAPIPodStatus).
  if (input.podIsTerminal && phase !== 'Succeeded' && phase !== 'Failed') return 'Failed';
  return phase;
}

function statusNamed(statuses: readonly ContainerStatus[], name: string): ContainerStatus | undefined {
  for (let i = 0; i < statuses.length; i++) if (statuses[i]!.name === name) return statuses[i];
  return undefined;
}

export const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'] as const;

interface Want {
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

/** What each kubelet-owned condition should say now. */
export function wantedConditions(
  initStatuses: readonly ContainerStatus[],
  statuses: readonly ContainerStatus[],
  phase: PodPhase,
  sandboxReady: boolean,
): Record<(typeof KUBELET_CONDITIONS)[number], Want> {
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const unready = namesWhere(statuses, isUnready);
  const incomplete = namesWhere(initStatuses, isIncomplete);
  const notReady: Want = finished ? COMPLETED_FALSE : unready ? listing(UNREADY, unready) : TRUE;
  const initialized: Want = incomplete ? listing(NOT_INITIALIZED, incomplete) : finished ? COMPLETED_TRUE : TRUE;
  return {
    PodReadyToStartContainers: sandboxReady ? TRUE : FALSE,
    Initialized: initialized,
    Ready: notReady,
    ContainersReady: notReady,
  };
}

// The answers most pods get, made once; the kubelet asks for every status it computes.
const TRUE: Want = Object.freeze({ status: 'True' });
const FALSE: Want = Object.freeze({ status: 'False' });
const COMPLETED_TRUE: Want = Object.freeze({ status: 'True', reason: 'PodCompleted' });
const COMPLETED_FALSE: Want = Object.freeze({ status: 'False', reason: 'PodCompleted' });
const UNREADY = { reason: 'ContainersNotReady', text: 'containers with unready status' };
const NOT_INITIALIZED = { reason: 'ContainersNotInitialized', text: 'containers with incomplete status' };

function isUnready(s: ContainerStatus): boolean {
  return !s.ready;
}

function isIncomplete(s: ContainerStatus): boolean {
  return s.state.terminated?.exitCode !== 0;
}

/** The names of the containers whose status passes `test`, space-separated; undefined for none. */
function namesWhere(statuses: readonly ContainerStatus[], test: (s: ContainerStatus) => boolean): string | undefined {
  let names: string | undefined;
  for (let i = 0; i < statuses.length; i++) if (test(statuses[i]!)) names = names === undefined ? statuses[i]!.name : `${names} ${statuses[i]!.name}`;
  return names;
}

/** `False` with a reason and `<text>: [<names>]`: one object per reason and names, kept for the next pod. */
function listing(kind: { reason: string; text: string }, names: string): Want {
  const key = `${kind.reason} ${names}`;
  let want = listings.get(key);
  if (!want) {
    if (listings.size >= 1024) listings.clear();
    listings.set(key, (want = Object.freeze({ status: 'False', reason: kind.reason, message: flatString(`${kind.text}: [${names}]`) })));
  }
  return want;
}

const listings = new Map<string, Want>();

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
  // Loops by index: this runs for every status a kubelet computes, and an iterator is an object each.
  for (let t = 0; t < KUBELET_CONDITIONS.length; t++) {
    const type = KUBELET_CONDITIONS[t]!;
    const want = wanted[type]!;
    const prev = conditionOf(previous, type);
    // Most reports change no condition: the one reported last is the answer, as it is.
    if (prev && saysWhatIsWanted(prev, want)) {
      out.push(prev);
      continue;
    }
    const since = prev && prev.status === want.status ? prev.lastTransitionTime : formatTimestamp(now);
    out.push(
      sharedPodCondition({
        type,
        status: want.status,
        lastProbeTime: null,
        lastTransitionTime: since,
        ...(want.reason ? { reason: want.reason } : {}),
        ...(want.message ? { message: want.message } : {}),
      }),
    );
  }
  if (stored) for (let i = 0; i < stored.length; i++) if (!isKubeletCondition(stored[i]!.type)) out.push(stored[i]!);
  // The list reported last, when it says all of this: a write then hands the store its own list.
  return previous && sameElements(previous, out) ? (previous as PodCondition[]) : out;
}

function sameElements(a: readonly PodCondition[], b: readonly PodCondition[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether a reported condition is exactly what the kubelet would write for `want` now, its time kept. */
function saysWhatIsWanted(c: PodCondition, want: Want): boolean {
  if (c.status !== want.status || c.lastProbeTime !== null || typeof c.lastTransitionTime !== 'string') return false;
  if (c.reason !== want.reason || c.message !== want.message) return false;
  // Nothing else in it either: type, status, the two times, and the reason and message if any.
  let fields = 0;
  for (const _ in c) fields++;
  return fields === 4 + (want.reason === undefined ? 0 : 1) + (want.message === undefined ? 0 : 1);
}

function conditionOf(conditions: readonly PodCondition[] | undefined, type: string): PodCondition | undefined {
  if (conditions) for (let i = 0; i < conditions.length; i++) if (conditions[i]!.type === type) return conditions[i];
  return undefined;
}

function isKubeletCondition(type: string): boolean {
  return (KUBELET_CONDITIONS as readonly string[]).includes(type);
}
