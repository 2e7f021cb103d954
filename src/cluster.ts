/**
 * The composition root: one simulated cluster = one Clock, one seeded Rng, one object store, and (as they
 * land) the actors wired to the store. Each actor gets its own forked Rng stream, so adding one never
 * changes what another draws: the same seed and steps give the same cluster, byte for byte.
 */
import { Clock } from './sim/clock.js';
import { Rng } from './sim/rng.js';
import { Store } from './store/store.js';

export interface ClusterOptions {
  /** Seeds every random choice in the cluster. Default 1. */
  seed?: number;
  /** Simulated wall time at start: ms since the Unix epoch or an RFC 3339 string. */
  epoch?: number | string;
  /** How many changes a watch can be resumed across. */
  watchCacheSize?: number;
  /** How many writes the store's trace keeps. */
  traceSize?: number;
}

export interface RunResult {
  ok: boolean;
  /** Simulated milliseconds that passed. */
  elapsed: number;
}

export class Cluster {
  readonly seed: number;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly store: Store;

  constructor(opts: ClusterOptions = {}) {
    this.seed = opts.seed ?? 1;
    this.clock = new Clock(opts.epoch !== undefined ? { epoch: opts.epoch } : {});
    this.rng = new Rng(this.seed);
    this.store = new Store({
      clock: this.clock,
      rng: this.rng.fork('apiserver'),
      ...(opts.watchCacheSize !== undefined ? { watchCacheSize: opts.watchCacheSize } : {}),
      ...(opts.traceSize !== undefined ? { traceSize: opts.traceSize } : {}),
    });
  }

  /** Simulated time, ms since the Unix epoch. */
  now(): number {
    return this.clock.now();
  }

  /** Runs the world for a simulated duration (`30s`, `5m`, or ms). */
  advance(duration: number | string): void {
    this.clock.advance(duration);
  }

  /** Runs the world until `predicate` holds or `timeout` of simulated time has passed. */
  runUntil(predicate: (cluster: Cluster) => boolean, opts: { timeout: number | string }): RunResult {
    return this.clock.runUntil(() => predicate(this), opts);
  }
}

export function createCluster(opts: ClusterOptions = {}): Cluster {
  return new Cluster(opts);
}
