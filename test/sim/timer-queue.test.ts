/**
 * The Clock's timer queue gives timers back by time, and those of one instant in the order they were
 * added, however adding and taking interleave. fast-check prints the seed and the shrunk steps of a failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerQueue } from '../../src/sim/timer-queue.js';

type Step = { add: number } | { take: true } | { sweepOdd: true };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ add: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ take: fc.constant(true as const) }),
  fc.record({ sweepOdd: fc.constant(true as const) }),
);

describe('TimerQueue', () => {
  it('takes timers in order of time, then of adding, as a sorted list would — also after sweeping some out', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        const queue = new TimerQueue<{ at: number; n: number }>();
        let model: { at: number; n: number }[] = [];
        let n = 0;
        for (const step of steps) {
          if ('add' in step) {
            const timer = { at: step.add, n: n++ };
            queue.push(timer);
            model.push(timer);
            model = [...model].sort((a, b) => a.at - b.at || a.n - b.n);
          } else if ('sweepOdd' in step) {
            queue.sweep((t) => t.n % 2 === 0);
            model = model.filter((t) => t.n % 2 === 0);
          } else {
            expect(queue.peek()).toBe(model[0]);
            expect(queue.pop()).toBe(model.shift());
          }
          expect(queue.size).toBe(model.length);
        }
      }),
    );
  });
});
