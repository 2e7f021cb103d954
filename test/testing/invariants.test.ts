import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deploymentShape, healthyImage, nodes } from '../../src/testing/arbitraries.js';
import { ENDPOINT_LAG_MS } from '../../src/testing/invariants/cluster.js';
import { killedBeforeReady, notConverged } from '../../src/testing/invariants/rollout.js';
import { endpointsReady, INVARIANTS, type Invariant } from '../../src/testing/invariants.js';
import type { DeploymentShape, ImageBehaviour, RolloutCase } from '../../src/testing/model.js';
import { checkRollout } from '../../src/testing/property.js';
import { PROPERTIES } from '../../src/testing/properties.js';
import { runCase } from '../../src/testing/run.js';
import type { Cluster } from '../../src/cluster.js';
import type { Deployment } from '../../src/api/deployment.js';

const web: DeploymentShape = {
  replicas: 3,
  strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 },
  minReadySeconds: 0,
  progressDeadlineSeconds: 600,
  revisionHistoryLimit: 10,
  readinessPeriodSeconds: 1,
  liveness: false,
  image: 0,
};

describe('invariants on the simulated clock', () => {
  it('a plain rollout breaks none of them', () => {
    const c: RolloutCase = { seed: 3, nodes: [{ cpu: 4 }, { cpu: 4 }], images: [{ kind: 'healthy', readyAfter: 2 }, { kind: 'slow-start', readyAfter: 15 }], deployment: web, actions: [{ type: 'setImage', image: 1 }, { type: 'traffic', rps: 10, seconds: 60 }] };
    expect(runCase(c).violations).toEqual([]);
  });

  it(`endpoints-ready allows the EndpointSlice controller exactly ${ENDPOINT_LAG_MS} ms`, () => {
    // With the not-ready-endpoints mutant a warming pod is published ready at once; the violation is
    // recorded 1 ms after the allowed lag, counted from the pod's creation (it was never Ready).
    const c: RolloutCase = { seed: 5, nodes: [{ cpu: 2 }], images: [{ kind: 'slow-start', readyAfter: 20 }], deployment: { ...web, replicas: 1 }, actions: [] };
    let cluster: Cluster | undefined;
    const report = runCase(c, { invariants: [endpointsReady], mutants: ['not-ready-endpoints'], onCluster: (x) => (cluster = x) });
    const created = cluster!.store.trace.entries().find((e) => e.kind === 'Pod' && e.verb === 'create')!.time;
    expect(report.violations[0]!.invariant).toBe('endpoints-ready');
    expect(report.violations[0]!.time - created).toBe(ENDPOINT_LAG_MS + 1);
    // Without the mutant the pod joins the slice only once Ready: nothing to report.
    expect(runCase(c, { invariants: [endpointsReady] }).violations).toEqual([]);
  });

  it.each([
    ['no liveness probe', undefined, 24, false],
    ['period 5 s × 2 failures, no initial delay: a 24 s warm-up is killed', { periodSeconds: 5, failureThreshold: 2 }, 24, true],
    ['the same probe, a 4 s warm-up', { periodSeconds: 5, failureThreshold: 2 }, 4, false],
    ['initialDelaySeconds 30 covers a 24 s warm-up', { initialDelaySeconds: 30, periodSeconds: 5, failureThreshold: 2 }, 24, false],
  ])('killedBeforeReady: %s', (_name, probe, readyAfter, killed) => {
    const d = { spec: { template: { spec: { containers: [{ name: 'app', ...(probe ? { livenessProbe: probe } : {}) }] } } } } as unknown as Deployment;
    expect(killedBeforeReady(d, { kind: 'slow-start', readyAfter })).toBe(killed);
  });

  it('every invariant has a name and a description that says when it applies', () => {
    const names = INVARIANTS.map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);
    for (const i of INVARIANTS) expect(i.description.length).toBeGreaterThan(80);
  });
});

describe('the worked example of docs/property-testing.md', () => {
  // "Every rollout completes": the convergence check without its exemptions.
  const rolloutCompletes: Invariant = {
    name: 'rollout-completes',
    description: 'Ten minutes after the last action, every Deployment has finished its rollout.',
    kinds: [],
    create: (ctx) => ({
      atEnd() {
        for (const d of ctx.store.items('Deployment')) {
          const why = notConverged(ctx, d);
          if (why) ctx.fail(`deployment ${d.metadata.name} did not complete: ${why}`);
        }
      },
    }),
  };
  const flaky: fc.Arbitrary<ImageBehaviour> = fc.record({ kind: fc.constant('flaky' as const), readyAfter: fc.integer({ min: 0, max: 5 }), unhealthyAfter: fc.integer({ min: 10, max: 120 }) });
  const cases = (image: fc.Arbitrary<ImageBehaviour>, liveness: boolean): fc.Arbitrary<RolloutCase> =>
    fc.record({
      seed: fc.integer({ min: 1, max: 1000 }),
      nodes: nodes(2),
      images: fc.tuple(healthyImage(), image).map((xs) => [...xs]),
      deployment: deploymentShape({ recreate: false, maxReplicas: 3 }).map((d) => ({ ...d, liveness, readinessPeriodSeconds: 2 })),
      actions: fc.constant<RolloutCase['actions']>([{ type: 'setImage', image: 1 }, { type: 'advance', seconds: 300 }]),
    });

  it('finds that a flaky app with minReadySeconds longer than its good spells never completes a rollout', () => {
    const res = checkRollout({ name: 'rollouts complete', cases: cases(flaky, true), invariants: [rolloutCompletes] }, { seed: 1, numRuns: 20, shrinkRuns: 30 });
    expect(res.ok).toBe(false);
    const c = res.failure!.case;
    const app = c.images[1] as Extract<ImageBehaviour, { kind: 'flaky' }>;
    // Pods flap: Ready from readyAfter until unhealthyAfter, then restarted. If minReadySeconds is at least
    // that good spell, no pod is ever available and the rollout cannot finish.
    expect(c.deployment.minReadySeconds).toBeGreaterThanOrEqual(app.unhealthyAfter - app.readyAfter - 10);
    expect(res.failure!.violation.message).toMatch(/did not complete/);
  }, 120_000);

  it('with apps that stay healthy, every rollout completes', () => {
    expect(checkRollout({ name: 'rollouts complete', cases: cases(healthyImage(), false), invariants: [rolloutCompletes] }, { seed: 1, numRuns: 8 }).ok).toBe(true);
  }, 60_000);
});

describe("kubesim's own properties, on the CI budget (fixed seed)", () => {
  it.each(PROPERTIES.map((p) => [p.name, p] as const))('%s', (_name, property) => {
    const res = checkRollout(property, { seed: 20261125, numRuns: 12 });
    expect(res.failure ? res.failure.violation : undefined).toBeUndefined();
  }, 60_000);
});
