/** Shared by the benchmark suites: timing, the printed table, and the JSON file with the machine's facts. */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function time<T>(fn: () => T): { result: T; ms: number } {
  const t0 = performance.now();
  const result = fn();
  return { result, ms: performance.now() - t0 };
}

/** Starts a CPU-time measurement of this process (user + system); call the result to read it in ms. */
export function cpuTime(): () => number {
  const start = process.cpuUsage();
  return () => {
    const d = process.cpuUsage(start);
    return (d.user + d.system) / 1000;
  };
}

export function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    // What this process may use, which on a container can be less than the machine has.
    availableCores: os.availableParallelism(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

export function report(suite: string, seed: number, figures: Figure[], params: Record<string, unknown> = {}): void {
  const width = Math.max(...figures.map((f) => f.name.length));
  console.log(`\n${suite}`);
  for (const f of figures) {
    const v = f.value.toLocaleString('en-US', { maximumFractionDigits: 2 });
    console.log(`  ${f.name.padEnd(width)}  ${v.padStart(12)} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
  }
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/${suite}.json`, import.meta.url);
  const body = { suite, seed, ...params, commit: commit(), date: new Date().toISOString(), machine: machine(), figures };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  console.log(`  → bench/results/${suite}.json`);
}
