import { describe, expect, it } from 'vitest';
import { Clock, DEFAULT_EPOCH } from '../../src/sim/clock.js';

describe('Clock', () => {
  it('starts at its epoch and reports elapsed time from it', () => {
    const clock = new Clock({ epoch: '2025-06-01T12:00:00Z' });
    expect(clock.now()).toBe(Date.UTC(2025, 5, 1, 12));
    clock.advance('90s');
    expect(clock.elapsed()).toBe(90_000);
    expect(new Clock().now()).toBe(DEFAULT_EPOCH);
  });

  it('rejects an epoch that is not a time', () => {
    expect(() => new Clock({ epoch: 'yesterday' })).toThrow('clock: invalid epoch "yesterday"');
  });

  it('fires timers in (time, scheduling order) order', () => {
    const clock = new Clock();
    const fired: string[] = [];
    clock.schedule('2s', () => fired.push('b'));
    clock.schedule('1s', () => fired.push('a'));
    clock.schedule('2s', () => fired.push('c'));
    clock.schedule(0, () => fired.push('now'));
    clock.advance('5s');
    expect(fired).toEqual(['now', 'a', 'b', 'c']);
    expect(clock.elapsed()).toBe(5000);
  });

  it('runs a timer at its own time, and timers it schedules within the window', () => {
    const clock = new Clock();
    const seen: number[] = [];
    const tick = () => {
      seen.push(clock.elapsed());
      if (seen.length < 4) clock.schedule('10s', tick);
    };
    clock.schedule('10s', tick);
    clock.advance('35s');
    expect(seen).toEqual([10_000, 20_000, 30_000]);
    expect(clock.pending()).toBe(1);
    expect(clock.nextTimerAt()).toBe(DEFAULT_EPOCH + 40_000);
  });

  it('does not fire cancelled timers', () => {
    const clock = new Clock();
    let fired = false;
    const t = clock.schedule('1s', () => (fired = true));
    t.cancel();
    t.cancel();
    clock.advance('2s');
    expect(fired).toBe(false);
    expect(clock.pending()).toBe(0);
    expect(clock.nextTimerAt()).toBeUndefined();
  });

  it('lets go of cancelled timers once they outnumber the live ones, and fires the rest in order', () => {
    const clock = new Clock();
    const fired: string[] = [];
    clock.schedule(5_000, () => fired.push('late'));
    clock.schedule(1, () => fired.push('first'));
    // A work queue's pattern: a timer for much later, cancelled when the key is wanted sooner.
    for (let i = 0; i < 5_000; i++) clock.schedule(600_000, () => fired.push('cancelled')).cancel();
    clock.schedule(1, () => fired.push('second'));
    expect(clock.pending()).toBe(3);
    clock.advance('1h');
    expect(fired).toEqual(['first', 'second', 'late']);
  });

  it('never moves backwards', () => {
    const clock = new Clock();
    clock.advance('10s');
    expect(() => clock.advance(-1)).toThrow('time only moves forward');
    expect(() => clock.schedule('-1s', () => {})).toThrow('in the past');
    const t = clock.scheduleAt(DEFAULT_EPOCH, () => {});
    expect(t.at).toBe(clock.now());
  });

  it('jumps over idle time: a day with two timers costs two steps', () => {
    const clock = new Clock();
    let steps = 0;
    clock.schedule('6h', () => steps++);
    clock.schedule('18h', () => steps++);
    clock.advance('24h');
    expect(steps).toBe(2);
    expect(clock.elapsed()).toBe(86_400_000);
  });

  it('runUntil stops as soon as the predicate holds', () => {
    const clock = new Clock();
    let ready = false;
    clock.schedule('3s', () => (ready = true));
    clock.schedule('4s', () => {
      throw new Error('must not run');
    });
    expect(clock.runUntil(() => ready, { timeout: '1m' })).toEqual({ ok: true, elapsed: 3000 });
    expect(clock.runUntil(() => ready, { timeout: '1m' })).toEqual({ ok: true, elapsed: 0 });
  });

  it('runUntil gives up at the timeout with time at the deadline', () => {
    const clock = new Clock();
    clock.schedule('2m', () => {});
    expect(clock.runUntil(() => false, { timeout: '30s' })).toEqual({ ok: false, elapsed: 30_000 });
    expect(clock.pending()).toBe(1);
  });

  it('step fires the next timer wherever it is', () => {
    const clock = new Clock();
    clock.schedule('1h', () => {});
    expect(clock.step()).toBe(true);
    expect(clock.elapsed()).toBe(3_600_000);
    expect(clock.step()).toBe(false);
  });

  it('propagates an error from a timer, which is then spent', () => {
    const clock = new Clock();
    clock.schedule('1s', () => {
      throw new Error('boom');
    });
    expect(() => clock.advance('2s')).toThrow('boom');
    expect(clock.elapsed()).toBe(1000);
    clock.advance('2s');
    expect(clock.elapsed()).toBe(3000);
  });

  it('calls a timer that reschedules itself with no delay a livelock instead of spinning forever', () => {
    const clock = new Clock();
    const spin = () => void clock.schedule(0, spin, 'spin');
    clock.schedule(0, spin, 'spin');
    expect(() => clock.advance('1s')).toThrow(/timers fired at one instant \(last: "spin"\)/);
  });
});
