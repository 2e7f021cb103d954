/**
 * Mutants: switches that break one controller rule at a time, so that a property test can prove it
 * notices. A cluster made with `createCluster({ mutants: ['ignore-max-surge'] })` hands each actor the
 * set; an actor with a rule named here checks it with one `if`. Nothing outside tests turns one on.
 *
 * The names are a plain string union on floor 0 so that the controllers (floor 2) can read them without
 * importing the testing toolkit (floor 4). Guarantees: `parseMutants` accepts only these names and
 * rejects anything else with the list of known ones. Cost: one Set lookup per rule check.
 */

export const MUTANTS = {
  /** The Deployment controller grows the new ReplicaSet to `replicas` at once, ignoring maxSurge. */
  'ignore-max-surge': 'the rolling update grows the new ReplicaSet without the maxSurge limit',
  /** The ReplicaSet controller reports every active pod as available, ready or not. */
  'unready-available': 'the ReplicaSet status counts unready pods as available',
  /** The EndpointSlice controller marks an endpoint ready whether or not its pod is Ready. */
  'not-ready-endpoints': 'EndpointSlices mark not-ready pods as ready endpoints',
  /** The EndpointSlice controller forgets that a pod is terminating: a Ready terminating pod stays ready. */
  'forget-terminating': 'EndpointSlices keep terminating pods as ready endpoints',
  /** The kubelet restarts a crashed container at once, every time, without the crash-loop back-off. */
  'no-backoff': 'the kubelet restarts crashed containers without back-off',
} as const;

export type Mutant = keyof typeof MUTANTS;

export const MUTANT_NAMES = Object.keys(MUTANTS) as Mutant[];

/** The set of mutants to turn on; throws an Error naming `what` and the known names on a bad one. */
export function parseMutants(what: string, names: readonly string[] | undefined): ReadonlySet<Mutant> {
  const out = new Set<Mutant>();
  for (const name of names ?? []) {
    if (!(name in MUTANTS)) throw new Error(`${what}: unknown mutant "${name}"; known mutants: ${MUTANT_NAMES.join(', ')}`);
    out.add(name as Mutant);
  }
  return out;
}
