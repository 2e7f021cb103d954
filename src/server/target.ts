/**
 * What the HTTP API serves: an object store and the simulated clock it runs on, plus the optional
 * powers of a whole cluster (container logs, exec, node faults). A bare Store and Clock serve the API;
 * `targetFor(cluster)` adapts `createCluster`'s result, which provides the rest.
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

/**
 * What `createCluster` returns, as far as serving it goes (described by shape, so this floor does not
 * import the composition root). Node faults and container access are optional.
 */
export interface ServableCluster {
  store: Store;
  clock: Clock;
  advance(duration: number | string): void;
  logs?(namespace: string, name: string, container?: string, opts?: { previous?: boolean }): string;
  exec?(namespace: string, name: string, container: string | undefined, argv: string[]): ExecOutput;
  crashNode?(name: string): void;
  recoverNode?(name: string): void;
  partitionNode?(name: string): void;
  healNode?(name: string): void;
}

/** A ServeTarget over a cluster: its store and clock, `advance`, logs, exec and node faults. */
export function targetFor(cluster: ServableCluster): ServeTarget {
  const faults: Record<NodeFault, ((name: string) => void) | undefined> = {
    crash: cluster.crashNode,
    recover: cluster.recoverNode,
    partition: cluster.partitionNode,
    heal: cluster.healNode,
  };
  const hasFaults = Object.values(faults).some((f) => f !== undefined);
  return {
    store: cluster.store,
    clock: cluster.clock,
    advance: (ms) => cluster.advance(ms),
    ...(cluster.logs ? { logs: (ns, pod, container, opts) => cluster.logs!(ns, pod, container, opts) } : {}),
    ...(cluster.exec ? { exec: (ns, pod, container, argv) => cluster.exec!(ns, pod, container, argv) } : {}),
    ...(hasFaults
      ? {
          fault: (verb: NodeFault, node: string) => {
            const f = faults[verb];
            if (!f) throw new Error(`${verb}: this cluster cannot ${verb} nodes`);
            f.call(cluster, node);
          },
        }
      : {}),
  };
}
