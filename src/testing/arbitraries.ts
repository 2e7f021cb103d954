/**
 * fast-check arbitraries for rollout properties: clusters, image behaviours, Deployment specs and
 * action lists. Each is a small composable value; `rolloutCase` puts them together. Every generated
 * Deployment is one the API server admits (Kubernetes' validation: maxSurge and maxUnavailable not both
 * zero, maxUnavailable at most 100%, progressDeadlineSeconds above minReadySeconds); `invalidStrategy`
 * generates the ones it must reject. Shrinking goes toward fewer nodes, fewer actions, smaller numbers
 * and healthy images. Pure; cost proportional to the value drawn.
 */
import fc from 'fast-check';
import type { Action, DeploymentShape, ImageBehaviour, IntOrPercent, NodeShape, RolloutCase, Strategy } from './model.js';

/** The cluster's machines: 1–`max` nodes of 2–8 CPUs (room for every pod the cases create). */
export function nodes(max = 4): fc.Arbitrary<NodeShape[]> {
  return fc.array(fc.record({ cpu: fc.constantFrom(2, 4, 8) }), { minLength: 1, maxLength: max });
}

/** Seconds, for warm-ups and the like. */
const seconds = (min: number, max: number) => fc.integer({ min, max });

/** How an app behaves: mostly healthy, sometimes slow, never ready, crashing or flaky. */
export function imageBehaviour(): fc.Arbitrary<ImageBehaviour> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('healthy' as const), readyAfter: seconds(0, 5) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('slow-start' as const), readyAfter: seconds(10, 60) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('never-ready' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), readyAfter: seconds(0, 5), crashAfter: seconds(10, 120) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('flaky' as const), readyAfter: seconds(0, 5), unhealthyAfter: seconds(10, 120) }) },
  );
}

/** Only apps that serve once warm: for properties about rollouts that can succeed. */
export function healthyImage(): fc.Arbitrary<ImageBehaviour> {
  return fc.oneof(
    fc.record({ kind: fc.constant('healthy' as const), readyAfter: seconds(0, 5) }),
    fc.record({ kind: fc.constant('slow-start' as const), readyAfter: seconds(10, 30) }),
  );
}

/** maxSurge or maxUnavailable as Kubernetes accepts it: a count or a percentage. */
export function intOrPercent(maxPercent = 100): fc.Arbitrary<IntOrPercent> {
  return fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: maxPercent }).map((p) => `${p}%` as const));
}

const isZero = (v: IntOrPercent) => v === 0 || v === '0%';

/**
 * A RollingUpdate strategy the API server admits. Both zero is rejected ("may not be 0 when `maxSurge`
 * is 0"), so that case becomes maxSurge 1 — the smallest valid neighbour, which keeps shrinking useful.
 */
export function rollingUpdate(): fc.Arbitrary<Strategy> {
  return fc.record({ maxSurge: intOrPercent(200), maxUnavailable: intOrPercent(100) }).map(({ maxSurge, maxUnavailable }) => ({
    type: 'RollingUpdate' as const,
    maxSurge: isZero(maxSurge) && isZero(maxUnavailable) ? 1 : maxSurge,
    maxUnavailable,
  }));
}

/** Strategies the API server must reject: both zero, or maxUnavailable above 100%. */
export function invalidStrategy(): fc.Arbitrary<Strategy> {
  return fc.oneof(
    fc.record({ maxSurge: fc.constantFrom<IntOrPercent>(0, '0%'), maxUnavailable: fc.constantFrom<IntOrPercent>(0, '0%') }),
    fc.record({ maxSurge: intOrPercent(), maxUnavailable: fc.integer({ min: 101, max: 500 }).map((p) => `${p}%` as const) }),
  ).map((s) => ({ type: 'RollingUpdate' as const, ...s }));
}

export interface DeploymentOptions {
  /** Most replicas. Default 5. */
  maxReplicas?: number;
  /** Allow the Recreate strategy. Default true. */
  recreate?: boolean;
}

/** A Deployment spec as a person would write one, running image 0 (the case's first image). */
export function deploymentShape(opts: DeploymentOptions = {}): fc.Arbitrary<DeploymentShape> {
  const strategy = opts.recreate === false ? rollingUpdate() : fc.oneof({ weight: 5, arbitrary: rollingUpdate() }, { weight: 1, arbitrary: fc.constant<Strategy>({ type: 'Recreate' }) });
  return fc.record({
    replicas: fc.integer({ min: 1, max: opts.maxReplicas ?? 5 }),
    strategy,
    minReadySeconds: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: seconds(1, 30) }),
    progressDeadlineSeconds: fc.constantFrom(600, 120, 60),
    revisionHistoryLimit: fc.constantFrom(10, 1),
    readinessPeriodSeconds: fc.option(fc.constantFrom(1, 2, 5), { nil: undefined, freq: 4 }),
    liveness: fc.boolean(),
    preStopSleepSeconds: fc.option(fc.constantFrom(2, 5), { nil: undefined }),
    image: fc.constant(0),
  }).map((d) => ({ ...d, progressDeadlineSeconds: Math.max(d.progressDeadlineSeconds, d.minReadySeconds + 1) }));
}

/** The kinds of action an action list may hold. */
export type ActionType = Action['type'];

export const ALL_ACTIONS: readonly ActionType[] = [
  'apply', 'scale', 'setImage', 'undo', 'pause', 'resume', 'deletePod',
  'crashNode', 'recoverNode', 'partitionNode', 'healNode', 'cordon', 'uncordon', 'drain', 'deleteNode', 'advance', 'traffic',
];

/** The actions that are faults: they disrupt pods the Deployment did not choose to remove. */
export const FAULT_ACTIONS: readonly ActionType[] = ['deletePod', 'crashNode', 'partitionNode', 'drain', 'deleteNode'];

/** One action; image and node indices are reduced modulo the case's images and nodes when run. */
export function action(types: readonly ActionType[] = ALL_ACTIONS, deployment = deploymentShape()): fc.Arbitrary<Action> {
  const node = fc.integer({ min: 0, max: 7 });
  const byType: Record<ActionType, fc.Arbitrary<Action>> = {
    apply: fc.tuple(deployment, fc.integer({ min: 0, max: 3 })).map(([d, image]) => ({ type: 'apply' as const, deployment: { ...d, image } })),
    scale: fc.integer({ min: 0, max: 6 }).map((replicas) => ({ type: 'scale' as const, replicas })),
    setImage: fc.integer({ min: 0, max: 3 }).map((image) => ({ type: 'setImage' as const, image })),
    undo: fc.constant({ type: 'undo' as const }),
    pause: fc.constant({ type: 'pause' as const }),
    resume: fc.constant({ type: 'resume' as const }),
    deletePod: fc.integer({ min: 0, max: 9 }).map((index) => ({ type: 'deletePod' as const, index })),
    crashNode: node.map((n) => ({ type: 'crashNode' as const, node: n })),
    recoverNode: node.map((n) => ({ type: 'recoverNode' as const, node: n })),
    partitionNode: node.map((n) => ({ type: 'partitionNode' as const, node: n })),
    healNode: node.map((n) => ({ type: 'healNode' as const, node: n })),
    cordon: node.map((n) => ({ type: 'cordon' as const, node: n })),
    uncordon: node.map((n) => ({ type: 'uncordon' as const, node: n })),
    drain: node.map((n) => ({ type: 'drain' as const, node: n })),
    deleteNode: node.map((n) => ({ type: 'deleteNode' as const, node: n })),
    advance: seconds(1, 120).map((s) => ({ type: 'advance' as const, seconds: s })),
    traffic: fc.record({ rps: fc.constantFrom(5, 10, 20), seconds: seconds(10, 60) }).map((t) => ({ type: 'traffic' as const, ...t })),
  };
  // advance and setImage are what move a rollout along: they come up more often.
  return fc.oneof(...types.map((t) => ({ weight: t === 'advance' || t === 'setImage' ? 4 : 1, arbitrary: byType[t] })));
}

export interface RolloutCaseOptions {
  nodes?: fc.Arbitrary<NodeShape[]>;
  /** How each of the case's 1–3 images behaves. */
  image?: fc.Arbitrary<ImageBehaviour>;
  deployment?: fc.Arbitrary<DeploymentShape>;
  /** Which actions the list may hold. Default: all of them. */
  actions?: readonly ActionType[];
  /** Most actions. Default 8. */
  maxActions?: number;
}

/** A whole case. The seed seeds the cluster; indices into images and nodes are made valid here. */
export function rolloutCase(opts: RolloutCaseOptions = {}): fc.Arbitrary<RolloutCase> {
  const deployment = opts.deployment ?? deploymentShape();
  return fc
    .record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      nodes: opts.nodes ?? nodes(),
      images: fc.array(opts.image ?? imageBehaviour(), { minLength: 1, maxLength: 3 }),
      deployment,
      actions: fc.array(action(opts.actions ?? ALL_ACTIONS, deployment), { maxLength: opts.maxActions ?? 8 }),
    })
    .map((c) => {
      const img = (i: number) => i % c.images.length;
      const actions = c.actions.map((a): Action => {
        if (a.type === 'setImage') return { ...a, image: img(a.image) };
        if (a.type === 'apply') return { ...a, deployment: { ...a.deployment, image: img(a.deployment.image) } };
        if ('node' in a) return { ...a, node: a.node % c.nodes.length };
        return a;
      });
      return { ...c, actions };
    });
}
