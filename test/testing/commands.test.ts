/**
 * The actions as fast-check commands: a model-based test over a live cluster finds the mutant's
 * violation and shrinks the command sequence to the few commands that cause it; without the mutant the
 * same test passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { healthyImage, InvariantBroken, newRolloutModel, rolloutCommands, rolloutSetup, startRollout, surgeBound, type RolloutSetup } from '../../src/testing/index.js';

function property(mutants: string[]) {
  return fc.property(rolloutSetup({ image: healthyImage() }), rolloutCommands(['scale', 'setImage', 'advance']), (setup: RolloutSetup, cmds) => {
    const world = startRollout(setup, { invariants: [surgeBound], mutants });
    fc.modelRun(() => ({ model: newRolloutModel(), real: world }), cmds);
    world.finish();
  });
}

describe('rollout actions as fast-check commands', () => {
  it('hold the surge bound on a correct cluster', () => {
    const res = fc.check(property([]), { seed: 3, numRuns: 6 });
    expect(res.failed, fc.defaultReportMessage(res)).toBe(false);
  });

  it('catch a controller that ignores maxSurge, and shrink to a rollout', () => {
    const res = fc.check(property(['ignore-max-surge']), { seed: 3, numRuns: 30 });
    expect(res.failed).toBe(true);
    expect(res.errorInstance).toBeInstanceOf(InvariantBroken);
    expect((res.errorInstance as InvariantBroken).violation.invariant).toBe('surge-bound');
    // Shrunk to the one command that matters: a new image, whose rollout surges past the bound at once.
    expect(String(res.counterexample![1])).toMatch(/^setImage\(\{"image":\d\}\) \/\*replayPath=".*"\*\/$/);
  });
});
