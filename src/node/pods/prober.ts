/**
 * The prober workers of one container run: one per declared probe (startup, readiness, liveness), each
 * on its own schedule on the simulated clock.
 *
 * Timing: the first run is `initialDelaySeconds` after the container started, then one every
 * `periodSeconds`. The real kubelet starts a worker's ticker when it adds the pod (and sleeps a random
 * part of a period first, only when the kubelet itself has just started), and skips ticks until the
 * initial delay has passed; kubesim anchors the ticks at the container's start with no jitter, so times
 * are exact and a reader can predict them: initialDelaySeconds 5, periodSeconds 10 ⇒ runs at 5 s, 15 s,
 * 25 s … after the start. A run that gets no answer counts `timeoutSeconds` after it began.
 *
 * Guarantees: while a startup probe has not passed, readiness and liveness skip their runs (their
 * schedule goes on); after a liveness or startup failure the worker holds; every timer belongs to the
 * run and dies with it. Cost: one timer per probe per period.
 */
import type { Probe } from '../../api/pod.js';
import type { Clock, Timer } from '../../sim/clock.js';
import { holdTimer, NO_PROBES, type ContainerRecord, type Instance } from './container.js';
import { initialCounter, recordProbe, runProbe, type ProbeResult, type ProbeTarget, type ProbeType } from './probes.js';

export interface ProberHost {
  clock: Clock;
  podIP(): string;
  /** The data plane and shell as seen from this container run. */
  target(inst: Instance): ProbeTarget;
  /** A failed run: the Unhealthy event. */
  unhealthy(rec: ContainerRecord, type: ProbeType, output: string): void;
  /** The probe's result changed. */
  resultChanged(rec: ContainerRecord, inst: Instance, type: ProbeType, result: ProbeResult): void;
  label: string;
}

const PROBE_ORDER: readonly ProbeType[] = ['startup', 'readiness', 'liveness'];

export function probeSpec(rec: ContainerRecord, type: ProbeType): Probe | undefined {
  return type === 'startup' ? rec.spec.startupProbe : type === 'readiness' ? rec.spec.readinessProbe : rec.spec.livenessProbe;
}

/** Starts the prober workers of a fresh run. */
export function startProbes(host: ProberHost, rec: ContainerRecord, inst: Instance): void {
  rec.probes = NO_PROBES;
  for (const type of PROBE_ORDER) {
    const probe = probeSpec(rec, type);
    if (!probe) continue;
    if (rec.probes === NO_PROBES) rec.probes = {};
    rec.probes[type] = initialCounter(type);
    schedule(host, rec, inst, type, probe, (probe.initialDelaySeconds ?? 0) * 1000);
  }
}

function schedule(host: ProberHost, rec: ContainerRecord, inst: Instance, type: ProbeType, probe: Probe, delayMs: number): Timer {
  const timer = host.clock.schedule(delayMs, () => {
    inst.timers?.delete(timer);
    if (!alive(rec, inst)) return;
    const next = schedule(host, rec, inst, type, probe, probe.periodSeconds * 1000);
    const blockedMs = probeOnce(host, rec, inst, type, probe);
    // The worker waits for its probe; a tick that comes meanwhile runs as soon as the probe returns, as
    // Go's ticker delivers one missed tick.
    if (blockedMs >= probe.periodSeconds * 1000) {
      next.cancel();
      inst.timers?.delete(next);
      schedule(host, rec, inst, type, probe, blockedMs);
    }
  }, `${host.label} ${rec.name} ${type} probe`);
  return holdTimer(inst, timer);
}

function alive(rec: ContainerRecord, inst: Instance): boolean {
  return inst.finishedAt === undefined && !inst.stopping && rec.current === inst;
}

/** One run. A run that times out counts `timeoutSeconds` later; returns how long the run blocks. */
function probeOnce(host: ProberHost, rec: ContainerRecord, inst: Instance, type: ProbeType, probe: Probe): number {
  const counter = rec.probes[type];
  if (!counter || counter.onHold) return 0;
  if (type === 'startup' && rec.started) return 0;
  if (type !== 'startup' && rec.spec.startupProbe && !rec.started) return 0;
  const outcome = runProbe(probe, rec.spec, host.podIP(), host.target(inst));
  const record = () => {
    if (!outcome.ok) host.unhealthy(rec, type, outcome.output);
    const { counter: next, changed } = recordProbe(type, rec.probes[type]!, outcome.ok, probe);
    rec.probes[type] = next;
    if (changed) host.resultChanged(rec, inst, type, next.result);
  };
  if (!outcome.timedOut) {
    record();
    return 0;
  }
  const ms = probe.timeoutSeconds * 1000;
  const timer = host.clock.schedule(ms, () => {
    inst.timers?.delete(timer);
    if (alive(rec, inst)) record();
  }, `${host.label} ${rec.name} ${type} probe timeout`);
  holdTimer(inst, timer);
  return ms;
}

/**
 * What a changed result does to the container: readiness sets `ready`; a passed startup probe sets
 * `started` (and `ready` when no readiness probe holds it back); a failed liveness or startup probe
 * kills the container to restart it, within the probe's own terminationGracePeriodSeconds if it has one.
 */
export function applyProbeResult(
  rec: ContainerRecord,
  type: ProbeType,
  result: ProbeResult,
  act: { kill(why: string, graceSeconds: number | undefined): void; report(): void },
): void {
  if (type === 'readiness') {
    rec.ready = result === 'success' && rec.started;
  } else if (type === 'startup' && result === 'success') {
    rec.started = true;
    rec.ready = !rec.spec.readinessProbe || rec.probes.readiness?.result === 'success';
  } else if (result === 'failure') {
    act.kill(`Container ${rec.name} failed ${type} probe`, probeSpec(rec, type)?.terminationGracePeriodSeconds);
    return;
  }
  act.report();
}
