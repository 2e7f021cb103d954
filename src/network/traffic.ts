/**
 * A traffic generator: `rps` requests per second to one URL for `duration`, spread evenly on the
 * simulated clock (request i at start + i × 1000/rps ms), each routed like any other request. The run
 * fills in as the clock advances; read `summary()` and `series()` at any time. Guarantees: every request
 * is counted once, as succeeded (a 2xx or 3xx answer) or failed with its reason (`connection refused`,
 * `timeout`, `HTTP 503`, ...); `series()` has one row per started second. This is how zero downtime is
 * measured rather than claimed. Cost: one clock timer at a time; memory O(seconds + pods + reasons).
 */
import type { Clock, Timer } from '../sim/clock.js';
import { parseDuration, type Duration } from '../sim/duration.js';
import { parseRequestUrl, type RequestFrom, type RequestResult, type ServiceNetwork } from './request.js';

export interface TrafficOptions {
  url: string;
  /** Requests per second, > 0 (fractions allowed: 0.5 is one request every 2 s). */
  rps: number;
  duration: Duration;
  from?: RequestFrom;
}

export interface TrafficSummary {
  sent: number;
  succeeded: number;
  failed: number;
  /** Failures by reason. */
  failures: Record<string, number>;
  /** Successful answers per pod (`namespace/name`). */
  byPod: Record<string, number>;
}

export interface TrafficSecond {
  /** Seconds since the run started. */
  second: number;
  sent: number;
  succeeded: number;
  failed: number;
}

export class TrafficRun {
  private readonly totals: TrafficSummary = { sent: 0, succeeded: 0, failed: 0, failures: {}, byPod: {} };
  private readonly seconds: TrafficSecond[] = [];
  private timer: Timer | undefined;
  private sent = 0;
  readonly startedAt: number;

  constructor(
    private readonly network: ServiceNetwork,
    private readonly clock: Clock,
    private readonly opts: TrafficOptions & { total: number; intervalMs: number },
  ) {
    this.startedAt = clock.now();
    this.next();
  }

  /** True once every request has been sent. */
  get done(): boolean {
    return this.sent >= this.opts.total;
  }

  /** Stops sending; what was sent stays counted. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  summary(): TrafficSummary {
    return { ...this.totals, failures: { ...this.totals.failures }, byPod: { ...this.totals.byPod } };
  }

  series(): TrafficSecond[] {
    return this.seconds.map((s) => ({ ...s }));
  }

  private next(): void {
    if (this.done) return;
    const at = this.startedAt + Math.round(this.sent * this.opts.intervalMs);
    this.timer = this.clock.scheduleAt(at, () => this.fire(), `traffic ${this.opts.url}`);
  }

  private fire(): void {
    this.sent++;
    const result = this.network.request(this.opts.url, this.opts.from ? { from: this.opts.from } : {});
    this.record(result);
    this.next();
  }

  private record(r: RequestResult): void {
    const second = Math.floor((r.time - this.startedAt) / 1000);
    while (this.seconds.length <= second) this.seconds.push({ second: this.seconds.length, sent: 0, succeeded: 0, failed: 0 });
    const row = this.seconds[second]!;
    row.sent++;
    this.totals.sent++;
    const success = r.ok && r.status >= 200 && r.status < 400;
    if (success) {
      row.succeeded++;
      this.totals.succeeded++;
      if (r.pod) this.totals.byPod[r.pod] = (this.totals.byPod[r.pod] ?? 0) + 1;
      return;
    }
    row.failed++;
    this.totals.failed++;
    const reason = r.ok ? `HTTP ${r.status}` : r.error;
    this.totals.failures[reason] = (this.totals.failures[reason] ?? 0) + 1;
  }
}

/** Starts a run; advance the clock to let it happen. */
export function traffic(network: ServiceNetwork, clock: Clock, opts: TrafficOptions): TrafficRun {
  if (typeof opts.rps !== 'number' || !Number.isFinite(opts.rps) || opts.rps <= 0) {
    throw new Error(`traffic: rps must be a positive number of requests per second, got ${JSON.stringify(opts.rps)}`);
  }
  if (opts.rps > 100_000) throw new Error(`traffic: rps must be at most 100000, got ${opts.rps}`);
  let durationMs: number;
  try {
    durationMs = parseDuration(opts.duration);
  } catch (e) {
    throw new Error(`traffic: duration must be a duration like "30s" or "2m": ${(e as Error).message}`);
  }
  if (!(durationMs > 0)) throw new Error(`traffic: duration must be longer than 0, got ${JSON.stringify(opts.duration)}`);
  // Validate the URL once, up front, rather than on the first timer.
  parseRequestUrl(opts.url, 'traffic');
  const total = Math.floor((durationMs / 1000) * opts.rps);
  return new TrafficRun(network, clock, { ...opts, total, intervalMs: 1000 / opts.rps });
}
