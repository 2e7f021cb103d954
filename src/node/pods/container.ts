/**
 * What the container runtime knows about one container of a pod: its instances (each start is a new
 * container with a new ID), the reason it waits, its back-offs and probe results — and how that reads as
 * the API's ContainerStatus.
 *
 * Guarantees: `containerStatus` is a pure function of the record; `current` is the instance running or
 * the last one that ran, `previous` the one before it (what `kubectl logs --previous` shows). Cost: O(1).
 */
import type { Container, ContainerState, ContainerStatus } from '../../api/pod.js';
import { deepFreeze, flatString } from '../../api/freeze.js';
import { formatTimestamp } from '../../api/meta.js';
import type { Timer } from '../../sim/clock.js';
import type { BackoffEntry } from './backoff.js';
import { baseEnv } from './env.js';
import { normalizedImage, type ImageBehaviour } from './images.js';
import type { ProbeCounter, ProbeType } from './probes.js';

export interface LogLine {
  at: number;
  line: string;
}

/** One run of a container: created, started, and (once) finished. */
export interface Instance {
  containerID: string;
  /** 1 for the first start, 2 for the first restart, … */
  attempt: number;
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  signal?: number;
  message?: string;
  /** When the app opens its ports (startedAt + the image's warm-up). */
  listenAt: number;
  ports: readonly number[];
  /**
   * The environment resolved at the start, for a container that declares one; undefined for one that
   * does not, whose environment is the base one of its host name, made when read (`envOf`): most
   * containers of a large cluster, and an object each that nobody reads.
   */
  env: Record<string, string> | undefined;
  hostname: string;
  behaviour: ImageBehaviour;
  /**
   * Lines written after the start (a crash's last words, the SIGTERM notice). The start's own lines
   * follow from the image and the ports and are made only when read: see `logLines`.
   */
  laterLogs?: LogLine[];
  /**
   * Killed to be restarted, even after a clean exit: after a failed liveness or startup probe unless
   * restartPolicy is Never; after a changed image always (computePodActions).
   */
  restartAfterKill?: 'unless-never' | 'always';
  /** The kubelet is stopping it: its preStop hook runs, then SIGTERM. */
  stopping: boolean;
  /** When SIGTERM is (or was) sent: from then on the app accepts no new connections. */
  sigtermAt?: number;
  /** The exit planned for a stop, and its timer. */
  stopAt?: number;
  stopTimer?: Timer;
  /**
   * The crash, stop and probe timers of this run; all cancelled when it finishes. Made with the first
   * (most runs of a large cluster have none: an empty set for each would cost more than its run).
   */
  timers?: Set<Timer>;
}

/** A run's environment, as `env` in the container prints it. */
export function envOf(inst: Instance): Readonly<Record<string, string>> {
  return inst.env ?? baseEnv(inst.hostname);
}

/** Files a timer with the run it belongs to, so that it is cancelled when the run finishes. */
export function holdTimer(inst: Instance, timer: Timer): Timer {
  (inst.timers ??= new Set()).add(timer);
  return timer;
}

export interface ContainerRecord {
  name: string;
  /** An init container: runs to completion before the containers start. */
  init: boolean;
  spec: Container;
  /** What its events say, and where they point: shared with every container of the same spec. */
  text: ContainerText;
  waiting?: { reason: string; message?: string };
  current?: Instance;
  previous?: Instance;
  restartCount: number;
  /** `docker.io/library/nginx@sha256:…` once the image is on the node, '' before. */
  imageID: string;
  /** The startup probe has passed (or there is none) and the container runs. */
  started: boolean;
  ready: boolean;
  /** The crash-loop back-off, keyed by container as the kubelet keys it. */
  backoff?: BackoffEntry;
  /** The image pull back-off. */
  pullBackoff?: BackoffEntry;
  /** A pull in flight. */
  pull?: Timer;
  probes: Partial<Record<ProbeType, ProbeCounter>>;
}

/**
 * What the kubelet says of a container, the same for every pod of a template: made once per container
 * spec (a ReplicaSet's pods share their template's, frozen), so that every pod's events, and the
 * recorder's memory of them, hold one copy of each message rather than one per pod.
 */
export interface ContainerText {
  init: boolean;
  /** Where its events point in the pod: `spec.containers{app}`. */
  fieldPath: string;
  pulling: string;
  present: string;
  created: string;
  started: string;
  stopping: string;
}

const texts = new WeakMap<Container, ContainerText>();

export function containerText(spec: Container, init: boolean): ContainerText {
  let text = texts.get(spec);
  if (!text || text.init !== init) {
    const image = spec.image ?? '';
    text = {
      init,
      fieldPath: flatString(`spec.${init ? 'initContainers' : 'containers'}{${spec.name}}`),
      pulling: flatString(`Pulling image "${image}"`),
      present: flatString(`Container image "${image}" already present on machine`),
      created: flatString(`Created container: ${spec.name}`),
      started: flatString(`Started container ${spec.name}`),
      stopping: flatString(`Stopping container ${spec.name}`),
    };
    texts.set(spec, text);
  }
  return text;
}

const portLists = new WeakMap<Container, readonly number[]>();

/**
 * The TCP ports a container declares, the ones its app listens on unless its image says otherwise: one
 * frozen list per container spec, shared by every run of every pod of a template.
 */
export function tcpPorts(spec: Container): readonly number[] {
  let ports = portLists.get(spec);
  if (!ports) portLists.set(spec, (ports = Object.freeze((spec.ports ?? []).filter((p) => p.protocol === 'TCP').map((p) => p.containerPort))));
  return ports;
}

/** The probe state of a container with no probe running: shared; starting probes makes a new one. */
export const NO_PROBES: ContainerRecord['probes'] = Object.freeze({});

export function newRecord(spec: Container, init = false): ContainerRecord {
  // Every field named, the ones not yet set too: all of them get a place in the object (object-room.ts).
  return {
    name: spec.name,
    init,
    spec,
    text: containerText(spec, init),
    waiting: undefined,
    current: undefined,
    previous: undefined,
    restartCount: 0,
    imageID: '',
    started: false,
    ready: false,
    backoff: undefined,
    pullBackoff: undefined,
    pull: undefined,
    probes: NO_PROBES,
  };
}

/**
 * Stopped to be started again with a new image. The real kubelet kills and starts such a container in one
 * sync and never reports it terminated in between (the API server would refuse a terminated container
 * of a restartPolicy Never pod coming back); kubesim reports it waiting, ContainerCreating.
 */
export function isBeingReplaced(rec: ContainerRecord): boolean {
  return rec.current?.finishedAt !== undefined && rec.current.restartAfterKill === 'always';
}

export function isRunning(rec: ContainerRecord): boolean {
  return rec.current !== undefined && rec.current.finishedAt === undefined;
}

function terminated(inst: Instance): ContainerState {
  return {
    terminated: {
      exitCode: inst.exitCode ?? 0,
      ...(inst.signal !== undefined ? { signal: inst.signal } : {}),
      reason: inst.reason ?? 'Error',
      ...(inst.message !== undefined ? { message: inst.message } : {}),
      startedAt: formatTimestamp(inst.startedAt),
      finishedAt: formatTimestamp(inst.finishedAt ?? inst.startedAt),
      containerID: inst.containerID,
    },
  };
}

/** The `lastState` of a container that has not stopped yet: one frozen object, shared by every status. */
const NO_STATE: ContainerState = Object.freeze({});

/** What a container that is being created reports: one frozen object for all of them. */
const CREATING: ContainerState = deepFreeze({ waiting: { reason: 'ContainerCreating' } });

/**
 * `{ running: { startedAt } }`, frozen, and the same object for every container started in the same
 * second lately: the store keeps a frozen part that decodes to itself as it is, so the containers of
 * a Deployment that started together share one state in every pod's stored status.
 */
function runningSince(startedAt: number): ContainerState {
  const at = formatTimestamp(startedAt);
  const known = recentRunning.get(at);
  if (known) return known;
  if (recentRunning.size >= RECENT_RUNNING) recentRunning.clear();
  const state: ContainerState = deepFreeze({ running: { startedAt: at } });
  recentRunning.set(at, state);
  return state;
}

const recentRunning = new Map<string, ContainerState>();
const RECENT_RUNNING = 256;

/** The record as the kubelet reports it in `status.containerStatuses`. */
export function containerStatus(rec: ContainerRecord): ContainerStatus {
  const cur = rec.current;
  let state: ContainerState;
  let lastState: ContainerState = NO_STATE;
  if (rec.waiting || isBeingReplaced(rec)) {
    const waiting = rec.waiting;
    state = waiting ? { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } } : CREATING;
    if (cur?.finishedAt !== undefined) lastState = terminated(cur);
  } else if (cur) {
    state = cur.finishedAt === undefined ? runningSince(cur.startedAt) : terminated(cur);
    if (rec.previous) lastState = terminated(rec.previous);
  } else {
    state = CREATING;
  }
  return {
    name: rec.name,
    state,
    lastState,
    ready: rec.ready,
    restartCount: rec.restartCount,
    image: normalizedImage(rec.spec.image ?? ''),
    imageID: rec.imageID,
    ...(cur ? { containerID: cur.containerID } : {}),
    started: rec.started && isRunning(rec),
  };
}

/** How a container that never ran is reported once its pod is terminated (kubelet 1.27+). */
export const NEVER_RAN = {
  reason: 'ContainerStatusUnknown',
  message: 'The container could not be located when the pod was terminated',
  exitCode: 137,
};

/** Everything a run has written by now, in order: its start lines, then the later ones. */
export function logLines(inst: Instance): LogLine[] {
  const b = inst.behaviour;
  const lines = b.logs ? b.logs.map((line) => ({ at: inst.startedAt, line })) : [{ at: inst.startedAt, line: `${b.image} starting` }];
  if (!b.logs) for (const port of inst.ports) lines.push({ at: inst.listenAt, line: `listening on :${port}` });
  return inst.laterLogs ? [...lines, ...inst.laterLogs] : lines;
}

/** Adds a line the run writes at `at`. */
export function writeLog(inst: Instance, at: number, line: string): void {
  (inst.laterLogs ??= []).push({ at, line });
}
