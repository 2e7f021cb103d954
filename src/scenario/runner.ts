/**
 * Runs a scenario on a fresh cluster and writes its transcript in the article's style: each kubectl
 * command as `$ kubectl ...` followed by what kubectl prints, notes as `#` comments, and a line whenever
 * simulated time moves. Expectations are checked as the steps run; a failed one is reported with its
 * step and line and makes the run fail, but the remaining steps still run, so the transcript shows what
 * happened next. Same scenario and seed ⇒ the same transcript, byte for byte.
 */
import { dirname } from 'node:path';
import { createCluster, type Cluster } from '../cluster.js';
import type { TraceEntry } from '../store/types.js';
import { formatDuration, parseDuration } from '../sim/duration.js';
import type { KubectlExpect, Scenario, Step, TrafficExpect, TrafficSpec } from './schema.js';

export interface ScenarioFailure {
  step: number;
  line: number;
  message: string;
}

export interface ScenarioResult {
  ok: boolean;
  transcript: string;
  failures: ScenarioFailure[];
  /** Every store change with its simulated time, when asked for (`trace: true`). */
  trace?: TraceEntry[];
  /** Simulated milliseconds the scenario covered. */
  elapsed: number;
  /** The cluster as the scenario left it (to look at further, or to serve). */
  cluster: Cluster;
}

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Keep every store change for the result's `trace`. */
  trace?: boolean;
  /** Where relative paths in `apply:` and `kubectl -f` are found; default the scenario file's folder. */
  baseDir?: string;
  /** Overrides the scenario's epoch: simulated wall time at the start, ms since the Unix epoch. */
  epoch?: number;
  /** Called with each piece of transcript as it is produced (for streaming to a terminal). */
  onOutput?: (text: string) => void;
}

const WRAP = 100;

/** A note as `#` comment lines, wrapped at about WRAP columns. */
export function comment(text: string): string {
  const out: string[] = [];
  for (const para of text.trimEnd().split('\n')) {
    let line = '#';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line.length + 1 + word.length > WRAP && line !== '#') {
        out.push(line);
        line = '#';
      }
      line += ` ${word}`;
    }
    out.push(line);
  }
  return `${out.join('\n')}\n`;
}

export function runScenario(scenario: Scenario, opts: RunOptions = {}): ScenarioResult {
  const baseDir = opts.baseDir ?? (scenario.source === '<inline>' ? process.cwd() : dirname(scenario.source));
  let cluster: Cluster;
  try {
    cluster = createCluster({
      seed: opts.seed ?? scenario.seed ?? 1,
      ...(opts.epoch !== undefined ? { epoch: opts.epoch } : scenario.epoch !== undefined ? { epoch: scenario.epoch } : {}),
      ...(scenario.cluster.nodes !== undefined ? { nodes: scenario.cluster.nodes } : {}),
      ...(scenario.cluster.images !== undefined ? { images: scenario.cluster.images } : {}),
      ...(opts.trace ? { traceSize: 10_000_000 } : {}),
    } as Parameters<typeof createCluster>[0]);
  } catch (e) {
    throw new Error(`${scenario.source}: cluster: ${(e as Error).message}`);
  }
  let transcript = '';
  const write = (text: string) => {
    transcript += text;
    opts.onOutput?.(text);
  };
  const failures: ScenarioFailure[] = [];
  const start = cluster.now();
  const t = () => formatDuration(cluster.now() - start);

  write(comment(`Scenario: ${scenario.name}`));
  if (scenario.description) write(comment(scenario.description));

  scenario.steps.forEach((step, i) => {
    const fail = (message: string) => failures.push({ step: i + 1, line: step.line, message });
    const before = cluster.now();
    write('\n');
    runStep(cluster, step, baseDir, write, fail, t);
    const moved = cluster.now() - before;
    if (moved > 0 && step.action !== 'advance') {
      write(comment(`(${formatDuration(moved)} of simulated time passed; t=${t()})`));
    }
  });

  return {
    ok: failures.length === 0,
    transcript,
    failures,
    elapsed: cluster.now() - start,
    cluster,
    ...(opts.trace ? { trace: cluster.store.trace.entries() } : {}),
  };
}

function runStep(cluster: Cluster, step: Step, baseDir: string, write: (s: string) => void, fail: (m: string) => void, t: () => string): void {
  switch (step.action) {
    case 'note':
      write(comment(step.value));
      return;
    case 'kubectl':
      kubectl(cluster, step.value, {}, baseDir, write, fail, step.expect);
      return;
    case 'apply':
      if (typeof step.value === 'string') kubectl(cluster, `apply -f ${step.value}`, {}, baseDir, write, fail, step.expect);
      else kubectl(cluster, 'apply -f -', { stdin: step.value.yaml }, baseDir, write, fail, step.expect);
      return;
    case 'advance': {
      const ms = parseDuration(step.value);
      cluster.advance(ms);
      write(comment(`${formatDuration(ms)} later (t=${t()})`));
      return;
    }
    case 'crashNode':
    case 'recoverNode':
    case 'partitionNode':
    case 'healNode':
    case 'cordon':
    case 'uncordon':
      nodeFault(cluster, step.action, step.value, write, fail);
      return;
    case 'traffic':
      traffic(cluster, step.value, step.expect, write, fail);
      return;
  }
}

const FAULT_WORDS: Record<string, string> = {
  crashNode: 'crashes: its kubelet and containers stop, and the API server hears nothing more from it',
  recoverNode: 'boots again: its kubelet re-reads the pods bound to it',
  partitionNode: 'is cut off from the control plane: its containers keep running',
  healNode: 'reaches the control plane again',
  cordon: 'is cordoned: no new pods are scheduled to it',
  uncordon: 'is uncordoned',
};

function nodeFault(cluster: Cluster, action: keyof typeof FAULT_WORDS, node: string, write: (s: string) => void, fail: (m: string) => void): void {
  try {
    cluster[action as 'crashNode'](node);
    write(comment(`${node} ${FAULT_WORDS[action]}.`));
  } catch (e) {
    write(comment(`${action} ${node} failed: ${(e as Error).message}`));
    fail(`${action}: ${(e as Error).message}`);
  }
}

function kubectl(
  cluster: Cluster,
  line: string,
  io: { stdin?: string },
  baseDir: string,
  write: (s: string) => void,
  fail: (m: string) => void,
  expect: KubectlExpect | undefined,
): void {
  write(`$ kubectl ${line}\n`);
  const res = cluster.kubectl(line, { ...io, baseDir });
  write(res.stdout);
  write(res.stderr);
  const wantCode = expect?.exitCode ?? 0;
  if (res.exitCode !== wantCode) fail(`kubectl ${line}: expected exit code ${wantCode}, got ${res.exitCode}${res.stderr ? `: ${res.stderr.trim()}` : ''}`);
  if (!expect) return;
  if (expect.stdout !== undefined && res.stdout !== expect.stdout) {
    fail(`kubectl ${line}: stdout differs from the expected text:\n--- expected\n${expect.stdout}--- got\n${res.stdout}`);
  }
  const output = res.stdout + res.stderr;
  for (const text of typeof expect.contains === 'string' ? [expect.contains] : (expect.contains ?? [])) {
    if (!output.includes(text)) fail(`kubectl ${line}: output does not contain ${JSON.stringify(text)}`);
  }
  if (expect.matches !== undefined && !new RegExp(expect.matches, 'm').test(output)) {
    fail(`kubectl ${line}: output does not match /${expect.matches}/`);
  }
}

function traffic(
  cluster: Cluster,
  spec: TrafficSpec,
  expect: TrafficExpect | undefined,
  write: (s: string) => void,
  fail: (m: string) => void,
): void {
  const ms = parseDuration(spec.duration);
  const run = cluster.traffic({ url: spec.url, rps: spec.rps, duration: ms, ...(spec.from !== undefined ? { from: { pod: spec.from } } : {}) });
  cluster.advance(ms);
  const summary = run.summary();
  const reasons = Object.entries(summary.failures).map(([why, n]) => `${n} ${why}`);
  const spread = Object.entries(summary.byPod).map(([pod, n]) => `${pod.replace(/^default\//, '')} ${n}`);
  write(comment(
    `traffic: ${spec.rps} requests/s to ${spec.url} for ${formatDuration(ms)}: ${summary.sent} sent, ` +
      `${summary.succeeded} succeeded, ${summary.failed} failed${reasons.length ? ` (${reasons.join(', ')})` : ''}` +
      `${spread.length ? `; answered by ${spread.join(', ')}` : ''}`,
  ));
  if (expect?.failed !== undefined && summary.failed !== expect.failed) fail(`traffic ${spec.url}: expected ${expect.failed} failed requests, got ${summary.failed}`);
  if (expect?.minFailed !== undefined && summary.failed < expect.minFailed) fail(`traffic ${spec.url}: expected at least ${expect.minFailed} failed requests, got ${summary.failed}`);
  if (expect?.succeeded !== undefined && summary.succeeded !== expect.succeeded) fail(`traffic ${spec.url}: expected ${expect.succeeded} successful requests, got ${summary.succeeded}`);
}
