/**
 * The real-time driver: the one place where simulated time follows the wall clock (DESIGN.md, rule 1),
 * for a long-running server that people and programs talk to. At speed `s` it advances the simulation by
 * (wall time since the last tick) × s every tick (100 ms by default), measuring wall time rather than
 * counting ticks, so a slow tick never makes simulated time drift behind. Speed `max` runs timers as fast
 * as it can, yielding to the event loop every few milliseconds so requests are still served; speed 0
 * leaves time alone (it moves only when told, e.g. `POST /kubesim/v1/advance`).
 */

export type Speed = number | 'max';

export interface Advancer {
  advance(ms: number): void;
}

export interface RealTimeDriverOptions {
  speed: Speed;
  /** Wall-clock ms between ticks at a finite speed. */
  tickMs?: number;
  /** Simulated ms per step at speed `max`. */
  maxStepMs?: number;
  /** Wall-clock ms a `max` burst may use before it yields to the event loop. */
  maxBurstMs?: number;
  /** The wall clock, injectable for tests. */
  wallNow?: () => number;
}

/** `1`, `10`, `0.5`, `max` or `0`, as `--speed` takes it; anything else is an error naming `--speed`. */
export function parseSpeed(value: string | number): Speed {
  if (value === 'max') return 'max';
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && value.trim() === '') throw new Error('--speed: expected a number ≥ 0 or "max", got ""');
  if (!Number.isFinite(n) || n < 0) throw new Error(`--speed: expected a number ≥ 0 or "max", got ${JSON.stringify(value)}`);
  return n;
}

export class RealTimeDriver {
  private currentSpeed: Speed;
  private readonly tickMs: number;
  private readonly maxStepMs: number;
  private readonly maxBurstMs: number;
  private readonly wallNow: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private lastWall = 0;
  private running = false;
  /** Ticks that threw: the error is kept for the caller to see (`lastError`), and time keeps moving. */
  lastError: unknown;

  constructor(
    private readonly target: Advancer,
    opts: RealTimeDriverOptions,
  ) {
    this.currentSpeed = parseSpeed(opts.speed);
    this.tickMs = opts.tickMs ?? 100;
    this.maxStepMs = opts.maxStepMs ?? 1000;
    this.maxBurstMs = opts.maxBurstMs ?? 20;
    this.wallNow = opts.wallNow ?? (() => Date.now());
  }

  get speed(): Speed {
    return this.currentSpeed;
  }

  /** Changes the speed; a running driver goes on at the new speed from now. */
  set speed(value: Speed) {
    this.currentSpeed = parseSpeed(value);
    if (this.running) {
      this.halt();
      this.schedule();
    }
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.halt();
  }

  /** One tick at a finite speed: advances by the wall time since the last tick × speed. */
  tick(): void {
    const now = this.wallNow();
    const wall = now - this.lastWall;
    this.lastWall = now;
    const speed = this.currentSpeed;
    if (typeof speed !== 'number' || speed === 0 || wall <= 0) return;
    this.safely(() => this.target.advance(Math.round(wall * speed)));
  }

  private schedule(): void {
    this.lastWall = this.wallNow();
    if (this.currentSpeed === 0) return;
    if (this.currentSpeed === 'max') {
      const burst = () => {
        const until = this.wallNow() + this.maxBurstMs;
        while (this.running && this.wallNow() < until) this.safely(() => this.target.advance(this.maxStepMs));
        if (this.running) this.immediate = setImmediate(burst);
      };
      this.immediate = setImmediate(burst);
      return;
    }
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  private halt(): void {
    clearInterval(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.lastError = e;
    }
  }
}
