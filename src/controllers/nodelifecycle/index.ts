/** The node lifecycle controller and the taint eviction controller it works with. */
export { NodeLifecycleController, NODE_LIFECYCLE_ACTOR, type NodeLifecycleOptions } from './controller.js';
export { TaintEvictionController, TAINT_EVICTION_ACTOR } from './taint-eviction.js';
export * from './health.js';
export * from './tolerations.js';
