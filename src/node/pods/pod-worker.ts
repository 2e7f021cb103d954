/**
 * One pod's worker: the kubelet's SyncPod for a pod bound to this node, on the simulated clock. It gives
 * the pod an IP, pulls images, starts containers (with their environment), restarts them per
 * restartPolicy with the crash-loop back-off, runs their probes, stops them gracefully when the pod is
 * deleted and then confirms the deletion.
 *
 * Guarantees: level-triggered — `update(pod)` may be called with every version of the pod, and a pass
 * (`syncPod`) looks at the state and takes the next steps; status is written only when it differs from
 * the stored one and only while `connected()`; events likewise; after `stop()` no timer of this pod
 * fires. Retries after an error (ErrImagePull, CrashLoopBackOff, CreateContainerConfigError) come every
 * 10 s, the pod workers' back-off period. Cost: a handful of timers per container run.
 */
import { isStatusError } from '../../api/errors.js';
import { formatTimestamp } from '../../api/meta.js';
import type { Pod, PodStatus } from '../../api/pod.js';
import type { Timer } from '../../sim/clock.js';
import { deepEqual } from '../../store/equal.js';
import { isRunning, newRecord, NEVER_RAN, type ContainerRecord, type Instance } from './container.js';
import { isInBackOffSince, nextBackoff } from './backoff.js';
import { podStatus } from './report.js';
import { applyProbeResult, startProbes } from './prober.js';
import { startContainer, stopContainer, type WorkerHost } from './runtime.js';
import { probeTitle } from './probes.js';

/** The pod workers' back-off period: a pod whose sync ended in an error is synced again this much later. */
export const SYNC_RETRY_MS = 10_000;

const NO_RECORDS: readonly ContainerRecord[] = Object.freeze([]);

export class PodWorker {
  pod: Pod;
  readonly uid: string;
  readonly containers: ContainerRecord[];
  readonly initContainers: readonly ContainerRecord[];
  ip: string | undefined;
  /** When this worker first synced the pod; undefined until then. */
  private startTime: number | undefined;
  /** The status's startTime: kept from the stored status across a reboot, as the kubelet keeps it. */
  private reportedStartTime: string | undefined;
  private retry: Timer | undefined;
  private truth: PodStatus | undefined;
  /**
   * The latest version of the pod this worker has acted on: one `update` was given, or the one its own
   * status write made of such a version. The watch brings that write back, and acting on it again would
   * change nothing: a status write adds nothing `update` looks at.
   */
  private synced: Pod | undefined;
  /**
   * While this worker writes the status of a version it has acted on, that version: the one change the
   * store can make of it is this write, so a change whose previous version it is, delivered before the
   * write returns, is the write coming back.
   */
  private writingOver: Pod | undefined;
  /** Termination started (deletion seen): no more starts. */
  terminating = false;
  /** Every container stopped after a deletion, or the pod finished for good. */
  terminal = false;
  /** The kubelet has asked the API server to remove the pod. */
  private confirmed = false;
  private stopped = false;

  constructor(
    private readonly host: WorkerHost,
    pod: Pod,
  ) {
    this.pod = pod;
    this.uid = pod.metadata.uid!;
    this.containers = pod.spec.containers.map((c) => newRecord(c));
    // Most pods have none: they share one empty list.
    this.initContainers = pod.spec.initContainers?.length ? pod.spec.initContainers.map((c) => newRecord(c, true)) : NO_RECORDS;
    this.adoptStoredStatus(pod);
  }

  /**
   * A pod this node ran before it rebooted: its containers are gone with the machine, so the next start
   * of each is a restart (restartCount goes on from the stored one), and a pod that had finished stays
   * finished — the kubelet never runs a Succeeded or Failed pod again.
   */
  private adoptStoredStatus(pod: Pod): void {
    const phase = pod.status?.phase;
    this.reportedStartTime = pod.status?.startTime;
    if (phase === 'Succeeded' || phase === 'Failed') {
      this.terminal = true;
      this.truth = pod.status;
      return;
    }
    for (const rec of this.all()) {
      const stored = rec.init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses;
      const old = stored?.find((s) => s.name === rec.name);
      if (old?.containerID) rec.restartCount = old.restartCount + 1;
      else if (old) rec.restartCount = old.restartCount;
    }
  }

  get name(): string {
    return this.pod.metadata.name!;
  }

  get namespace(): string {
    return this.pod.metadata.namespace ?? 'default';
  }

  /** `name_namespace(uid)`, as the kubelet names a pod in messages (format.Pod). */
  get formatted(): string {
    return `${this.name}_${this.namespace}(${this.uid})`;
  }

  /**
   * A new version of the pod arrived from the watch, with the version it replaced when the watch says.
   * A version that comes without one is a listing (a watch started over, after a partition): every pod
   * is looked at again then, even one this worker has acted on.
   */
  update(pod: Pod, previous?: Pod): void {
    if (this.stopped || (pod === this.synced && previous !== undefined)) return;
    if (previous !== undefined && previous === this.writingOver) {
      this.synced = pod;
      return;
    }
    this.pod = pod;
    this.synced = pod;
    if (pod.metadata.deletionTimestamp) {
      this.terminate();
      if (this.terminal) this.confirmDeletion();
      return;
    }
    if (this.startTime === undefined) {
      this.syncPod();
      return;
    }
    if (!this.terminal) this.applyImageChanges(pod);
    this.writeStatus();
  }

  /** Stops every timer; nothing of this pod happens any more. Returns the IP it held, if any. */
  stop(): string | undefined {
    this.stopped = true;
    this.retry?.cancel();
    for (const rec of this.all()) {
      rec.pull?.cancel();
      for (const t of rec.current?.timers ?? []) t.cancel();
    }
    return this.releaseIP();
  }

  // ---- the sync pass ------------------------------------------------------------------------------

  /** One pass: start what should run and is not running; then report. */
  syncPod(): void {
    if (this.stopped || this.terminating || this.terminal) return;
    const now = this.host.clock.now();
    if (this.startTime === undefined) {
      this.startTime = now;
      this.ip = this.host.allocateIP(this);
    }
    const init = this.syncInitContainers(now);
    if (init === 'failed') {
      this.finish(false);
      return;
    }
    let retry = init === 'retry';
    if (init === 'done') {
      for (const rec of this.containers) {
        if (rec.pull || isRunning(rec)) continue;
        const last = rec.current;
        if (last && !this.shouldRestart(last)) continue;
        if (!this.startOrBackOff(rec, now)) retry = true;
      }
      if (this.containers.every((r) => r.current?.finishedAt !== undefined && !this.shouldRestart(r.current))) {
        this.finish(false);
        return;
      }
    } else {
      for (const rec of this.containers) if (!rec.current) rec.waiting = { reason: 'PodInitializing' };
    }
    this.writeStatus();
    if (retry) this.scheduleRetry();
  }

  /**
   * Init containers run one at a time, in order, each to a clean exit before the next starts; the
   * containers wait (PodInitializing) until all have. A failed one is restarted with the same back-off,
   * unless restartPolicy is Never: then the pod fails.
   */
  private syncInitContainers(now: number): 'done' | 'running' | 'retry' | 'failed' {
    for (const rec of this.initContainers) {
      if (rec.pull || isRunning(rec)) return 'running';
      const last = rec.current;
      if (last?.finishedAt !== undefined && last.exitCode === 0) continue;
      if (last && this.pod.spec.restartPolicy === 'Never') return 'failed';
      return this.startOrBackOff(rec, now) ? 'running' : 'retry';
    }
    return 'done';
  }

  /** Starts `rec` now, or reports CrashLoopBackOff while its back-off lasts. False when a retry is due. */
  private startOrBackOff(rec: ContainerRecord, now: number): boolean {
    const last = rec.current;
    if (last?.finishedAt !== undefined && !this.host.mutants.has('no-backoff')) {
      if (isInBackOffSince(rec.backoff, last.finishedAt, now)) {
        const delay = rec.backoff!.delayMs / 1000;
        rec.waiting = {
          reason: 'CrashLoopBackOff',
          message: `back-off ${delay}s restarting failed container=${rec.name} pod=${this.formatted}`,
        };
        this.event(rec, 'Warning', 'BackOff', `Back-off restarting failed container ${rec.name} in pod ${this.formatted}`);
        return false;
      }
      rec.backoff = nextBackoff(rec.backoff, last.finishedAt);
    }
    return startContainer(this.host, this, rec);
  }

  /**
   * restartPolicy: Always restarts any exit, OnFailure a non-zero one, Never none. A liveness kill
   * restarts unless Never; a container killed because its image changed restarts whatever the policy.
   */
  shouldRestart(inst: Instance): boolean {
    const policy = this.pod.spec.restartPolicy;
    if (policy === 'Always' || inst.restartAfterKill === 'always') return true;
    if (policy === 'Never') return false;
    return inst.exitCode !== 0 || inst.restartAfterKill === 'unless-never';
  }

  scheduleRetry(): void {
    if (this.retry || this.stopped) return;
    this.retry = this.host.clock.schedule(SYNC_RETRY_MS, () => {
      this.retry = undefined;
      this.syncPod();
    }, `${this.host.label} retry ${this.namespace}/${this.name}`);
  }

  /** A container run ended: record it, then let the next pass decide about a restart. */
  exited(rec: ContainerRecord, inst: Instance, exitCode: number, reason: string, signal?: number): void {
    if (inst.finishedAt !== undefined) return;
    inst.finishedAt = this.host.clock.now();
    inst.exitCode = exitCode;
    inst.reason = reason;
    if (signal !== undefined) inst.signal = signal;
    for (const t of inst.timers ?? []) t.cancel();
    inst.timers = undefined;
    // A completed init container reads ready, as the kubelet reports it.
    rec.ready = rec.init && exitCode === 0;
    rec.started = false;
    if (this.terminating) {
      if (this.all().every((r) => !isRunning(r))) this.finish(true);
      else this.writeStatus();
      return;
    }
    this.syncPod();
  }

  // ---- probes -------------------------------------------------------------------------------------

  startProbes(rec: ContainerRecord, inst: Instance): void {
    startProbes(
      {
        clock: this.host.clock,
        label: `${this.host.label} ${this.namespace}/${this.name}`,
        podIP: () => this.ip ?? '',
        target: (i) => this.host.probeTarget(this, i),
        unhealthy: (r, type, output) => this.event(r, 'Warning', 'Unhealthy', `${probeTitle(type)} probe failed: ${output}`),
        resultChanged: (r, i, type, result) =>
          applyProbeResult(r, type, result, {
            kill: (why, grace) => this.killToRestart(r, i, why, grace ?? this.pod.spec.terminationGracePeriodSeconds ?? 30, 'unless-never'),
            report: () => this.writeStatus(),
          }),
      },
      rec,
      inst,
    );
  }

  /** Stops a run to start it again: `Killing: <why>, will be restarted`. */
  killToRestart(rec: ContainerRecord, inst: Instance, why: string, grace: number, restart: 'unless-never' | 'always'): void {
    inst.restartAfterKill = restart;
    this.event(rec, 'Normal', 'Killing', `${why}, will be restarted`);
    rec.ready = false;
    stopContainer(this.host, this, rec, inst, grace);
    this.writeStatus();
  }

  /**
   * `kubectl set image` on a pod: the only container field a pod update may change. A running container
   * is killed and restarted with the new image ("definition changed"); one that waits (a bad tag in
   * ImagePullBackOff) is retried at once with a fresh pull back-off.
   */
  private applyImageChanges(pod: Pod): void {
    let retry = false;
    for (const rec of this.all()) {
      const spec = (rec.init ? pod.spec.initContainers : pod.spec.containers)?.find((c) => c.name === rec.name);
      if (!spec || spec.image === rec.spec.image) continue;
      rec.spec = spec;
      rec.pullBackoff = undefined;
      const inst = rec.current;
      if (inst && isRunning(rec)) {
        if (!inst.stopping) this.killToRestart(rec, inst, `Container ${rec.name} definition changed`, pod.spec.terminationGracePeriodSeconds ?? 30, 'always');
        continue;
      }
      rec.pull?.cancel();
      rec.pull = undefined;
      retry = true;
    }
    if (retry) this.syncPod();
  }

  // ---- termination --------------------------------------------------------------------------------

  /** Deletion seen: stop every running container within the grace period; a shorter grace later shortens it. */
  private terminate(): void {
    if (this.terminal) return;
    const grace = this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30;
    const first = !this.terminating;
    this.terminating = true;
    this.retry?.cancel();
    this.retry = undefined;
    if (this.startTime === undefined) {
      this.finish(true);
      return;
    }
    for (const rec of this.all()) {
      rec.pull?.cancel();
      rec.pull = undefined;
      const inst = rec.current;
      if (!inst || inst.finishedAt !== undefined) continue;
      if (!inst.stopping) this.event(rec, 'Normal', 'Killing', rec.text.stopping);
      stopContainer(this.host, this, rec, inst, grace);
    }
    if (this.all().every((r) => !isRunning(r))) this.finish(true);
    else if (first) this.writeStatus();
  }

  /**
   * Every container is done for good: report the terminal status, free the IP, confirm a deletion. After
   * a deletion, a container that never ran is reported as ContainerStatusUnknown, as kubelet 1.27+ does.
   */
  private finish(deleted: boolean): void {
    this.terminal = true;
    for (const rec of this.all()) {
      if (rec.current) rec.waiting = undefined;
      else if (deleted) rec.waiting = { reason: NEVER_RAN.reason, message: NEVER_RAN.message };
    }
    this.writeStatus();
    this.releaseIP();
    if (this.pod.metadata.deletionTimestamp) this.confirmDeletion();
  }

  private releaseIP(): string | undefined {
    const ip = this.ip;
    if (ip) this.host.releaseIP(this, ip);
    return ip;
  }

  /** The kubelet's last word on a deleted pod: delete with grace 0, which removes it from the API. */
  confirmDeletion(): void {
    if (this.confirmed || !this.host.connected()) return;
    try {
      this.host.store.delete(
        { kind: 'Pod', namespace: this.namespace, name: this.name },
        { gracePeriodSeconds: 0, preconditions: { uid: this.uid }, actor: this.host.actor, reason: 'pod terminated' },
      );
      this.confirmed = true;
    } catch (e) {
      if (!isStatusError(e)) throw e;
      this.confirmed = e.reason === 'NotFound';
    }
  }

  // ---- reporting ----------------------------------------------------------------------------------

  /** The status as this kubelet sees it now. */
  computeStatus(): PodStatus {
    return podStatus({
      pod: this.pod,
      containers: this.containers,
      initContainers: this.initContainers,
      podIsTerminal: this.terminal,
      podIP: this.ip,
      hostIPs: this.host.nodeIPs,
      startTime: this.reportedStartTime ?? formatTimestamp(this.startTime ?? this.host.clock.now()),
      previous: this.truth,
      now: this.host.clock.now(),
    });
  }

  /** Writes the status when it differs from the stored one, and the API server can be reached. */
  writeStatus(): void {
    if (this.stopped || this.confirmed) return;
    const next = this.computeStatus();
    this.truth = next;
    if (!this.host.connected()) return;
    // Once the API server holds what the kubelet sees, the truth is the stored status itself, equal
    // and already kept: holding the computed copy as well would keep every pod's status twice.
    if (deepEqual(next, this.pod.status)) {
      this.truth = this.pod.status;
      return;
    }
    // The status is put over the version the API server holds now, as the kubelet's status manager
    // puts it; a pod of the same name that is not this one (or none) is not this worker's to write.
    const base = this.host.store.get('Pod', this.namespace, this.name);
    if (!base || base.metadata.uid !== this.uid) return;
    if (base === this.synced) this.writingOver = base;
    try {
      this.pod = this.host.store.putStatus({ kind: 'Pod', namespace: this.namespace, name: this.name }, next, { actor: this.host.actor, reason: 'pod status' });
      if (base === this.synced) this.synced = this.pod;
      this.truth = this.pod.status;
    } catch (e) {
      // A status the API server refuses is a bug in this model, not a condition to wait out.
      if (!isStatusError(e) || e.reason === 'Invalid') throw e;
    } finally {
      this.writingOver = undefined;
    }
  }

  /** Reports the current truth again and finishes a deletion the partition held up. */
  resync(): void {
    if (this.stopped) return;
    const stored = this.host.store.get('Pod', this.namespace, this.name);
    if (stored && stored.metadata.uid === this.uid) this.pod = stored;
    this.writeStatus();
    if (this.terminal && this.pod.metadata.deletionTimestamp) this.confirmDeletion();
  }

  event(rec: ContainerRecord | undefined, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (!this.host.connected()) return;
    this.host.events.event(this.pod, type, reason, message, rec?.text.fieldPath);
  }

  /** Init containers, then containers. */
  all(): ContainerRecord[] {
    return [...this.initContainers, ...this.containers];
  }
}
