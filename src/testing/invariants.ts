/**
 * The invariant library: named facts about a cluster that must hold while a rollout runs, each
 * documented with what it says, when it applies and why Kubernetes guarantees it. A `Monitor`
 * (monitor.ts) checks them on every store change, as the change is delivered, not only at the end; the
 * ones about time (a lag allowed, a settle bound) arm a timer on the simulated clock and look again then.
 *
 * Write your own: an `Invariant` names the kinds it watches and makes a `Checker` per run; the checker
 * sees each change (`onChange`), each action the test takes (`onAction`), and the end of the run
 * (`atEnd`), and calls `ctx.fail(message)` when the fact does not hold. Checkers only read the store.
 */
import type { KubeObject } from '../api/meta.js';
import type { Clock, Timer } from '../sim/clock.js';
import type { Store } from '../store/store.js';
import type { WatchEvent } from '../store/types.js';
import type { TrafficSummary } from '../network/traffic.js';
import { availabilityBound, convergence, revisionMonotonicity, surgeBound } from './invariants/rollout.js';
import { endpointsReady, noPodOnMissingNode, ownerReferencesResolve, resourceVersionsIncrease, restartBackOff } from './invariants/cluster.js';
import { zeroFailedRequests } from './invariants/traffic.js';
import type { Action, ImageBehaviour } from './model.js';

/** One broken invariant: which, when (simulated ms since the epoch), and what was seen. */
export interface Violation {
  invariant: string;
  time: number;
  message: string;
}

/** An action the test took, as the checkers hear of it: before it runs and after. */
export interface ActionNote {
  action: Action;
  phase: 'start' | 'end';
  /** The node a node action acts on, by name. */
  node?: string;
  /** For traffic, once it ended: what it counted. */
  traffic?: TrafficSummary;
}

export interface CheckContext {
  store: Store;
  clock: Clock;
  /** How the app in an image reference behaves, as the test declared it (undefined: not declared). */
  image(ref: string): ImageBehaviour | undefined;
  /** Records a violation of this invariant at the current simulated time. */
  fail(message: string): void;
  /** A timer on the simulated clock, for "still wrong after the allowed lag?". */
  after(ms: number, fn: () => void): Timer;
}

export interface Checker {
  onChange?(kind: string, event: WatchEvent<KubeObject>): void;
  onAction?(note: ActionNote): void;
  /** The run is over and the faults healed: the last chance to complain (convergence). */
  atEnd?(): void;
}

export interface Invariant {
  name: string;
  /** One paragraph: what holds, when, and why Kubernetes makes it so. */
  description: string;
  /** The kinds whose changes `onChange` is given. */
  kinds: readonly string[];
  create(ctx: CheckContext): Checker;
}

/** Every invariant kubesim ships, in the order a failure report lists them. */
export const INVARIANTS: readonly Invariant[] = [
  surgeBound,
  availabilityBound,
  endpointsReady,
  noPodOnMissingNode,
  ownerReferencesResolve,
  resourceVersionsIncrease,
  revisionMonotonicity,
  restartBackOff,
  zeroFailedRequests,
  convergence,
];

export {
  availabilityBound,
  convergence,
  endpointsReady,
  noPodOnMissingNode,
  ownerReferencesResolve,
  resourceVersionsIncrease,
  restartBackOff,
  revisionMonotonicity,
  surgeBound,
  zeroFailedRequests,
};

/** The invariant called `name`; throws naming the known ones. */
export function invariantNamed(name: string): Invariant {
  const found = INVARIANTS.find((i) => i.name === name);
  if (!found) throw new Error(`invariant: unknown name "${name}"; known invariants: ${INVARIANTS.map((i) => i.name).join(', ')}`);
  return found;
}
