/**
 * The scheduler: places pods on nodes the way kube-scheduler's default profile does (see
 * docs/scheduler.md). `Scheduler` is the actor; the rest are the pure pieces it is made of, exported for
 * tests, scenarios and teaching.
 */
export { Scheduler, SCHEDULER_NAME, needsScheduling, type SchedulerOptions } from './scheduler.js';
export { schedulePod, fitErrorMessage, preemptionMessage, ERR_NO_NODES_AVAILABLE, type ScheduleResult } from './schedule.js';
export {
  runFilters,
  toleratesTaint,
  ERR_NODE_AFFINITY,
  ERR_NODE_UNSCHEDULABLE,
  ERR_TOO_MANY_PODS,
  type FilterStatus,
} from './filters.js';
export { NodeInfo, effectiveTaints } from './node-info.js';
export { scoreNodes, selectHost, WEIGHTS, type NodeScore } from './scores.js';
export { podRequests, usageFromPods, type NodeUsage, type Resources } from './resources.js';
