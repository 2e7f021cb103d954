/**
 * The monitor: attaches invariants to a running cluster. It opens one store watch per kind any
 * invariant reads and hands each change to the checkers as it is delivered, so a bound broken for one
 * instant is seen at that instant. It never writes to the store and draws nothing from the cluster's
 * Rng; its only footprint on the simulation is timers for lagged checks, which run no code of the
 * cluster's own, so a run with the monitor follows the same path as one without.
 *
 * Guarantees: violations are kept in the order they happened, each invariant's first one at most once
 * per distinct message; `first` is the earliest. Cost per change: the checkers of that kind.
 */
import type { KubeObject } from '../api/meta.js';
import type { Cluster } from '../cluster.js';
import type { Watch, WatchEvent } from '../store/types.js';
import type { ActionNote, CheckContext, Checker, Invariant, Violation } from './invariants.js';
import type { ImageBehaviour } from './model.js';

export interface MonitorOptions {
  /** How the app in each image reference behaves. */
  images?: Readonly<Record<string, ImageBehaviour>>;
  /** Stop recording after this many violations. Default 20. */
  maxViolations?: number;
}

export class Monitor {
  readonly violations: Violation[] = [];
  private readonly checkers: { invariant: Invariant; checker: Checker }[] = [];
  private readonly watches: Watch[] = [];
  private readonly seen = new Set<string>();
  private readonly max: number;

  constructor(
    private readonly cluster: Cluster,
    invariants: readonly Invariant[],
    opts: MonitorOptions = {},
  ) {
    this.max = opts.maxViolations ?? 20;
    for (const invariant of invariants) {
      const ctx: CheckContext = {
        store: cluster.store,
        clock: cluster.clock,
        image: (ref) => opts.images?.[ref],
        fail: (message) => this.record(invariant.name, message),
        after: (ms, fn) => cluster.clock.schedule(ms, fn, `invariant ${invariant.name}`),
      };
      this.checkers.push({ invariant, checker: invariant.create(ctx) });
    }
    const kinds = [...new Set(invariants.flatMap((i) => i.kinds))];
    for (const kind of kinds) {
      const interested = this.checkers.filter((c) => c.invariant.kinds.includes(kind) && c.checker.onChange);
      this.watches.push(cluster.store.watch(kind, {}, (e: WatchEvent) => {
        for (const c of interested) c.checker.onChange!(kind, e as WatchEvent<KubeObject>);
      }));
    }
  }

  /** The earliest violation, if any. */
  get first(): Violation | undefined {
    return this.violations[0];
  }

  /** Tells the checkers about an action of the test. */
  action(note: ActionNote): void {
    for (const c of this.checkers) c.checker.onAction?.(note);
  }

  /** The run is over: end-of-run checks (convergence) run now. */
  end(): void {
    for (const c of this.checkers) c.checker.atEnd?.();
  }

  stop(): void {
    for (const w of this.watches) w.stop();
    this.watches.length = 0;
  }

  private record(invariant: string, message: string): void {
    const key = `${invariant}\n${message}`;
    if (this.seen.has(key) || this.violations.length >= this.max) return;
    this.seen.add(key);
    this.violations.push({ invariant, time: this.cluster.now(), message });
  }
}
