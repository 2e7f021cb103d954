/**
 * kubectl's rollout logic for Deployments, as pure functions over objects and the store: status,
 * history, undo, pause, resume, restart. No argument parsing and no printing here; each returns what
 * kubectl would print (stdout) or its error text, and the patch it would send.
 */
export { rolloutStatus, type RolloutStatus } from './status.js';
export { rolloutHistory, historyInfo, type RolloutOutput } from './history.js';
export { rolloutUndo, replicaSetForRevision, type UndoResult } from './undo.js';
export { rolloutPause, rolloutResume, rolloutRestart, RESTARTED_AT, type ControlResult } from './control.js';
export { describePodTemplate, describeProbe } from './template.js';
export { deploymentReplicaSets } from './replicasets.js';
