import { describe, expect, it } from 'vitest';
import { ProbeSchema, type Container } from '../../../src/api/pod.js';
import type { Reply } from '../../../src/sim/reply.js';
import { initialCounter, recordProbe, resolvePort, runProbe, type ProbeType } from '../../../src/node/pods/probes.js';

const probe = (p: Record<string, unknown>) => ProbeSchema.parse(p);

describe('counting probe runs (prober worker)', () => {
  /** The result after each run of `runs` (t = pass, f = fail). */
  function results(type: ProbeType, runs: string, thresholds: Record<string, number>): string {
    const p = probe({ exec: { command: ['true'] }, ...thresholds });
    let c = initialCounter(type);
    let out = '';
    for (const r of runs) {
      c = recordProbe(type, c, r === 't', p).counter;
      out += c.onHold ? 'H' : c.result === 'success' ? 'S' : c.result === 'failure' ? 'F' : '?';
    }
    return out;
  }
  it.each([
    ['readiness starts unready and is ready at the first pass', 'readiness', 't', {}, 'S'],
    ['readiness needs successThreshold passes in a row', 'readiness', 'ttftt', { successThreshold: 2 }, 'FSSSS'],
    ['readiness becomes unready after failureThreshold failures', 'readiness', 'tfftfff', {}, 'SSSSSSF'],
    ['a pass breaks a run of failures', 'readiness', 'tfftff', { failureThreshold: 3 }, 'SSSSSS'],
    ['liveness starts healthy', 'liveness', 'ff', {}, 'SS'],
    ['liveness fails at the threshold and holds', 'liveness', 'fff', {}, 'SSH'],
    ['liveness with failureThreshold 1', 'liveness', 'tf', { failureThreshold: 1 }, 'SH'],
    ['startup is unknown until it passes', 'startup', 'fft', { failureThreshold: 5 }, '??S'],
  ] as [string, ProbeType, string, Record<string, number>, string][])('%s', (_n, type, runs, thresholds, want) => {
    expect(results(type, runs, thresholds)).toBe(want);
  });
});

describe('one probe run, in the prober words', () => {
  const c = { name: 'api', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] } as unknown as Container;
  const target = (reply: Reply) => ({
    httpGet: () => reply,
    tcpConnect: () => reply,
    exec: () => ({ stdout: 'out\n', stderr: 'err\n', exitCode: 1 }),
  });
  const http = probe({ httpGet: { path: '/healthz', port: 'http' } });
  it.each([
    ['200 passes', http, { ok: true, status: 200, body: '' }, { ok: true, output: '' }],
    ['302 passes', http, { ok: true, status: 302, body: '' }, { ok: true, output: '' }],
    ['500 fails', http, { ok: true, status: 500, body: '' }, { ok: false, output: 'HTTP probe failed with statuscode: 500' }],
    ['refused', http, { ok: false, error: 'connection refused' }, { ok: false, output: 'Get "http://10.244.1.7:8080/healthz": dial tcp 10.244.1.7:8080: connect: connection refused' }],
    ['timeout', http, { ok: false, error: 'timeout' }, { ok: false, timedOut: true, output: 'Get "http://10.244.1.7:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' }],
    ['tcp refused', probe({ tcpSocket: { port: 8080 } }), { ok: false, error: 'connection refused' }, { ok: false, output: 'dial tcp 10.244.1.7:8080: connect: connection refused' }],
    ['tcp timeout', probe({ tcpSocket: { port: 8080 } }), { ok: false, error: 'timeout' }, { ok: false, timedOut: true, output: 'dial tcp 10.244.1.7:8080: i/o timeout' }],
    ['exec output', probe({ exec: { command: ['check'] } }), { ok: true, status: 0, body: '' }, { ok: false, output: 'out\nerr' }],
    ['unknown port name', probe({ httpGet: { port: 'metrics' } }), { ok: true, status: 200, body: '' }, { ok: false, output: 'unable to find port "metrics" in container "api"' }],
  ] as [string, ReturnType<typeof probe>, Reply, { ok: boolean; timedOut?: boolean; output: string }][])('%s', (_n, p, reply, want) => {
    expect(runProbe(p, c, '10.244.1.7', target(reply))).toEqual(want);
  });

  it('resolves ports by number, numeric string or name', () => {
    expect([resolvePort(80, c), resolvePort('8080', c), resolvePort('http', c), resolvePort('none', c)]).toEqual([80, 8080, 8080, undefined]);
  });
});
