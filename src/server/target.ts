/**
 * What the HTTP API serves: an object store and the simulated clock it runs on, plus the optional
 * powers of a whole cluster (container logs, exec, node faults). A bare Store and Clock serve the API;
 * `createCluster`'s result provides the rest.
 */
import type { Clock } from '../sim/clock.js';
import type { Store } from '../store/store.js';

export type NodeFault = 'crash' | 'recover' | 'partition' | 'heal';

export interface ExecOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ServeTarget {
  store: Store;
  clock: Clock;
  /** Runs the world for `ms` of simulated time (the cluster's `advance`, or just the clock's). */
  advance(ms: number): void;
  /** A container's log so far (`pods/log`); without it `pods/log` answers 400. */
  logs?(namespace: string, pod: string, container: string | undefined, opts: { previous?: boolean }): string;
  /** Runs a command in a container (`pods/exec`); without it `pods/exec` answers 400. */
  exec?(namespace: string, pod: string, container: string | undefined, argv: string[]): ExecOutput;
  /** Crashes, recovers, partitions or heals a node (`/kubesim/v1/crash?node=` and friends). */
  fault?(verb: NodeFault, node: string): void;
}
