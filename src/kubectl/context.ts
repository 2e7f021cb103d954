/**
 * What in-process kubectl needs from a cluster, and nothing more: the store (the API server), the clock
 * (for AGE and for commands that wait), a way to let simulated time run, files for `-f`, and the
 * kubelet-backed `logs` and `exec`. Tests build one over a bare Store and Clock; `createCluster` builds
 * one over the whole simulated world.
 */
import type { Clock } from '../sim/clock.js';
import type { Store } from '../store/store.js';

export interface LogOptions {
  previous?: boolean;
  /** The last N lines only (`--tail`); undefined for all. */
  tail?: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface KubectlContext {
  store: Store;
  clock: Clock;
  /**
   * Lets the world run for `ms` of simulated time (controllers, kubelets, timers). Blocking commands
   * (`delete --wait`, `wait`, `rollout status`, `logs -f`, `drain`) call it in small steps while they wait.
   */
  advance(ms: number): void;
  /** The namespace used when none is given with -n; `default` when absent. */
  defaultNamespace?: string;
  /** Reads a file named on the command line (`-f web.yaml`), relative to `baseDir` when it is relative. */
  readFile?(path: string, baseDir?: string): string;
  /** The entries of a directory (`-f manifests/`), or undefined when `path` is not a directory. */
  readDir?(path: string, baseDir?: string): string[] | undefined;
  /**
   * A container's log, as the kubelet would serve it. Throws a StatusError (BadRequest) in the API
   * server's words when there is none, e.g. `previous terminated container "app" in pod "web" not found`.
   */
  logs?(namespace: string, pod: string, container: string, opts: LogOptions): string;
  /** Runs `argv` in a container, as the kubelet would. */
  exec?(namespace: string, pod: string, container: string, argv: string[]): ExecResult;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  /** What `-f -` reads. */
  stdin?: string;
  /** Where relative `-f` paths are found. */
  baseDir?: string;
}

/** The output a command writes while it runs. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}
