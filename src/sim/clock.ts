/**
 * Simulated time. Milliseconds since a fixed epoch; a queue of timers ordered by time, then by the order
 * they were scheduled, so two timers due at the same instant always fire in that order (timer-queue.ts).
 * Time never runs by itself: `advance` and `runUntil` move it, jumping straight from one due timer to the
 * next, so an idle hour costs nothing. A timer may schedule further timers; those due within the window
 * fire in the same call.
 *
 * Guarantees: `now()` never decreases; timers fire exactly once, at their time, unless cancelled; a
 * callback that throws stops the call that ran it (the timer is spent) and the error propagates.
 */
import { parseDuration, type Duration } from './duration.js';
import { TimerQueue } from './timer-queue.js';

export const DEFAULT_EPOCH = Date.UTC(2024, 0, 1);

/** How many timers may fire at one instant before the Clock calls it a livelock instead of spinning. */
const MAX_TIMERS_PER_INSTANT = 1_000_000;

export interface Timer {
  /** The simulated time (ms since the Unix epoch) when it fires. */
  readonly at: number;
  readonly label: string;
  cancel(): void;
}

/**
 * A scheduled timer. A class, not a literal with a `cancel` closure: a busy cluster holds many. A
 * cancelled one may stay in the queue a while (see TimerCounts), so it lets go of its callback, and
 * what that holds, at once.
 */
class Entry implements Timer {
  cancelled = false;

  constructor(
    private readonly counts: TimerCounts,
    readonly at: number,
    readonly label: string,
    public fn: () => void,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.fn = NOTHING;
    this.counts.live--;
    this.counts.dead++;
  }
}

const NOTHING = (): void => {};

/**
 * Timers waiting to fire, and cancelled ones still in the queue. A cancelled timer leaves the queue when
 * its time comes, or before, when the cancelled outnumber the live (and are more than SWEEP_AT): a work
 * queue cancels a timer each time a key it holds for later is wanted sooner, and a controller that
 * requeues every sync for ten minutes on would otherwise keep one timer for each of its syncs.
 */
interface TimerCounts {
  live: number;
  dead: number;
}

const SWEEP_AT = 1024;

export interface ClockOptions {
  /** Where simulated time starts: ms since the Unix epoch or an RFC 3339 string. Default 2024-01-01T00:00:00Z. */
  epoch?: number | string;
}

export interface RunResult {
  /** Whether the predicate held when the run stopped. */
  ok: boolean;
  /** Simulated ms that passed during the run. */
  elapsed: number;
}

export class Clock {
  readonly epoch: number;
  private time: number;
  /** Timers scheduled and not yet fired or cancelled (a timer's `cancel` counts itself out). */
  private readonly counts: TimerCounts = { live: 0, dead: 0 };
  private readonly timers = new TimerQueue<Entry>();

  constructor(opts: ClockOptions = {}) {
    const epoch = typeof opts.epoch === 'string' ? Date.parse(opts.epoch) : (opts.epoch ?? DEFAULT_EPOCH);
    if (!Number.isFinite(epoch)) throw new Error(`clock: invalid epoch ${JSON.stringify(opts.epoch)}: expected ms or an RFC 3339 time`);
    this.epoch = epoch;
    this.time = epoch;
  }

  /** Current simulated time, ms since the Unix epoch. */
  now(): number {
    return this.time;
  }

  /** Simulated ms since the clock's epoch. */
  elapsed(): number {
    return this.time - this.epoch;
  }

  /** Runs `fn` after `delay` (≥ 0) of simulated time. */
  schedule(delay: Duration, fn: () => void, label = ''): Timer {
    const ms = parseDuration(delay);
    if (ms < 0) throw new Error(`clock: cannot schedule "${label}" ${String(delay)} in the past`);
    return this.scheduleAt(this.time + ms, fn, label);
  }

  /** Runs `fn` at simulated time `at`; a time already past fires at the next opportunity, now. */
  scheduleAt(at: number, fn: () => void, label = ''): Timer {
    const entry = new Entry(this.counts, Math.max(at, this.time), label, fn);
    const counts = this.counts;
    if (counts.dead > SWEEP_AT && counts.dead > counts.live) {
      this.timers.sweep((t) => !t.cancelled);
      counts.dead = 0;
    }
    this.timers.push(entry);
    counts.live++;
    return entry;
  }

  /** Timers scheduled and not yet fired or cancelled. */
  pending(): number {
    return this.counts.live;
  }

  /** When the next live timer fires, or undefined when none is waiting. */
  nextTimerAt(): number | undefined {
    return this.peekLive()?.at;
  }

  /** Fires the next due timer, moving time to it. Returns false when no timer is waiting. */
  step(): boolean {
    const next = this.peekLive();
    if (!next) return false;
    this.fire(next);
    return true;
  }

  /** Moves time forward by `duration`, firing every timer due on the way, in order. */
  advance(duration: Duration): void {
    const ms = parseDuration(duration);
    if (ms < 0) throw new Error(`clock: cannot advance by ${String(duration)}: time only moves forward`);
    this.runTo(this.time + ms, () => false);
  }

  /**
   * Fires timers in order until `predicate()` holds (checked before the first and after every timer)
   * or `timeout` of simulated time has passed. At a timeout, time stands at the deadline.
   */
  runUntil(predicate: () => boolean, opts: { timeout: Duration }): RunResult {
    const start = this.time;
    const timeout = parseDuration(opts.timeout);
    if (timeout < 0) throw new Error(`clock: runUntil timeout ${String(opts.timeout)} must not be negative`);
    const ok = this.runTo(start + timeout, predicate);
    return { ok, elapsed: this.time - start };
  }

  private runTo(deadline: number, done: () => boolean): boolean {
    if (done()) return true;
    let instant = this.time;
    let firedAtInstant = 0;
    for (;;) {
      const next = this.peekLive();
      if (!next || next.at > deadline) break;
      if (next.at === instant) {
        if (++firedAtInstant > MAX_TIMERS_PER_INSTANT) {
          throw new Error(`clock: more than ${MAX_TIMERS_PER_INSTANT} timers fired at one instant (last: "${next.label}"); something reschedules itself without delay`);
        }
      } else {
        instant = next.at;
        firedAtInstant = 1;
      }
      this.fire(next);
      if (done()) return true;
    }
    this.time = Math.max(this.time, deadline);
    return done();
  }

  private fire(entry: Entry): void {
    this.timers.pop();
    entry.cancelled = true;
    this.counts.live--;
    this.time = entry.at;
    entry.fn();
  }

  /** The earliest live timer, dropping cancelled ones from the top of the heap on the way. */
  private peekLive(): Entry | undefined {
    let top = this.timers.peek();
    while (top?.cancelled) {
      this.timers.pop();
      this.counts.dead--;
      top = this.timers.peek();
    }
    return top;
  }
}
