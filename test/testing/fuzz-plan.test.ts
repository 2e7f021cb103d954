import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allTasks, parseArgs, progressBar, shardOf, summarize, type TaskResult } from '../../src/testing/fuzz/plan.js';

describe('fuzz plan', () => {
  it('the shards of a sweep run every task exactly once, and add up to the runs asked for', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 1000 }), (runs, chunk, shards, seed) => {
        const tasks = allTasks({ runs, chunk, seed }, ['a', 'b', 'c']);
        const seen = Array.from({ length: shards }, (_, index) => shardOf(tasks, { index, count: shards })).flat();
        expect(seen.map((t) => t.index).sort((x, y) => x - y)).toEqual(tasks.map((t) => t.index));
        expect(seen.reduce((n, t) => n + t.numRuns, 0)).toBe(runs);
        expect(new Set(tasks.map((t) => t.seed)).size).toBe(tasks.length);
      }),
      { seed: 4 },
    );
  });

  it('reads the command line, and names the argument it cannot', () => {
    expect(parseArgs(['--runs', '100000', '--seed', '1'], { workers: 2 })).toMatchObject({ runs: 100000, seed: 1, workers: 2, shard: { index: 0, count: 1 } });
    expect(parseArgs(['--shard', '3/10', '--json', 'r.json'], { workers: 2 })).toMatchObject({ shard: { index: 3, count: 10 }, json: 'r.json' });
    expect(() => parseArgs(['--runs', '0'], { workers: 2 })).toThrow(/^fuzz: --runs: expected an integer ≥ 1, got "0"/);
    expect(() => parseArgs(['--shard', '10/10'], { workers: 2 })).toThrow(/^fuzz: --shard: expected INDEX\/COUNT with 0 ≤ INDEX < COUNT/);
    expect(() => parseArgs(['--merge'], { workers: 2 })).toThrow(/^fuzz: --merge: expected result files/);
    expect(() => parseArgs(['--fast'], { workers: 2 })).toThrow(/^fuzz: unknown argument "--fast"/);
  });

  it('merged results from every machine read as one summary, failures in task order', () => {
    const ok: TaskResult = { index: 0, property: 'p', seed: 1, numRuns: 25, ok: true };
    const bad: TaskResult = { index: 1, property: 'p', seed: 2, numRuns: 25, ok: false, failure: { invariant: 'surge-bound', at: '1m0.01s', message: 'too many', path: '3:1', scenarioFile: 'f.yaml' } };
    const { text, failed } = summarize([bad, ok]);
    expect(failed).toBe(1);
    expect(text).toBe('50 runs in 2 tasks, 1 failed\n  p: 50 runs, 1 failing seed\nFAIL p (seed 2, path "3:1"): surge-bound at t=1m0.01s: too many\n     replay: kubesim run f.yaml\n');
    expect(progressBar(5, 10, 1, 10)).toBe('[#####.....] 5/10 runs, 1 failed');
  });
});
