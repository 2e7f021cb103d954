/**
 * `npm run fuzz`: kubesim's properties, run long, on every core — one worker thread per core, each
 * running one simulation at a time — with a progress bar on stderr and a summary on stdout. Exit code
 * 1 when any invariant broke, 2 on bad arguments. `--shard I/N` runs one machine's part of a sweep
 * (a Kubernetes Indexed Job passes its JOB_COMPLETION_INDEX); `--json` keeps the results and
 * `--merge` adds up the results of every shard. See docs/property-testing.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PROPERTIES } from '../properties.js';
import { allTasks, parseArgs, progressBar, shardOf, summarize, type FuzzArgs, type TaskResult } from './plan.js';
import { parseMutants } from '../../sim/mutants.js';

async function main(argv: string[]): Promise<number> {
  let args: FuzzArgs;
  try {
    args = parseArgs(argv, { workers: Math.min(availableParallelism(), 8) });
    parseMutants('fuzz: --mutant', args.mutants);
    const unknown = args.properties.filter((p) => !PROPERTIES.some((q) => q.name === p));
    if (unknown.length) throw new Error(`fuzz: --property: unknown property "${unknown[0]}"; properties: ${PROPERTIES.map((p) => p.name).join(', ')}`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (args.merge.length > 0) {
    const results = args.merge.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as TaskResult[]);
    const { text, failed } = summarize(results);
    process.stdout.write(text);
    return failed > 0 ? 1 : 0;
  }
  const names = args.properties.length ? args.properties : PROPERTIES.map((p) => p.name);
  const tasks = shardOf(allTasks(args, names), args.shard);
  const total = tasks.reduce((n, t) => n + t.numRuns, 0);
  const results: TaskResult[] = [];
  let done = 0;
  let failed = 0;
  const draw = () => process.stderr.write(`\r${progressBar(done, total, failed)}`);
  draw();
  const queue = [...tasks];
  // The workers run TypeScript from source, as the main thread does: each registers tsx's loader first.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })`;
  const workers = Array.from({ length: Math.min(args.workers, tasks.length) }, () =>
    new Worker(boot, { eval: true, workerData: { out: args.out, mutants: args.mutants } }));
  await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
    const feed = () => w.postMessage(queue.shift() ?? null);
    w.on('message', (r: TaskResult) => {
      results.push(r);
      done += r.numRuns;
      if (!r.ok) failed++;
      draw();
      feed();
    });
    w.on('error', reject);
    w.on('exit', () => resolve());
    feed();
  })));
  process.stderr.write('\n');
  if (args.json) writeFileSync(args.json, JSON.stringify(results.sort((a, b) => a.index - b.index), null, 1));
  const summary = summarize(results);
  process.stdout.write(summary.text);
  return summary.failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
