/**
 * A fuzz worker thread: runs the tasks it is sent, one simulation at a time, and posts each result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PROPERTIES } from '../properties.js';
import { checkRollout } from '../property.js';
import type { Task, TaskResult } from './plan.js';

const { out, mutants } = workerData as { out: string; mutants: string[] };

parentPort!.on('message', (task: Task | null) => {
  if (task === null) return process.exit(0);
  parentPort!.postMessage(runTask(task));
});

function runTask(task: Task): TaskResult {
  const property = PROPERTIES.find((p) => p.name === task.property)!;
  try {
    const res = checkRollout(property, { seed: task.seed, numRuns: task.numRuns, scenarioDir: out, ...(mutants.length ? { mutants } : {}) });
    if (!res.failure) return { ...task, ok: true };
    const f = res.failure;
    return { ...task, ok: false, failure: { invariant: f.violation.invariant, at: f.at, message: f.violation.message, path: f.path, ...(f.scenarioFile ? { scenarioFile: f.scenarioFile } : {}) } };
  } catch (e) {
    return { ...task, ok: false, error: (e as Error).message };
  }
}
