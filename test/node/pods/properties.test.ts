/**
 * Properties of the pod workers over random image behaviours, pod specs and deletions: what a user can
 * rely on whatever the apps do. fast-check prints the seed and the shrunk case of a failure; pass them to
 * fc.assert to replay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/pod.js';
import { container, world } from './harness.js';

const imageArb = fc.record(
  {
    pullTime: fc.integer({ min: 0, max: 5000 }).map((ms) => `${ms}ms`),
    readyAfter: fc.integer({ min: 0, max: 20 }).map((s) => `${s}s`),
    crashAfter: fc.integer({ min: 1, max: 90 }).map((s) => `${s}s`),
    exitCode: fc.integer({ min: 0, max: 3 }),
    unhealthyAfter: fc.integer({ min: 0, max: 90 }).map((s) => `${s}s`),
    stopTime: fc.integer({ min: 0, max: 60 }).map((s) => `${s}s`),
    exists: fc.boolean(),
  },
  { requiredKeys: ['pullTime'] },
);

const podArb = fc.record({
  restartPolicy: fc.constantFrom('Always', 'OnFailure', 'Never'),
  grace: fc.integer({ min: 0, max: 40 }),
  readiness: fc.boolean(),
  liveness: fc.boolean(),
  deleteAt: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
});

describe('pod worker invariants', () => {
  it('hold on every status the kubelet writes, and a deleted pod is gone within its grace period', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), imageArb, podArb, (seed, image, spec) => {
        const w = world({ 'app:1': image }, seed);
        const probe = { httpGet: { path: '/', port: 80 }, periodSeconds: 5 };
        let last: Pod | undefined;
        const problems: string[] = [];
        w.store.watch('Pod', {}, (e) => {
          const pod = e.object;
          const s = pod.status?.containerStatuses?.[0];
          const prev = last?.status?.containerStatuses?.[0];
          const at = `${w.elapsed()}s`;
          if (s?.ready && !s.state.running) problems.push(`${at}: ready but not running`);
          if (s && prev && s.restartCount < prev.restartCount) problems.push(`${at}: restartCount went down`);
          const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
          if (s && ready !== s.ready) problems.push(`${at}: Ready condition disagrees with the container`);
          const wasTerminal = last?.status?.phase === 'Succeeded' || last?.status?.phase === 'Failed';
          if (wasTerminal && pod.status?.phase !== last?.status?.phase) problems.push(`${at}: left ${last?.status?.phase}`);
          if (spec.restartPolicy === 'Never' && s && s.restartCount > 0) problems.push(`${at}: restarted with restartPolicy Never`);
          last = pod;
        });
        w.run('app', {
          restartPolicy: spec.restartPolicy,
          terminationGracePeriodSeconds: spec.grace,
          containers: [
            container('app:1', {
              ports: [{ containerPort: 80 }],
              ...(spec.readiness ? { readinessProbe: probe } : {}),
              ...(spec.liveness ? { livenessProbe: probe } : {}),
            }),
          ],
        });
        if (spec.deleteAt !== undefined) {
          w.at(spec.deleteAt);
          w.store.delete({ kind: 'Pod', namespace: 'default', name: 'app' }, { actor: 'test' });
          w.at(spec.deleteAt + spec.grace);
          expect(w.pod('app')).toBeUndefined();
        }
        w.at(700);
        expect(problems).toEqual([]);
        return true;
      }),
      { numRuns: 40 },
    );
  });

  it('same seed, same trace, byte for byte', () => {
    const trace = (seed: number) => {
      const w = world({ 'app:1': { crashAfter: '20s', unhealthyAfter: '5s' } }, seed);
      w.run('a', { containers: [container('app:1', { livenessProbe: { tcpSocket: { port: 80 } }, ports: [{ containerPort: 80 }] })] });
      w.run('b', { containers: [container('nginx:1.27')] });
      w.at(300);
      w.store.delete({ kind: 'Pod', namespace: 'default', name: 'b' }, { actor: 'test' });
      w.at(400);
      return JSON.stringify(w.store.list('Pod').items) + JSON.stringify(w.store.list('Event').items);
    };
    expect(trace(11)).toBe(trace(11));
    expect(trace(11)).not.toBe(trace(12));
  });
});
