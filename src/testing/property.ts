/**
 * The property runner: "for every case this arbitrary draws, no invariant breaks". `checkRollout`
 * runs fast-check over rollout cases, each on a fresh simulated cluster with the invariants watching;
 * on a failure it shrinks the case, and reports the invariant, the simulated time, fast-check's seed
 * and path, and the path of a scenario file it wrote that replays the shrunk case (`kubesim run`).
 * `assertRollout` is the same, throwing the report — for a test.
 *
 * Guarantees: deterministic — the same seed, runs and options give the same cases, the same verdict and
 * the same file; shrinking is bounded by `shrinkRuns` simulations, counted, never timed. Cost: one
 * simulation per run and per shrink step (a few hundred ms of CPU each).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatDuration } from '../sim/duration.js';
import { rolloutCase } from './arbitraries.js';
import { INVARIANTS, type Invariant, type Violation } from './invariants.js';
import type { RolloutCase } from './model.js';
import { runCase, type RunReport } from './run.js';
import { scenarioFileName, scenarioText } from './scenario.js';

export interface RolloutProperty {
  name: string;
  /** The cases to try. Default: `rolloutCase()`, everything. */
  cases?: fc.Arbitrary<RolloutCase>;
  /** The invariants that must hold. Default: all of INVARIANTS. */
  invariants?: readonly Invariant[];
}

export interface CheckOptions {
  /** fast-check's seed. Default 1, so a run is reproducible. */
  seed?: number;
  numRuns?: number;
  /** fast-check's path, to re-run one failing case (and its shrinking) directly. */
  path?: string;
  /** Controller rules to break (see src/sim/mutants.ts). */
  mutants?: readonly string[];
  /** Most simulations spent shrinking a failure. Default 200. */
  shrinkRuns?: number;
  /** Where to write the counterexample's scenario file; none is written when undefined. */
  scenarioDir?: string;
}

export interface RolloutFailure {
  property: string;
  violation: Violation;
  /** Simulated time of the violation since the cluster started, as a duration (`2m13.005s`). */
  at: string;
  seed: number;
  path: string;
  /** The shrunk case. */
  case: RolloutCase;
  report: RunReport;
  /** The scenario file written, if a scenarioDir was given. */
  scenarioFile?: string;
  /** The scenario's text, written or not. */
  scenario: string;
}

export interface CheckResult {
  ok: boolean;
  numRuns: number;
  failure?: RolloutFailure;
}

export function checkRollout(property: RolloutProperty, opts: CheckOptions = {}): CheckResult {
  const invariants = property.invariants ?? INVARIANTS;
  const seed = opts.seed ?? 1;
  const budget = opts.shrinkRuns ?? 200;
  let failedOnce = false;
  let shrinkRuns = 0;
  const details = fc.check(
    fc.property(property.cases ?? rolloutCase(), (c) => {
      // Past the shrinking budget every case "passes", which ends shrinking at the smallest failure so far.
      if (failedOnce && ++shrinkRuns > budget) return true;
      const ok = runCase(c, { invariants, ...(opts.mutants ? { mutants: opts.mutants } : {}) }).violations.length === 0;
      if (!ok) failedOnce = true;
      return ok;
    }),
    { seed, numRuns: opts.numRuns ?? 20, ...(opts.path !== undefined ? { path: opts.path } : {}), endOnFailure: false },
  );
  if (!details.failed) return { ok: true, numRuns: details.numRuns };
  const shrunk = details.counterexample![0];
  const report = runCase(shrunk, { invariants, ...(opts.mutants ? { mutants: opts.mutants } : {}) });
  const violation = report.violations[0];
  // The case made the run itself throw (a manifest refused, a cluster error): that is a bug to show as is.
  if (!violation) throw details.errorInstance instanceof Error ? details.errorInstance : new Error(`checkRollout: ${String(details.errorInstance)}`);
  const info = { property: property.name, seed: details.seed, path: details.counterexamplePath ?? '', ...(opts.mutants ? { mutants: opts.mutants } : {}) };
  const scenario = scenarioText(report, info);
  let scenarioFile: string | undefined;
  if (opts.scenarioDir !== undefined) {
    mkdirSync(opts.scenarioDir, { recursive: true });
    scenarioFile = join(opts.scenarioDir, scenarioFileName(info, violation, shrunk.seed));
    writeFileSync(scenarioFile, scenario);
  }
  return {
    ok: false,
    numRuns: details.numRuns,
    failure: {
      property: property.name,
      violation,
      at: formatDuration(violation.time - report.start),
      seed: details.seed,
      path: info.path,
      case: shrunk,
      report,
      scenario,
      ...(scenarioFile ? { scenarioFile } : {}),
    },
  };
}

/** The failure as a person reads it: what broke, when, and how to see it again. */
export function describeFailure(f: RolloutFailure): string {
  return [
    `Property "${f.property}" failed: invariant ${f.violation.invariant} broke at t=${f.at} (simulated).`,
    `  ${f.violation.message}`,
    `  fast-check seed ${f.seed}, path "${f.path}" — re-run with { seed: ${f.seed}, path: "${f.path}" }`,
    f.scenarioFile ? `  replay: kubesim run ${f.scenarioFile}` : '  (pass scenarioDir to write a scenario file that replays it)',
    `  shrunk case: ${JSON.stringify({ ...f.case, images: f.case.images })}`,
  ].join('\n');
}

export class RolloutPropertyError extends Error {
  override readonly name = 'RolloutPropertyError';
  constructor(readonly failure: RolloutFailure) {
    super(describeFailure(failure));
  }
}

/** checkRollout for a test: throws a RolloutPropertyError with the report when an invariant breaks. */
export function assertRollout(property: RolloutProperty, opts: CheckOptions = {}): void {
  const res = checkRollout(property, opts);
  if (res.failure) throw new RolloutPropertyError(res.failure);
}
