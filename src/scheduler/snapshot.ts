/**
 * The nodes as one scheduling decision reads them (kube-scheduler's Snapshot, which it refreshes from
 * its cache at the start of every cycle, copying only the nodes that changed). Beside each NodeInfo, in
 * name order, it keeps as columns the numbers a decision reads for hundreds of nodes per pod: whether
 * the node is open, its allocatable and requested cpu, memory and pods, and the scoring totals.
 *
 * Why columns: at 5,000 nodes a decision looks at 500 of them. Read as fields of a NodeInfo and its
 * usage, each node was two objects somewhere in a heap of gigabytes — two misses in the processor's
 * cache per node, most of a decision's cost. Read as columns, the same numbers for all 5,000 nodes
 * take a few hundred kilobytes that stay in the cache.
 *
 * Guarantees: after `refresh(row)`, the row's columns equal what its NodeInfo says; the scheduler
 * refreshes every row whose Node or usage changed before each decision (a test holds a refreshed
 * snapshot equal to a fresh one).
 */
import type { NodeInfo } from './node-info.js';

export class NodeSnapshot {
  readonly size: number;
  /** Neither cordoned nor tainted (NodeInfo.open): 1 or 0. */
  readonly open: Uint8Array;
  readonly allocPods: Float64Array;
  readonly allocCpu: Float64Array;
  readonly allocMemory: Float64Array;
  readonly pods: Float64Array;
  readonly requestedCpu: Float64Array;
  readonly requestedMemory: Float64Array;
  readonly nonZeroCpu: Float64Array;
  readonly nonZeroMemory: Float64Array;
  private readonly rows = new Map<string, number>();

  /** `infos` in the order decisions search them (name order). */
  constructor(readonly infos: readonly NodeInfo[]) {
    const n = (this.size = infos.length);
    this.open = new Uint8Array(n);
    this.allocPods = new Float64Array(n);
    this.allocCpu = new Float64Array(n);
    this.allocMemory = new Float64Array(n);
    this.pods = new Float64Array(n);
    this.requestedCpu = new Float64Array(n);
    this.requestedMemory = new Float64Array(n);
    this.nonZeroCpu = new Float64Array(n);
    this.nonZeroMemory = new Float64Array(n);
    for (let row = 0; row < n; row++) {
      this.rows.set(infos[row]!.name, row);
      this.refresh(row);
    }
  }

  /** The row of the node called `name`, if the snapshot has it. */
  rowOf(name: string): number | undefined {
    return this.rows.get(name);
  }

  /** Reads the row's NodeInfo again: its Node or its usage changed. */
  refresh(row: number): void {
    const info = this.infos[row]!;
    const usage = info.usage;
    this.open[row] = info.open ? 1 : 0;
    this.allocPods[row] = info.allocPods;
    this.allocCpu[row] = info.allocCpu;
    this.allocMemory[row] = info.allocMemory;
    this.pods[row] = usage.pods;
    this.requestedCpu[row] = usage.requestedCpu;
    this.requestedMemory[row] = usage.requestedMemory;
    this.nonZeroCpu[row] = usage.nonZeroCpu;
    this.nonZeroMemory[row] = usage.nonZeroMemory;
  }

  /** refresh for the node called `name`; a node the snapshot does not have is left to the next one. */
  refreshNode(name: string): void {
    const row = this.rows.get(name);
    if (row !== undefined) this.refresh(row);
  }
}

/**
 * A scratch array of small integers (rows, scores), grown to the most a decision has needed and reused
 * by every decision: a decision reads what it wrote before the next one starts.
 */
export class IntScratch {
  private values = new Int32Array(0);

  /** An array of at least `n` values; what it holds is left from the last use. */
  take(n: number): Int32Array {
    if (n > this.values.length) this.values = new Int32Array(Math.max(n, this.values.length * 2, 128));
    return this.values;
  }
}
