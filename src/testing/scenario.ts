/**
 * Counterexamples as scenario files, and scenario files replayed under the invariants. A run's steps
 * (run.ts) are already scenario steps; this writes them out with the seed, the machines and the images,
 * and ends with a note that names the invariant, the simulated time and what was seen, then the
 * kubectl view of the Deployment's family at that instant. `kubesim run FILE` replays it; `replay`
 * replays it with the invariants watching and returns the same violations.
 *
 * Guarantees: `scenarioText` output parses with the scenario parser; replaying it on the same
 * mutants gives the run's first violation at the same simulated time. Cost: one simulation to replay.
 */
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { createCluster } from '../cluster.js';
import { formatDuration } from '../sim/duration.js';
import { parseScenario } from '../scenario/parse.js';
import type { Step } from '../scenario/schema.js';
import { INVARIANTS, type Invariant, type Violation } from './invariants.js';
import { Monitor } from './monitor.js';
import type { Action, ImageBehaviour } from './model.js';
import { StepRunner, type RunReport, type ScenarioStep } from './run.js';

export interface CounterexampleInfo {
  /** The property's name. */
  property: string;
  /** fast-check's seed and path, to re-run the property at this case. */
  seed?: number;
  path?: string;
  mutants?: readonly string[];
}

/** A file name for the counterexample, unique per property, fast-check seed and case: `rollouts-under-faults-surge-bound-seed3-case12345.yaml`. */
export function scenarioFileName(info: CounterexampleInfo, violation: Violation, caseSeed: number): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${slug(info.property)}-${violation.invariant}-seed${info.seed ?? 0}-case${caseSeed}.yaml`;
}

/** The scenario file that replays `report` up to its first violation. */
export function scenarioText(report: RunReport, info: CounterexampleInfo): string {
  const v = report.violations[0];
  const at = v ? formatDuration(v.time - report.start) : undefined;
  const lines = [
    `Found by the property "${info.property}"${info.seed !== undefined ? ` (fast-check seed ${info.seed}${info.path ? `, path "${info.path}"` : ''})` : ''}.`,
    v ? `The invariant ${v.invariant} broke at t=${at}: ${v.message.replace(/\.?$/, '.')}` : 'No invariant broke.',
  ];
  if (info.mutants?.length) {
    lines.push(`This cluster ran with the mutants ${info.mutants.join(', ')} (controller rules broken on purpose); kubesim run replays it without them, so use replay() from kubesim/testing to see the violation again.`);
  }
  const steps: unknown[] = [...report.steps];
  if (v) {
    steps.push({ note: `Here (t=${at}) the invariant ${v.invariant} broke: ${v.message}` });
    steps.push({ kubectl: 'get deployments,replicasets,pods -o wide' });
    // A rollout that should have finished: kubectl's own verdict, which makes `kubesim run` fail too.
    if (v.time === report.endedAt) steps.push({ kubectl: 'rollout status deployment/web --timeout=1s' });
  }
  const doc = {
    name: `${info.property}: ${v?.invariant ?? 'no violation'}`,
    description: lines.join(' '),
    seed: report.case.seed,
    cluster: report.cluster,
    steps,
  };
  return stringify(doc, { lineWidth: 110 });
}

/** The image model's data read back as the behaviours the invariants reason about. */
export function behaviourOf(spec: Record<string, unknown>): ImageBehaviour {
  const secs = (v: unknown) => (typeof v === 'string' ? Number.parseFloat(v) : 0);
  if (spec.neverReady) return { kind: 'never-ready' };
  if (spec.crashAfter !== undefined) return { kind: 'crash', readyAfter: secs(spec.readyAfter), crashAfter: secs(spec.crashAfter) };
  if (spec.unhealthyAfter !== undefined) return { kind: 'flaky', readyAfter: secs(spec.readyAfter), unhealthyAfter: secs(spec.unhealthyAfter) };
  const readyAfter = secs(spec.readyAfter);
  return { kind: readyAfter >= 10 ? 'slow-start' : 'healthy', readyAfter };
}

/** The action a scenario step stands for, as the invariants hear of it (faults and traffic). */
function actionOf(step: ScenarioStep): { action: Action; node?: string } | undefined {
  if ('kubectl' in step) {
    const line = step.kubectl;
    if (/^delete pods? /.test(line)) return { action: { type: 'deletePod', index: 0 } };
    const m = /^(drain|delete node) (\S+)/.exec(line);
    if (m) return { action: { type: m[1] === 'drain' ? 'drain' : 'deleteNode', node: 0 }, node: m[2]! };
    return undefined;
  }
  if ('traffic' in step) return { action: { type: 'traffic', rps: step.traffic.rps, seconds: 0 } };
  for (const type of ['crashNode', 'recoverNode', 'partitionNode', 'healNode', 'cordon', 'uncordon'] as const) {
    if (type in step) return { action: { type, node: 0 }, node: (step as Record<string, string>)[type]! };
  }
  return undefined;
}

function toScenarioStep(step: Step): ScenarioStep {
  switch (step.action) {
    case 'apply':
      if (typeof step.value === 'string') throw new Error(`replay: step at line ${step.line}: apply of a file is not supported; inline the manifest as apply: { yaml: ... }`);
      return { apply: step.value };
    case 'advance':
      return { advance: typeof step.value === 'number' ? `${step.value}ms` : step.value };
    case 'traffic':
      return { traffic: { url: step.value.url, rps: step.value.rps, duration: String(step.value.duration) } };
    default:
      return { [step.action]: step.value } as ScenarioStep;
  }
}

export interface ReplayOptions {
  invariants?: readonly Invariant[];
  mutants?: readonly string[];
}

/** Replays a scenario (its text, or a path ending in .yaml) with the invariants watching; returns every violation. */
export function replay(scenario: string, opts: ReplayOptions = {}): Violation[] {
  const text = /\.ya?ml$/.test(scenario) && !scenario.includes('\n') ? readFileSync(scenario, 'utf8') : scenario;
  const s = parseScenario(text, /\.ya?ml$/.test(scenario) ? scenario : '<inline>');
  const images = (s.cluster.images ?? {}) as Record<string, Record<string, unknown>>;
  const cluster = createCluster({
    seed: s.seed ?? 1,
    ...(s.epoch !== undefined ? { epoch: s.epoch } : {}),
    ...(s.cluster.nodes !== undefined ? { nodes: s.cluster.nodes } : {}),
    images,
    ...(opts.mutants?.length ? { mutants: opts.mutants } : {}),
  } as Parameters<typeof createCluster>[0]);
  const behaviours = Object.fromEntries(Object.entries(images).map(([ref, spec]) => [ref, behaviourOf(spec)]));
  const monitor = new Monitor(cluster, opts.invariants ?? INVARIANTS, { images: behaviours });
  const runner = new StepRunner(cluster, monitor, true);
  try {
    for (const step of s.steps) {
      const st = toScenarioStep(step);
      const a = actionOf(st);
      if (a) monitor.action({ action: a.action, phase: 'start', ...(a.node ? { node: a.node } : {}) });
      const traffic = runner.run(st);
      if (a) monitor.action({ action: a.action, phase: 'end', ...(a.node ? { node: a.node } : {}), ...(traffic ? { traffic } : {}) });
    }
    monitor.end();
  } finally {
    monitor.stop();
  }
  return monitor.violations;
}
