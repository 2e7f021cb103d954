/**
 * Proof that the properties can fail: each mutant breaks one controller rule, and a named property
 * catches it within the CI budget (fixed seed, a handful of runs). The table says which invariant of
 * which property caught it.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster.js';
import { MUTANT_NAMES, parseMutants, type Mutant } from '../../src/sim/mutants.js';
import { checkRollout } from '../../src/testing/property.js';
import { gatedRollouts, rolloutsUnderFaults, rolloutsWithoutFaults } from '../../src/testing/properties.js';
import type { RolloutProperty } from '../../src/testing/property.js';

const caughtBy: { mutant: Mutant; property: RolloutProperty; invariant: string; numRuns: number }[] = [
  { mutant: 'ignore-max-surge', property: rolloutsWithoutFaults, invariant: 'surge-bound', numRuns: 40 },
  { mutant: 'unready-available', property: gatedRollouts, invariant: 'availability-bound', numRuns: 10 },
  { mutant: 'not-ready-endpoints', property: rolloutsWithoutFaults, invariant: 'endpoints-ready', numRuns: 10 },
  { mutant: 'forget-terminating', property: gatedRollouts, invariant: 'endpoints-ready', numRuns: 10 },
  { mutant: 'no-backoff', property: rolloutsUnderFaults, invariant: 'restart-back-off', numRuns: 10 },
];

describe('mutants', () => {
  it('every mutant has a property that catches it', () => {
    expect(caughtBy.map((c) => c.mutant).sort()).toEqual([...MUTANT_NAMES].sort());
  });

  it.each(caughtBy.map((c) => [c.mutant, c.property.name, c.invariant, c] as const))('%s is caught by "%s" (%s)', (_m, _p, _i, { mutant, property, invariant, numRuns }) => {
    const res = checkRollout(property, { mutants: [mutant], seed: 1, numRuns, shrinkRuns: 10 });
    expect(res.ok).toBe(false);
    expect(res.failure!.violation.invariant).toBe(invariant);
  }, 120_000);

  it('an unknown mutant is refused with the known names', () => {
    expect(() => parseMutants('createCluster: mutants', ['ignore-maxsurge'])).toThrow(
      'createCluster: mutants: unknown mutant "ignore-maxsurge"; known mutants: ignore-max-surge, unready-available, not-ready-endpoints, forget-terminating, no-backoff',
    );
    expect(() => createCluster({ mutants: ['nope'] })).toThrow(/^createCluster: mutants: unknown mutant "nope"/);
  });
});
