/**
 * The actions as fast-check commands, for model-based tests: `fc.commands(rolloutCommands())` draws a
 * sequence, `fc.modelRun` runs it against a live cluster, and a command throws as soon as an invariant
 * breaks — so fast-check shrinks the sequence and prints the commands that lead to the violation. A
 * command's model is yours to extend: it records the actions run so far, and a test can check its own
 * expectations against the cluster in `expect`.
 *
 *   fc.assert(fc.property(rolloutSetup(), rolloutCommands(), (setup, cmds) => {
 *     const world = startRollout(setup);
 *     fc.modelRun(() => ({ model: newRolloutModel(), real: world }), cmds);
 *     world.finish();   // heal the faults, give the cluster the convergence bound, run the end checks
 *   }));
 *
 * This is the same machinery as `checkRollout` (run.ts), one command at a time; `checkRollout` adds the
 * scenario file. Guarantees: a command never writes except through the step a scenario file would say.
 */
import fc from 'fast-check';
import { action, ALL_ACTIONS, deploymentShape, imageBehaviour, nodes, type ActionType } from './arbitraries.js';
import { formatDuration } from '../sim/duration.js';
import type { Violation } from './invariants.js';
import type { Action, RolloutCase } from './model.js';
import { startCase, type CaseRun, type RunOptions } from './run.js';

/** Everything about a case except its actions: the commands bring those. */
export type RolloutSetup = Omit<RolloutCase, 'actions'>;

/** The model a command sequence keeps beside the cluster. */
export interface RolloutModel {
  /** The actions run so far, in order. */
  actions: Action[];
}

export const newRolloutModel = (): RolloutModel => ({ actions: [] });

/** A case's cluster, ready for commands. */
export interface RolloutWorld extends CaseRun {
  setup: RolloutSetup;
}

/** An invariant broke while a command ran. */
export class InvariantBroken extends Error {
  override readonly name = 'InvariantBroken';
  constructor(readonly violation: Violation, readonly elapsed: string) {
    super(`invariant ${violation.invariant} broke at t=${elapsed} (simulated): ${violation.message}`);
  }
}

/** Starts the case's cluster: the Deployment applied and warmed up, the invariants watching. */
export function startRollout(setup: RolloutSetup, opts: Omit<RunOptions, 'continueAfterViolation'> = {}): RolloutWorld {
  const run = startCase({ ...setup, actions: [] }, opts);
  const world: RolloutWorld = {
    ...run,
    setup,
    finish() {
      run.finish();
      throwIfBroken(world);
    },
  };
  throwIfBroken(world);
  return world;
}

function throwIfBroken(world: RolloutWorld): void {
  const v = world.monitor.first;
  if (v) {
    world.monitor.stop();
    throw new InvariantBroken(v, formatDuration(v.time - world.report().start));
  }
}

/** One action of the test, as a fast-check command. */
export class RolloutCommand implements fc.Command<RolloutModel, RolloutWorld> {
  constructor(readonly action: Action) {}

  check(): boolean {
    return true;
  }

  run(model: RolloutModel, world: RolloutWorld): void {
    const { setup } = world;
    // Indices are drawn without knowing the case; they name an image or node modulo how many there are.
    const a: Action = this.action.type === 'setImage' ? { ...this.action, image: this.action.image % setup.images.length }
      : this.action.type === 'apply' ? { ...this.action, deployment: { ...this.action.deployment, image: this.action.deployment.image % setup.images.length } }
        : this.action;
    world.runner.action(a, { ...setup, actions: [] });
    model.actions.push(a);
    throwIfBroken(world);
  }

  toString(): string {
    const { type, ...rest } = this.action;
    return Object.keys(rest).length ? `${type}(${JSON.stringify(rest)})` : type;
  }
}

/** Command sequences of the given action types (default: all), at most `maxCommands` long (default 8). */
export function rolloutCommands(types: readonly ActionType[] = ALL_ACTIONS, opts: { maxCommands?: number } = {}): fc.Arbitrary<Iterable<fc.Command<RolloutModel, RolloutWorld>>> {
  return fc.commands(types.map((t) => action([t]).map((a) => new RolloutCommand(a))), { maxCommands: opts.maxCommands ?? 8 });
}

/** A case's setup: seed, nodes, 1–3 images and the Deployment first applied. */
export function rolloutSetup(opts: { nodes?: fc.Arbitrary<RolloutSetup['nodes']>; image?: fc.Arbitrary<RolloutSetup['images'][number]>; deployment?: fc.Arbitrary<RolloutSetup['deployment']> } = {}): fc.Arbitrary<RolloutSetup> {
  return fc
    .record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      nodes: opts.nodes ?? nodes(),
      images: fc.array(opts.image ?? imageBehaviour(), { minLength: 1, maxLength: 3 }),
      deployment: opts.deployment ?? deploymentShape(),
    })
    .map((s) => ({ ...s, deployment: { ...s.deployment, image: s.deployment.image % s.images.length } }));
}
