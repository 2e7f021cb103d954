/**
 * The fuzz run's plan, pure: the command line, the tasks (a property, a fast-check seed, a number of
 * runs), a machine's shard of them, and the summary — also of results merged from many machines.
 * Seeds are `seed + task index`, so a task means the same cases on every machine and a failure is
 * re-run with the seed it prints. Cost: O(tasks).
 */
export interface FuzzArgs {
  runs: number;
  seed: number;
  workers: number;
  /** Runs per task: a worker reports after each task. */
  chunk: number;
  /** Property names; empty = all. */
  properties: string[];
  /** This machine's part: index and count (Kubernetes' JOB_COMPLETION_INDEX of completions). */
  shard: { index: number; count: number };
  /** Where counterexample scenario files go. */
  out: string;
  /** Write the results as JSON here, for merging. */
  json?: string;
  /** Merge these JSON result files instead of running. */
  merge: string[];
  /** Controller rules to break, to see the fuzzer catch them. */
  mutants: string[];
}

export interface Task {
  index: number;
  property: string;
  seed: number;
  numRuns: number;
}

export interface TaskResult extends Task {
  ok: boolean;
  /** Set when an invariant broke. */
  failure?: { invariant: string; at: string; message: string; path: string; scenarioFile?: string };
  /** Set when the run itself threw. */
  error?: string;
}

export const USAGE = `usage: npm run fuzz -- [--runs N] [--seed S] [--workers W] [--chunk C] [--property NAME]...
                     [--shard I/N] [--out DIR] [--json FILE] [--mutant NAME]...
       npm run fuzz -- --merge FILE...`;

function int(flag: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < min) throw new Error(`fuzz: ${flag}: expected an integer ≥ ${min}, got ${v === undefined ? 'nothing' : JSON.stringify(v)}\n${USAGE}`);
  return n;
}

export function parseArgs(argv: readonly string[], defaults: { workers: number }): FuzzArgs {
  const a: FuzzArgs = { runs: 1000, seed: 1, workers: defaults.workers, chunk: 25, properties: [], shard: { index: 0, count: 1 }, out: 'kubesim-failures', merge: [], mutants: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const next = () => argv[++i];
    switch (flag) {
      case '--runs': a.runs = int(flag, next(), 1); break;
      case '--seed': a.seed = int(flag, next(), 0); break;
      case '--workers': a.workers = int(flag, next(), 1); break;
      case '--chunk': a.chunk = int(flag, next(), 1); break;
      case '--property': a.properties.push(next() ?? ''); break;
      case '--mutant': a.mutants.push(next() ?? ''); break;
      case '--out': a.out = next() ?? a.out; break;
      case '--json': a.json = next(); break;
      case '--shard': {
        const m = /^(\d+)\/(\d+)$/.exec(next() ?? '');
        if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) throw new Error(`fuzz: --shard: expected INDEX/COUNT with 0 ≤ INDEX < COUNT, like 3/10\n${USAGE}`);
        a.shard = { index: Number(m[1]), count: Number(m[2]) };
        break;
      }
      case '--merge':
        while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) a.merge.push(argv[++i]!);
        if (a.merge.length === 0) throw new Error(`fuzz: --merge: expected result files\n${USAGE}`);
        break;
      default:
        throw new Error(`fuzz: unknown argument ${JSON.stringify(flag)}\n${USAGE}`);
    }
  }
  return a;
}

/** Every task of the whole sweep (all shards), round-robin over the properties. */
export function allTasks(args: Pick<FuzzArgs, 'runs' | 'seed' | 'chunk'>, properties: readonly string[]): Task[] {
  const tasks: Task[] = [];
  let left = args.runs;
  for (let index = 0; left > 0; index++) {
    const numRuns = Math.min(args.chunk, left);
    tasks.push({ index, property: properties[index % properties.length]!, seed: args.seed + index, numRuns });
    left -= numRuns;
  }
  return tasks;
}

/** This machine's tasks: every `count`-th, starting at `index`. */
export function shardOf(tasks: readonly Task[], shard: FuzzArgs['shard']): Task[] {
  return tasks.filter((t) => t.index % shard.count === shard.index);
}

/** The summary a person reads: runs per property, and every failure with how to replay it. */
export function summarize(results: readonly TaskResult[]): { text: string; failed: number } {
  const byProperty = new Map<string, { runs: number; failed: number }>();
  for (const r of results) {
    const p = byProperty.get(r.property) ?? { runs: 0, failed: 0 };
    p.runs += r.numRuns;
    if (!r.ok) p.failed++;
    byProperty.set(r.property, p);
  }
  const lines = [...byProperty].map(([name, p]) => `  ${name}: ${p.runs} runs, ${p.failed === 0 ? 'every invariant held' : `${p.failed} failing seed${p.failed > 1 ? 's' : ''}`}`);
  const failures = results.filter((r) => !r.ok).sort((x, y) => x.index - y.index);
  for (const f of failures) {
    if (f.failure) {
      lines.push(`FAIL ${f.property} (seed ${f.seed}, path "${f.failure.path}"): ${f.failure.invariant} at t=${f.failure.at}: ${f.failure.message}`);
      if (f.failure.scenarioFile) lines.push(`     replay: kubesim run ${f.failure.scenarioFile}`);
    } else lines.push(`ERROR ${f.property} (seed ${f.seed}): ${f.error}`);
  }
  const total = results.reduce((n, r) => n + r.numRuns, 0);
  lines.unshift(`${total} runs in ${results.length} tasks, ${failures.length} failed`);
  return { text: `${lines.join('\n')}\n`, failed: failures.length };
}

/** A progress bar: `[#######.............] 350/1000 runs, 1 failed`. */
export function progressBar(done: number, total: number, failed: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} runs${failed ? `, ${failed} failed` : ''}`;
}
