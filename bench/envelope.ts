/**
 * The envelope suite: Kubernetes' documented limits — 5,000 nodes, 150,000 pods as 1,500 Deployments of
 * 100 with a Service each — from the first create to every pod Ready and every Service's EndpointSlices
 * holding all its ready pods. `--scale` shrinks nodes and Deployments together (pods per node stay 30).
 */
import { performance } from 'node:perf_hooks';
import { cpuTime, perSecond, report, type Figure } from './report.js';
import { applyWorkload, envelopeShape, newCluster, SEED, Tracker, type Shape } from './workload.js';

export interface EnvelopeRun {
  shape: Shape;
  pods: number;
  wallMs: number;
  cpuMs: number;
  setupMs: number;
  simulatedMs: number;
  writes: number;
  deliveries: number;
  peakHeap: number;
  peakRss: number;
  /** The heap after a full collection at the end, the cluster still held: what the run keeps alive. */
  liveHeap: number | undefined;
}

/** The heap in use after full collections (`node --expose-gc`, as `npm run bench` runs), or undefined. */
export function collectedHeap(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Builds the cluster, applies the workload and runs simulated time until it has all converged. */
export function runEnvelope(scale: number): EnvelopeRun {
  const shape = envelopeShape(scale);
  const pods = shape.deployments * shape.replicas;
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const t0 = performance.now();
  const cluster = newCluster(shape);
  const tracker = new Tracker(cluster, shape);
  const setupMs = performance.now() - t0;
  const rv0 = Number(cluster.store.resourceVersion);
  const d0 = cluster.store.stats().deliveries;
  const sim0 = cluster.now();
  const t1 = performance.now();
  const cpu = cpuTime();
  applyWorkload(cluster, shape);
  let steps = 0;
  const result = cluster.runUntil(
    () => {
      if (++steps % 20_000 === 0) sample();
      return tracker.done();
    },
    { timeout: '30m' },
  );
  const wallMs = performance.now() - t1;
  const cpuMs = cpu();
  sample();
  if (!result.ok) throw new Error(`envelope: not converged after 30 min simulated: ${tracker.readyPods()} of ${pods} pods Ready`);
  const liveHeap = collectedHeap();
  return {
    shape,
    pods,
    wallMs,
    cpuMs,
    setupMs,
    simulatedMs: cluster.now() - sim0,
    writes: Number(cluster.store.resourceVersion) - rv0,
    deliveries: cluster.store.stats().deliveries - d0,
    peakHeap,
    peakRss,
    liveHeap,
  };
}

const MiB = 2 ** 20;

export function envelopeFigures(run: EnvelopeRun): Figure[] {
  const { shape } = run;
  return [
    { name: 'to all Ready, EndpointSlices complete', value: Math.round(run.wallMs), unit: 'ms wall', note: `${shape.nodes} nodes, ${shape.deployments} Deployments × ${shape.replicas}` },
    { name: 'cpu time to the same point', value: Math.round(run.cpuMs), unit: 'ms', note: 'this process, user + system' },
    { name: 'cluster start (nodes registered)', value: Math.round(run.setupMs), unit: 'ms wall' },
    { name: 'simulated time', value: run.simulatedMs / 1000, unit: 's' },
    { name: 'pods', value: run.pods, unit: 'pods' },
    { name: 'per pod', value: (run.wallMs * 1000) / run.pods, unit: 'µs wall' },
    { name: 'store writes', value: run.writes, unit: 'writes' },
    { name: 'writes per second', value: perSecond(run.writes, run.wallMs), unit: 'writes/s' },
    { name: 'watch deliveries', value: run.deliveries, unit: 'events' },
    { name: 'peak heap', value: Math.round(run.peakHeap / MiB), unit: 'MiB', note: 'heap in use, sampled: garbage not yet collected counts' },
    ...(run.liveHeap !== undefined ? [{ name: 'live heap at the end', value: Math.round(run.liveHeap / MiB), unit: 'MiB', note: 'after a full collection, the cluster still held' }] : []),
    { name: 'peak RSS', value: Math.round(run.peakRss / MiB), unit: 'MiB' },
  ];
}

const runs = new Map<number, EnvelopeRun>();

/** The envelope at `scale`, run once per process and shared by the suites that compare with it. */
export function envelopeAt(scale: number): EnvelopeRun {
  let run = runs.get(scale);
  if (!run) runs.set(scale, (run = runEnvelope(scale)));
  return run;
}

export function envelopeSuite(scale: number): void {
  report('envelope', SEED, envelopeFigures(envelopeAt(scale)), { scale });
}
