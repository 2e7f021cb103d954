/**
 * Probes, the pure parts: what one probe run finds (from the data plane's Reply or the exec shell), in
 * the kubelet prober's words, and how runs are counted into a result (pkg/kubelet/prober/worker.go).
 *
 * Counting, as the prober worker does it: consecutive equal outcomes form a run; the result changes only
 * when a run reaches successThreshold (successes) or failureThreshold (failures). Readiness starts as
 * failure (not ready until a probe passes), liveness as success, startup as unknown. After a liveness or
 * startup failure the worker holds (probes nothing) until the container is replaced.
 *
 * Guarantees: pure functions of their arguments; O(1) except exec, which is linear in the command.
 */
import type { Container, Probe } from '../../api/pod.js';
import type { Reply } from '../../sim/reply.js';
import type { ExecResult } from '../kubelet.js';

export type ProbeType = 'startup' | 'readiness' | 'liveness';
export type ProbeResult = 'success' | 'failure' | 'unknown';

export interface ProbeCounter {
  result: ProbeResult;
  /** The outcome of the last run, and how many times in a row it came. */
  last?: boolean;
  run: number;
  /** Set after a liveness/startup failure: nothing more is probed for this container. */
  onHold: boolean;
}

export function initialCounter(type: ProbeType): ProbeCounter {
  return { result: type === 'readiness' ? 'failure' : type === 'liveness' ? 'success' : 'unknown', run: 0, onHold: false };
}

/** Counts one run; `changed` says whether the result moved. */
export function recordProbe(type: ProbeType, c: ProbeCounter, ok: boolean, probe: Probe): { counter: ProbeCounter; changed: boolean } {
  const run = c.last === ok ? c.run + 1 : 1;
  const threshold = ok ? probe.successThreshold : probe.failureThreshold;
  if (run < threshold) return { counter: { ...c, last: ok, run }, changed: false };
  const result: ProbeResult = ok ? 'success' : 'failure';
  const hold = !ok && type !== 'readiness';
  return {
    counter: { result, last: ok, run: hold ? 0 : run, onHold: hold },
    changed: result !== c.result,
  };
}

/** The probe's name in events: `Readiness probe failed: …`. */
export function probeTitle(type: ProbeType): string {
  return `${type[0]!.toUpperCase()}${type.slice(1)}`;
}

export interface ProbeOutcome {
  ok: boolean;
  /** No answer came: the result is known only when the probe's timeout runs out. */
  timedOut?: boolean;
  /** For a failure, what the Unhealthy event says after `… probe failed: `. */
  output: string;
}

export interface ProbeTarget {
  httpGet(ip: string, port: number, path: string): Reply;
  tcpConnect(ip: string, port: number): Reply;
  exec(argv: string[]): ExecResult;
}

/** A port by number, or by the name of one of the container's ports; undefined when the name is unknown. */
export function resolvePort(port: number | string, container: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function dialError(ip: string, port: number, reply: Extract<Reply, { ok: false }>): string {
  if (reply.error === 'timeout') return `dial tcp ${ip}:${port}: i/o timeout`;
  return `dial tcp ${ip}:${port}: connect: ${reply.error}`;
}

/** Runs the probe's action against the container at `podIP`. */
export function runProbe(probe: Probe, container: Container, podIP: string, target: ProbeTarget): ProbeOutcome {
  if (probe.exec) {
    const r = target.exec(probe.exec.command ?? []);
    return r.exitCode === 0 ? { ok: true, output: '' } : { ok: false, output: `${r.stdout}${r.stderr}`.trimEnd() };
  }
  const action = probe.httpGet ?? probe.tcpSocket ?? probe.grpc;
  if (!action) return { ok: false, output: 'missing probe handler' };
  const port = resolvePort(action.port, container);
  if (port === undefined) return { ok: false, output: `unable to find port "${String(action.port)}" in container "${container.name}"` };
  const host = (probe.httpGet?.host ?? (probe.tcpSocket?.host as string | undefined)) || podIP;
  if (probe.httpGet) {
    const scheme = probe.httpGet.scheme.toLowerCase();
    const url = `${scheme}://${host}:${port}${probe.httpGet.path}`;
    const r = target.httpGet(host, port, probe.httpGet.path);
    if (!r.ok) {
      if (r.error === 'timeout') return { ok: false, timedOut: true, output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
      return { ok: false, output: `Get "${url}": ${dialError(host, port, r)}` };
    }
    if (r.status >= 200 && r.status < 400) return { ok: true, output: '' };
    return { ok: false, output: `HTTP probe failed with statuscode: ${r.status}` };
  }
  if (probe.tcpSocket) {
    const r = target.tcpConnect(host, port);
    return r.ok ? { ok: true, output: '' } : { ok: false, ...(r.error === 'timeout' ? { timedOut: true } : {}), output: dialError(host, port, r) };
  }
  // gRPC: the health service answers SERVING when the app serves; kubesim asks the app at its root.
  const r = target.httpGet(host, port, '/');
  if (r.ok && r.status >= 200 && r.status < 400) return { ok: true, output: '' };
  if (r.ok) return { ok: false, output: `service unhealthy (responded with "NOT_SERVING")` };
  return { ok: false, timedOut: r.error === 'timeout', output: `timeout: failed to connect service "${host}:${port}" within ${probe.timeoutSeconds}s: context deadline exceeded` };
}
