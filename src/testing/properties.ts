/**
 * The properties kubesim checks about itself, in `npm test` (a small fixed budget) and in
 * `npm run fuzz` (as long as you like): each is a set of cases and the invariants that must hold on
 * them. They double as examples of how to narrow the arbitraries to the question being asked.
 */
import fc from 'fast-check';
import { action, deploymentShape, healthyImage, imageBehaviour, nodes, rolloutCase, type ActionType } from './arbitraries.js';
import { availabilityBound, endpointsReady, surgeBound, zeroFailedRequests } from './invariants.js';
import type { Action, DeploymentShape, RolloutCase } from './model.js';
import type { RolloutProperty } from './property.js';

/** Everything at once: any image, any strategy, any action including node faults; every invariant. */
export const rolloutsUnderFaults: RolloutProperty = { name: 'rollouts under faults', cases: rolloutCase() };

const CALM: readonly ActionType[] = ['apply', 'scale', 'setImage', 'undo', 'pause', 'resume', 'advance', 'traffic'];

/** Rollouts, scaling, undo and pause with no node faults and no pod deletions; every invariant. */
export const rolloutsWithoutFaults: RolloutProperty = {
  name: 'rollouts without faults',
  cases: rolloutCase({ actions: CALM, image: imageBehaviour() }),
};

/** maxUnavailable 0, a readiness probe and a preStop sleep: the recipe for zero downtime. */
export function gatedDeployment(): fc.Arbitrary<DeploymentShape> {
  return fc
    .tuple(deploymentShape({ recreate: false, maxReplicas: 4 }), fc.integer({ min: 1, max: 2 }), fc.constantFrom(1, 2), fc.constantFrom(2, 5))
    .map(([d, surge, period, sleep]) => ({ ...d, strategy: { type: 'RollingUpdate' as const, maxSurge: surge, maxUnavailable: 0 }, readinessPeriodSeconds: period, preStopSleepSeconds: sleep, liveness: false }));
}

/** A new image, then traffic while it rolls out, repeated. */
function gatedActions(): fc.Arbitrary<Action[]> {
  const rollout = fc.tuple(action(['setImage']), action(['traffic'])).map(([s, t]) => [s, t]);
  return fc.array(rollout, { minLength: 1, maxLength: 3 }).map((xs) => xs.flat());
}

/** Gated rollouts of apps that stay Ready, under traffic: not one request may fail. */
export const gatedRollouts: RolloutProperty = {
  name: 'gated rollouts under traffic',
  cases: fc
    .record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      nodes: nodes(3),
      images: fc.array(healthyImage(), { minLength: 2, maxLength: 3 }),
      deployment: gatedDeployment(),
      actions: gatedActions(),
    })
    .map((c): RolloutCase => ({ ...c, actions: c.actions.map((a) => (a.type === 'setImage' ? { ...a, image: a.image % c.images.length } : a)) })),
  invariants: [zeroFailedRequests, endpointsReady, availabilityBound, surgeBound],
};

export const PROPERTIES: readonly RolloutProperty[] = [rolloutsWithoutFaults, rolloutsUnderFaults, gatedRollouts];
