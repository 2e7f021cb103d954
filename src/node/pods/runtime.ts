/**
 * The container runtime's side of a pod worker: pulling an image (with its back-off and the node's image
 * cache), creating and starting a container run (environment, logs, crash timer, probes), and stopping
 * one with SIGTERM and, when the grace period runs out, SIGKILL. Event wording is kubelet 1.32's.
 *
 * Guarantees: every timer it makes belongs to the run (or to the pull) and is cancelled with it; it
 * draws from the node's Rng only for what the image model leaves to chance (pull and stop times, IDs),
 * so the same seed gives the same run. Cost: O(1) per step, plus the environment's store reads.
 */
import type { Container } from '../../api/pod.js';
import { defaultPullPolicy, parseImageReference } from '../../api/pod-image.js';
import type { EventRecorder } from '../../store/client/events.js';
import type { Clock } from '../../sim/clock.js';
import { formatDuration } from '../../sim/duration.js';
import type { Rng } from '../../sim/rng.js';
import type { Store } from '../../store/store.js';
import { isInBackOffSinceUpdate, nextBackoff } from './backoff.js';
import { holdTimer, tcpPorts, writeLog, type ContainerRecord, type Instance } from './container.js';
import { declaresEnv, podHostname, resolveEnv } from './env.js';
import { crashDelay, imageID, normalizedImage, type ImageBehaviour, type ImageModel } from './images.js';
import type { PodWorker } from './pod-worker.js';
import type { ProbeTarget } from './probes.js';

/** What a pod worker needs from the node. */
export interface WorkerHost {
  store: Store;
  clock: Clock;
  rng: Rng;
  events: EventRecorder;
  images: ImageModel;
  /** Rules to break on purpose, for property tests (src/sim/mutants.ts). */
  mutants: ReadonlySet<string>;
  nodeIP: string;
  /** `status.hostIPs` of every pod here: one frozen list, which the store keeps as it is, shared. */
  nodeIPs: readonly { ip: string }[];
  /** `kubelet/<node>`: the actor of every write. */
  actor: string;
  /** Prefix of timer labels. */
  label: string;
  connected(): boolean;
  /** Images on this node, by normalised reference. */
  imageCache: Set<string>;
  allocateIP(worker: PodWorker): string;
  releaseIP(worker: PodWorker, ip: string): void;
  probeTarget(worker: PodWorker, inst: Instance): ProbeTarget;
}

/** The error containerd gives for an image no registry has. */
export function notFoundPullError(image: string): string {
  const n = normalizedImage(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${n}": failed to resolve reference "${n}": ${n}: not found`;
}

/** Go's Duration.String() truncated to milliseconds, as the Pulled event prints it: `1.234s`, `812ms`. */
function pullDuration(ms: number): string {
  return formatDuration(Math.floor(ms));
}

/** The label of a container's timer: node, pod, container and what it waits for. */
function timerLabel(host: WorkerHost, worker: PodWorker, rec: ContainerRecord, what: string): string {
  return `${host.label} ${worker.namespace}/${worker.name} ${rec.name} ${what}`;
}

/** Starts `rec` (pulling first if its policy says so). False when it ended in an error worth a retry. */
export function startContainer(host: WorkerHost, worker: PodWorker, rec: ContainerRecord): boolean {
  const image = rec.spec.image ?? '';
  const policy = rec.spec.imagePullPolicy ?? defaultPullPolicy(image);
  if (!parseImageReference(image)) {
    const message = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`;
    rec.waiting = { reason: 'InvalidImageName', message };
    worker.event(rec, 'Warning', 'InspectFailed', message);
    worker.event(rec, 'Warning', 'Failed', 'Error: InvalidImageName');
    return false;
  }
  const present = host.imageCache.has(normalizedImage(image));
  if (policy === 'Never' && !present) {
    const message = `Container image "${image}" is not present with pull policy of Never`;
    rec.waiting = { reason: 'ErrImageNeverPull', message };
    worker.event(rec, 'Warning', 'ErrImageNeverPull', message);
    return false;
  }
  if (policy !== 'Always' && present) {
    worker.event(rec, 'Normal', 'Pulled', rec.text.present);
    return create(host, worker, rec);
  }
  if (isInBackOffSinceUpdate(rec.pullBackoff, host.clock.now())) {
    const message = `Back-off pulling image "${image}"`;
    rec.waiting = { reason: 'ImagePullBackOff', message };
    worker.event(rec, 'Normal', 'BackOff', message);
    worker.event(rec, 'Warning', 'Failed', 'Error: ImagePullBackOff');
    return false;
  }
  pull(host, worker, rec, image, present);
  return true;
}

/**
 * A pull: 1–2 s for an image the node lacks; a quick registry check (0.1–0.5 s) for one it has when the
 * policy is Always. An image that does not exist fails after its pull time.
 */
function pull(host: WorkerHost, worker: PodWorker, rec: ContainerRecord, image: string, present: boolean): void {
  const b = host.images.behaviour(image);
  const ms = b.pullTimeMs ?? (present ? host.rng.intBetween(100, 500) : host.rng.intBetween(1000, 2000));
  worker.event(rec, 'Normal', 'Pulling', rec.text.pulling);
  rec.pull = host.clock.schedule(ms, () => {
    rec.pull = undefined;
    if (!b.exists) {
      const err = notFoundPullError(image);
      rec.pullBackoff = nextBackoff(rec.pullBackoff, host.clock.now());
      rec.waiting = { reason: 'ErrImagePull', message: err };
      worker.event(rec, 'Warning', 'Failed', `Failed to pull image "${image}": ${err}`);
      worker.event(rec, 'Warning', 'Failed', 'Error: ErrImagePull');
      worker.writeStatus();
      worker.scheduleRetry();
      return;
    }
    host.imageCache.add(normalizedImage(image));
    rec.pullBackoff = undefined;
    const took = pullDuration(ms);
    worker.event(rec, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${b.size} bytes.`);
    if (!create(host, worker, rec)) worker.scheduleRetry();
    worker.writeStatus();
  }, timerLabel(host, worker, rec, 'pull'));
}

/** Creates and starts a run: the environment first, whose error is CreateContainerConfigError. */
function create(host: WorkerHost, worker: PodWorker, rec: ContainerRecord): boolean {
  const image = rec.spec.image ?? '';
  rec.imageID = imageID(image);
  // Only a container that declares an environment has one to resolve (and to fail on).
  const env = declaresEnv(rec.spec) ? resolveEnv(host.store, worker.pod, rec.spec, worker.ip ?? '', host.nodeIP) : undefined;
  if (env && !env.ok) {
    rec.waiting = { reason: 'CreateContainerConfigError', message: env.message };
    worker.event(rec, 'Warning', 'Failed', `Error: ${env.message}`);
    return false;
  }
  const b = host.images.behaviour(image);
  const at = host.clock.now();
  const attempt = (rec.current?.attempt ?? 0) + 1;
  const ports = b.ports ?? tcpPorts(rec.spec);
  const inst: Instance = {
    containerID: host.rng.hex(32, 'containerd://'),
    attempt,
    startedAt: at,
    listenAt: at + b.readyAfterMs,
    ports,
    env: env?.env,
    hostname: podHostname(worker.pod),
    behaviour: b,
    stopping: false,
  };
  if (rec.current) {
    rec.previous = rec.current;
    rec.restartCount++;
  }
  rec.current = inst;
  rec.waiting = undefined;
  rec.started = !rec.spec.startupProbe;
  rec.ready = !rec.init && rec.started && !rec.spec.readinessProbe;
  worker.event(rec, 'Normal', 'Created', rec.text.created);
  worker.event(rec, 'Normal', 'Started', rec.text.started);
  // An init container that is not told to crash does its work during its warm-up and exits 0.
  const crashIn = crashDelay(b, attempt);
  const exitIn = crashIn ?? (rec.init ? b.readyAfterMs : undefined);
  if (exitIn !== undefined) {
    const code = crashIn !== undefined ? b.exitCode : 0;
    const reason = crashIn !== undefined && b.oomKilled ? 'OOMKilled' : code === 0 ? 'Completed' : 'Error';
    const lines = crashIn !== undefined ? b.crashLogs : [];
    for (const line of lines) writeLog(inst, at + exitIn, line);
    holdTimer(inst, host.clock.schedule(exitIn, () => worker.exited(rec, inst, code, reason), timerLabel(host, worker, rec, 'exit')));
  }
  if (!rec.init) worker.startProbes(rec, inst);
  return true;
}

/**
 * Stops a run as the kubelet's killContainer does: the preStop hook first (the app still serves),
 * then SIGTERM — the app closes its listeners and exits after its stop time — or SIGKILL (exit 137)
 * when the grace period, counted from now, runs out first. Called again with a shorter grace (a second
 * `kubectl delete --grace-period`), it brings the SIGKILL forward; never later.
 */
export function stopContainer(host: WorkerHost, worker: PodWorker, rec: ContainerRecord, inst: Instance, graceSeconds: number): void {
  const t0 = host.clock.now();
  const killAt = t0 + Math.max(0, graceSeconds) * 1000;
  if (!inst.stopping) {
    inst.stopping = true;
    const sigtermAt = Math.min(t0 + preStopMs(rec.spec), killAt);
    const exitAt = sigtermAt + (inst.behaviour.stopTimeMs ?? host.rng.intBetween(0, 1000));
    inst.sigtermAt = sigtermAt;
    if (!inst.behaviour.logs) writeLog(inst, sigtermAt, 'received SIGTERM, shutting down');
    if (exitAt <= killAt) {
      scheduleStop(host, worker, rec, inst, exitAt, () => worker.exited(rec, inst, 0, 'Completed'));
      return;
    }
  } else if (inst.stopAt !== undefined && inst.stopAt <= killAt) {
    return;
  }
  if (inst.sigtermAt !== undefined && inst.sigtermAt > killAt) inst.sigtermAt = killAt;
  scheduleStop(host, worker, rec, inst, killAt, () => worker.exited(rec, inst, 137, 'Error'));
}

function scheduleStop(host: WorkerHost, worker: PodWorker, rec: ContainerRecord, inst: Instance, at: number, fn: () => void): void {
  inst.stopTimer?.cancel();
  if (inst.stopTimer) inst.timers?.delete(inst.stopTimer);
  inst.stopAt = at;
  inst.stopTimer = holdTimer(inst, host.clock.scheduleAt(at, fn, timerLabel(host, worker, rec, 'stop')));
}


/**
 * How long the container's preStop hook takes: `sleep.seconds`, or an exec hook that sleeps (`sleep 5`,
 * `sh -c "sleep 5"`, the usual way to let endpoints drain before SIGTERM); other hooks return at once.
 */
export function preStopMs(spec: Container): number {
  const hook = spec.lifecycle?.preStop;
  if (!hook) return 0;
  if (hook.sleep) return Math.max(0, hook.sleep.seconds) * 1000;
  const m = /(?:^|[\s;&|])sleep\s+(\d+(?:\.\d+)?)(?:s\b|\b)/.exec((hook.exec?.command ?? []).join(' '));
  return m ? Number(m[1]) * 1000 : 0;
}

