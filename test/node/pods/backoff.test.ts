import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffUntil, isInBackOffSince, isInBackOffSinceUpdate, nextBackoff, type BackoffEntry } from '../../../src/node/pods/backoff.js';

const S = 1000;

describe('the kubelet back-off (flowcontrol.Backoff)', () => {
  it.each([
    ['a first event', undefined, 0, { delayMs: 10 * S, lastUpdate: 0 }],
    ['doubles', { delayMs: 10 * S, lastUpdate: 0 }, 15 * S, { delayMs: 20 * S, lastUpdate: 15 * S }],
    ['caps at 300 s', { delayMs: 160 * S, lastUpdate: 0 }, 200 * S, { delayMs: 300 * S, lastUpdate: 200 * S }],
    ['stays at 300 s', { delayMs: 300 * S, lastUpdate: 0 }, 305 * S, { delayMs: 300 * S, lastUpdate: 305 * S }],
    ['600 s later is not yet expired', { delayMs: 80 * S, lastUpdate: 0 }, 600 * S, { delayMs: 160 * S, lastUpdate: 600 * S }],
    ['more than 600 s later starts over', { delayMs: 300 * S, lastUpdate: 0 }, 600 * S + 1, { delayMs: 10 * S, lastUpdate: 600 * S + 1 }],
  ] as [string, BackoffEntry | undefined, number, BackoffEntry][])('next: %s', (_n, entry, at, want) => {
    expect(nextBackoff(entry, at)).toEqual(want);
  });

  it.each([
    ['no entry never waits', undefined, 5 * S, 5 * S, false],
    ['within the delay from the event', { delayMs: 10 * S, lastUpdate: 0 }, 5 * S, 14_999, true],
    ['the delay ends exactly', { delayMs: 10 * S, lastUpdate: 0 }, 5 * S, 15 * S, false],
    ['an expired entry never waits', { delayMs: 300 * S, lastUpdate: 0 }, 700 * S, 700 * S, false],
  ] as [string, BackoffEntry | undefined, number, number, boolean][])('in back-off since: %s', (_n, entry, event, now, want) => {
    expect(isInBackOffSince(entry, event, now)).toBe(want);
  });

  it('measures the image back-off from the last failure', () => {
    const entry = { delayMs: 20 * S, lastUpdate: 12 * S };
    expect(isInBackOffSinceUpdate(entry, 31_999)).toBe(true);
    expect(isInBackOffSinceUpdate(entry, 32 * S)).toBe(false);
  });

  it('waits never more than 300 s, and each wait is double the last until the cap', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 * S }), { minLength: 1, maxLength: 30 }), (gaps) => {
        let entry: BackoffEntry | undefined;
        let t = 0;
        let last = 0;
        for (const gap of gaps) {
          t += gap;
          const next = nextBackoff(entry, t);
          if (next.delayMs > 300 * S || next.delayMs < 10 * S) return false;
          if (entry && gap <= 600 * S && next.delayMs !== Math.min(2 * last, 300 * S)) return false;
          expect(backoffUntil(next, t)).toBe(t + next.delayMs);
          entry = next;
          last = next.delayMs;
        }
        return true;
      }),
    );
  });
});
