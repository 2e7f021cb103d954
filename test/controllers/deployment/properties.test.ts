/**
 * The Deployment controller under random specs and random sequences of image changes, scaling, pause
 * and resume (no faults). Checked on every change: non-terminating pods never exceed replicas +
 * maxSurge (of any spec in force during the last second, since a scale-down takes a moment to reach the
 * pods); once replicas − maxUnavailable pods are available for the current replica count, with every
 * ReplicaSet's status caught up with its spec, fewer never are; revisions only grow. A Recreate
 * Deployment never has pods of two templates at once, terminating ones included.
 *
 * Why "caught up": a ReplicaSet controller that deletes pods reports the status it computed before the
 * deletion (as Kubernetes' does), so for a moment a ReplicaSet scaled from 5 to 4 says 5 available. A
 * template change landing in that moment lets the Deployment controller scale old pods down on the
 * strength of pods already gone — Kubernetes behaves the same; so a template change while a ReplicaSet
 * is behind suspends the availability promise until everything has caught up again (seed 1040799987:
 * replicas 2, maxSurge 1, maxUnavailable 1, three images 5 ms apart). Found by this property (seed 1, replicas
 * 0, maxSurge 0, maxUnavailable 3: scale to 5, 100 ms, scale to 4 and change the image at once). After the last action: converged within a stated bound. fast-check prints
 * the seed and the shrunk steps of a failure; pass them to fc.assert to replay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../../src/api/deployment.js';
import { isPodActive, isPodReady } from '../../../src/api/podutil.js';
import { maxSurge, maxUnavailable } from '../../../src/controllers/deployment/util/replicas.js';
import { maxRevision, revisionOf } from '../../../src/controllers/deployment/util/revision.js';
import { rolloutStatus } from '../../../src/kubectl/rollout/index.js';
import { deploymentManifest, world } from './harness.js';

type Step = { do: 'image'; image: string } | { do: 'scale'; replicas: number } | { do: 'pause'; paused: boolean } | { do: 'advance'; ms: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ do: fc.constant('image' as const), image: fc.constantFrom('app:1', 'app:2', 'app:3') }), weight: 3 },
  { arbitrary: fc.record({ do: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 8 }) }), weight: 2 },
  { arbitrary: fc.record({ do: fc.constant('pause' as const), paused: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ do: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 8000 }) }), weight: 4 },
);

const fencepostArb = fc.constantFrom<number | string>(0, 1, 2, 3, '25%', '50%');
const specArb = fc
  .record({ replicas: fc.integer({ min: 0, max: 8 }), surge: fencepostArb, unavailable: fencepostArb, readyAfter: fc.integer({ min: 100, max: 3000 }), terminateAfter: fc.integer({ min: 0, max: 3000 }) })
  .filter((s) => s.surge !== 0 || s.unavailable !== 0);

const READY_WITHIN_MS = 1000;

describe('DeploymentController properties', () => {
  it('bounded pods, kept availability, growing revisions, and convergence after the last action', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), specArb, fc.array(stepArb, { maxLength: 20 }), (seed, spec, steps) => {
        const w = world({ seed, readyAfter: spec.readyAfter, terminateAfter: spec.terminateAfter });
        w.store.create(deploymentManifest('web', spec.replicas, 'app:1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: spec.surge, maxUnavailable: spec.unavailable } } }));
        const violations: string[] = [];
        // (time it stopped being in force, replicas + maxSurge) of each spec seen.
        const bounds: Array<{ until: number; max: number }> = [];
        let lastSpec: Deployment = w.get();
        let reached = false;
        let lastRevision = 0;
        let lastMaxRS = 0;
        const check = () => {
          const d = w.get();
          const now = w.clock.now();
          if (d.spec.replicas !== lastSpec.spec.replicas) {
            bounds.push({ until: now, max: lastSpec.spec.replicas + maxSurge(lastSpec) });
            reached = false;
          }
          const replicaSetsCaughtUp = w.replicaSets().every(
            (rs) =>
              rs.status?.replicas === rs.spec.replicas &&
              (rs.status?.observedGeneration ?? 0) >= (rs.metadata.generation ?? 0) &&
              (rs.spec.replicas === 0 || rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] === String(d.spec.replicas)),
          );
          // A template change that lands while a ReplicaSet's status is behind is acted on with that
          // status (see above): the promise holds again once everything has caught up.
          if (d.spec.template !== lastSpec.spec.template && !replicaSetsCaughtUp) reached = false;
          lastSpec = d;
          const active = w.activePods();
          const bound = Math.max(d.spec.replicas + maxSurge(d), ...bounds.filter((b) => now - b.until <= READY_WITHIN_MS).map((b) => b.max));
          if (active.length > bound) violations.push(`t=${now}: ${active.length} pods > ${bound}`);
          const available = active.filter(isPodReady).length;
          const min = d.spec.replicas - maxUnavailable(d);
          if (reached && available < min) violations.push(`t=${now}: ${available} available < ${min}`);
          const caughtUp = (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && replicaSetsCaughtUp;
          if (available >= min && caughtUp) reached = true;
          const rev = revisionOf(d) ?? 0;
          const maxRS = maxRevision(w.replicaSets());
          if (rev < lastRevision || maxRS < lastMaxRS) violations.push(`t=${now}: revision went back (${lastRevision}→${rev}, ${lastMaxRS}→${maxRS})`);
          lastRevision = rev;
          lastMaxRS = maxRS;
        };
        for (const kind of ['Pod', 'ReplicaSet', 'Deployment'] as const) w.store.watch(kind, { resourceVersion: w.store.resourceVersion }, check);

        for (const s of steps) {
          if (s.do === 'image') w.setImage(s.image);
          else if (s.do === 'scale') w.scale(s.replicas);
          else if (s.do === 'pause') w.setPaused(s.paused);
          else w.clock.advance(s.ms);
        }
        if (w.get().spec.paused) w.setPaused(false);
        const d = w.get();
        // Each rolling step waits at most one pod start and one termination; a Deployment of R replicas
        // needs at most R + 1 of them (the surge included), and old ReplicaSets of up to 8 drain alongside.
        const boundMs = (Math.max(d.spec.replicas, 8) + 2) * (spec.readyAfter + spec.terminateAfter + 100) + 1000;
        const converged = () => {
          const cur = w.get();
          const pods = w.pods();
          const image = cur.spec.template.spec.containers[0]!.image;
          return (
            rolloutStatus(cur).done &&
            pods.length === cur.spec.replicas &&
            pods.every((p) => isPodActive(p) && isPodReady(p) && p.spec.containers[0]!.image === image) &&
            (cur.status?.unavailableReplicas ?? 0) === 0
          );
        };
        const result = w.clock.runUntil(converged, { timeout: boundMs });
        expect(violations).toEqual([]);
        expect(result.ok ? 'converged' : `not converged within ${boundMs} ms: ${JSON.stringify(w.get().status)}`).toBe('converged');
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('Recreate never runs two templates at once, terminating pods included, and converges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.record({ replicas: fc.integer({ min: 0, max: 6 }), readyAfter: fc.integer({ min: 100, max: 3000 }), terminateAfter: fc.integer({ min: 0, max: 3000 }) }),
        fc.array(stepArb, { maxLength: 15 }),
        (seed, spec, steps) => {
          const w = world({ seed, readyAfter: spec.readyAfter, terminateAfter: spec.terminateAfter });
          w.store.create(deploymentManifest('web', spec.replicas, 'app:1', { strategy: { type: 'Recreate' } }));
          const mixed: string[] = [];
          w.store.watch('Pod', { resourceVersion: w.store.resourceVersion }, () => {
            const images = new Set(w.pods().map((p) => p.spec.containers[0]!.image));
            if (images.size > 1) mixed.push(`t=${w.clock.now()}: ${[...images].join(', ')}`);
          });
          for (const s of steps) {
            if (s.do === 'image') w.setImage(s.image);
            else if (s.do === 'scale') w.scale(s.replicas);
            else if (s.do === 'pause') w.setPaused(s.paused);
            else w.clock.advance(s.ms);
          }
          if (w.get().spec.paused) w.setPaused(false);
          // Old pods stop (terminateAfter), then the new ones start (readyAfter): one round, plus reaction time.
          const boundMs = spec.readyAfter + spec.terminateAfter + 1000;
          const result = w.clock.runUntil(() => rolloutStatus(w.get()).done && w.pods().length === w.get().spec.replicas, { timeout: boundMs });
          expect(mixed).toEqual([]);
          expect(result.ok ? 'converged' : `not converged within ${boundMs} ms: ${JSON.stringify(w.get().status)}`).toBe('converged');
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it('the same seed and actions give the same trace, byte for byte', () => {
    const run = () => {
      const w = world({ seed: 7, readyAfter: 700, terminateAfter: 300 });
      w.store.create(deploymentManifest('web', 4, 'app:1'));
      w.clock.advance('5s');
      w.setImage('app:2');
      w.clock.advance('1500ms');
      w.scale(7);
      w.clock.advance('30s');
      return JSON.stringify(w.store.trace.entries());
    };
    expect(run()).toBe(run());
  });
});
