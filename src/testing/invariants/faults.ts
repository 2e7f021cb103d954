/** The test's actions that are involuntary disruptions: they remove or silence pods no controller chose. */
import type { Action } from '../model.js';

export const FAULTS: ReadonlySet<Action['type']> = new Set(['deletePod', 'crashNode', 'recoverNode', 'partitionNode', 'healNode', 'drain', 'deleteNode']);
