/**
 * kubesim/testing: property-based testing of rollouts. fast-check arbitraries for clusters, images,
 * Deployments and action lists; the invariant library and the monitor that checks it on every store
 * change; the property runner whose failures come back as replayable scenario files; and the mutant
 * names that prove the properties can fail. See docs/property-testing.md.
 */
export * from './arbitraries.js';
export {
  INVARIANTS,
  invariantNamed,
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
  type ActionNote,
  type CheckContext,
  type Checker,
  type Invariant,
  type Violation,
} from './invariants.js';
export { CONVERGENCE_BOUND_MS, REPLICASET_LAG_MS, killedBeforeReady, notConverged } from './invariants/rollout.js';
export { ENDPOINT_LAG_MS, GC_BOUND_MS, POD_GC_BOUND_MS } from './invariants/cluster.js';
export { FAULT_QUIET_MS, MIN_PRESTOP_SECONDS, whyNotGated } from './invariants/traffic.js';
export { activePods, availabilityFloor, podsOf, replicaSetsOf, settled, surgeLimit } from './invariants/family.js';
export * from './model.js';
export { Monitor, type MonitorOptions } from './monitor.js';
export { runCase, startCase, WARM_UP, type CaseRun, type RunOptions, type RunReport, type ScenarioStep } from './run.js';
export { replay, scenarioText, type CounterexampleInfo, type ReplayOptions } from './scenario.js';
export { assertRollout, checkRollout, describeFailure, RolloutPropertyError, type CheckOptions, type CheckResult, type RolloutFailure, type RolloutProperty } from './property.js';
export { MUTANTS, MUTANT_NAMES, parseMutants, type Mutant } from '../sim/mutants.js';
export { InvariantBroken, newRolloutModel, RolloutCommand, rolloutCommands, rolloutSetup, startRollout, type RolloutModel, type RolloutSetup, type RolloutWorld } from './commands.js';
