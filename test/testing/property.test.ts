import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/runner.js';
import { checkRollout, describeFailure, assertRollout, RolloutPropertyError } from '../../src/testing/property.js';
import { rolloutsWithoutFaults } from '../../src/testing/properties.js';
import { replay } from '../../src/testing/scenario.js';
import { invariantNamed } from '../../src/testing/invariants.js';
import type { RolloutCase } from '../../src/testing/model.js';

describe('checkRollout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-property-'));
  const opts = { mutants: ['ignore-max-surge'], seed: 1, numRuns: 40, shrinkRuns: 20, scenarioDir: dir };
  const res = checkRollout(rolloutsWithoutFaults, opts);
  const f = res.failure!;

  it('reports the invariant, the simulated time, the seed and the path', () => {
    expect(f.violation.invariant).toBe('surge-bound');
    expect(f.seed).toBe(1);
    expect(f.path).toMatch(/^\d+(:\d+)*$/);
    expect(f.at).toMatch(/^(\d+m)?[\d.]+m?s$/);
    const text = describeFailure(f);
    expect(text).toContain(`invariant surge-bound broke at t=${f.at}`);
    expect(text).toContain(`fast-check seed 1, path "${f.path}"`);
    expect(text).toContain(`kubesim run ${f.scenarioFile}`);
  });

  it('writes a scenario file that replays the shrunk case to the same violation at the same instant', () => {
    const text = readFileSync(f.scenarioFile!, 'utf8');
    expect(text).toBe(f.scenario);
    const violations = replay(f.scenarioFile!, { mutants: ['ignore-max-surge'] });
    expect(violations[0]).toEqual(f.violation);
  });

  it('the scenario file is one kubesim run accepts and runs, naming the violation in its transcript', () => {
    const scenario = parseScenario(readFileSync(f.scenarioFile!, 'utf8'), f.scenarioFile!);
    const out = runScenario(scenario);
    expect(out.transcript).toContain(`the invariant surge-bound broke`);
    expect(out.failures).toEqual([]);
  });

  it('fast-check\'s path re-runs the failing case directly', () => {
    const again = checkRollout(rolloutsWithoutFaults, { ...opts, path: f.path, scenarioDir: undefined });
    expect(again.failure?.violation).toEqual(f.violation);
  }, 30_000);

  it('is deterministic: the same seed gives the same counterexample', () => {
    const again = checkRollout(rolloutsWithoutFaults, { ...opts, scenarioDir: undefined });
    expect(again.failure?.scenario).toBe(f.scenario);
  }, 60_000);

  it('without the mutant, the property holds on the first ten cases', () => {
    expect(checkRollout(rolloutsWithoutFaults, { seed: 1, numRuns: 10 }).ok).toBe(true);
  }, 30_000);

  it('assertRollout throws the report', () => {
    expect(() => assertRollout(rolloutsWithoutFaults, { ...opts, path: f.path, scenarioDir: undefined })).toThrow(RolloutPropertyError);
  }, 30_000);

  it('bad input: an unknown invariant name, a case whose manifest is refused', () => {
    expect(() => invariantNamed('surge')).toThrow(/^invariant: unknown name "surge"; known invariants: surge-bound, availability-bound/);
    const refused = fc.constant<RolloutCase>({
      seed: 1,
      nodes: [{ cpu: 2 }],
      images: [{ kind: 'healthy', readyAfter: 0 }],
      deployment: { replicas: 1, strategy: { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 0 }, minReadySeconds: 0, progressDeadlineSeconds: 600, revisionHistoryLimit: 10, liveness: false, image: 0 },
      actions: [],
    });
    expect(() => checkRollout({ name: 'refused', cases: refused }, { numRuns: 1 })).toThrow(/runCase: the case's manifest was refused: .*may not be 0 when `maxSurge` is 0/);
  });
});
