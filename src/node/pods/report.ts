/**
 * The status a pod worker reports: its containers' statuses, the phase and conditions computed from them
 * (status.ts), the addresses and the start time, over what the API server already holds for fields the
 * kubelet does not own (qosClass, nominatedNodeName, the scheduler's condition).
 *
 * Guarantees: pure — the same records and inputs give the same status; a condition keeps its
 * lastTransitionTime from `previous` while it holds. Cost: linear in the number of containers.
 */
import type { Container, ContainerStatus, Pod, PodStatus } from '../../api/pod.js';
import { containerStatus, isBeingReplaced, NEVER_RAN, type ContainerRecord } from './container.js';
import { podConditions, podPhase, wantedConditions } from './status.js';
import { ObjectMakers } from '../../api/object-room.js';

export interface ReportInput {
  pod: Pod;
  containers: readonly ContainerRecord[];
  initContainers: readonly ContainerRecord[];
  /** Deleted and stopped, or finished: nothing of it runs again. */
  podIsTerminal: boolean;
  podIP: string | undefined;
  /** The node's addresses, as `status.hostIPs` lists them (the first is `hostIP`). */
  hostIPs: readonly { ip: string }[];
  startTime: string;
  /** The status this worker reported last. */
  previous: PodStatus | undefined;
  now: number;
}

/** A container's status; one that never ran in a pod that has finished is reported terminated. */
function report(rec: ContainerRecord, podIsTerminal: boolean) {
  const s = containerStatus(rec);
  if (podIsTerminal && s.state.waiting?.reason === NEVER_RAN.reason) {
    return { ...s, state: { terminated: { exitCode: NEVER_RAN.exitCode, reason: NEVER_RAN.reason, message: NEVER_RAN.message } } };
  }
  return s;
}

const NO_STATUSES: readonly ContainerStatus[] = Object.freeze([]);
const NO_NAMES: readonly string[] = Object.freeze([]);

/**
 * The containers' names, which are the records' (a worker makes one record per container, in order).
 * A ReplicaSet's pods share their template's frozen container list: its names are listed once.
 */
function namesOf(containers: readonly Container[] | undefined): readonly string[] {
  if (!containers || containers.length === 0) return NO_NAMES;
  let names = containerNames.get(containers);
  if (!names) {
    names = Object.freeze(containers.map((c) => c.name));
    if (Object.isFrozen(containers)) containerNames.set(containers, names);
  }
  return names;
}

const containerNames = new WeakMap<readonly Container[], readonly string[]>();

const podStatusObjects = new ObjectMakers();
/** The kubelet's nine fields, and qosClass and nominatedNodeName from the stored status. */
const STATUS_FIELDS = 11;

export function podStatus(input: ReportInput): PodStatus {
  const statuses = input.containers.map((rec) => report(rec, input.podIsTerminal));
  const initStatuses = input.initContainers.length === 0 ? NO_STATUSES : input.initContainers.map((rec) => report(rec, input.podIsTerminal));
  const phase = podPhase({
    restarting: input.containers.some(isBeingReplaced) ? input.containers.filter(isBeingReplaced).map((r) => r.name) : NO_NAMES,
    initContainers: namesOf(input.pod.spec.initContainers),
    containers: namesOf(input.pod.spec.containers),
    initStatuses,
    statuses,
    restartPolicy: input.pod.spec.restartPolicy,
    podIsTerminal: input.podIsTerminal,
  });
  const sandboxReady = input.podIP !== undefined && !input.podIsTerminal;
  const wanted = wantedConditions(initStatuses, statuses, phase, sandboxReady);
  const conditions = podConditions(wanted, input.previous?.conditions, input.pod.status?.conditions, input.now);
  // Made with room for its fields (object-room.ts), set one by one in the API's order: no object per
  // optional group of fields to spread.
  const own = podStatusObjects.make(STATUS_FIELDS) as PodStatus;
  own.phase = phase;
  own.conditions = conditions;
  own.hostIP = input.hostIPs[0]!.ip;
  own.hostIPs = input.hostIPs as { ip: string }[];
  if (input.podIP) {
    own.podIP = input.podIP;
    own.podIPs = podIPs(input.podIP, input.previous);
  }
  own.startTime = input.startTime;
  if (initStatuses.length > 0) own.initContainerStatuses = initStatuses as ContainerStatus[];
  own.containerStatuses = statuses;
  // Then what the kubelet does not write (qosClass, nominatedNodeName), as the API server holds it. Its
  // own fields first keep the API's order (qosClass comes last), which admission then takes as it is.
  const stored = input.pod.status as Record<string, unknown> | undefined;
  if (stored) for (const k in stored) if (!Object.hasOwn(own, k)) (own as Record<string, unknown>)[k] = stored[k];
  return own;
}

/** `[{ ip }]`: the list reported last while it still says so, so that a write hands the store its own. */
function podIPs(ip: string, previous: PodStatus | undefined): { ip: string }[] {
  const last = previous?.podIPs;
  return last?.length === 1 && last[0]!.ip === ip ? last : [{ ip }];
}
