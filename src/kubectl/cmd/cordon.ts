/**
 * `kubectl cordon NODE` / `uncordon NODE`: set or clear `spec.unschedulable`, so the scheduler stops (or
 * resumes) placing pods there; pods already running stay. Prints `node/node-1 cordoned`, or
 * `already cordoned` when there is nothing to do.
 */
import { WRITE, type Command, type Invocation } from '../command.js';
import { KubectlError } from '../errors.js';
import { findTargets } from '../targets.js';

/** Cordons (or uncordons) the named nodes; the lines kubectl prints. */
export function setUnschedulable(inv: Invocation, names: readonly string[], unschedulable: boolean): string[] {
  const verb = unschedulable ? 'cordoned' : 'uncordoned';
  const targets = findTargets(inv, names.map((n) => (n.includes('/') ? n : `node/${n}`)), { command: verb.slice(0, -2) });
  const lines: string[] = [];
  for (const { object } of targets) {
    const name = object.metadata.name ?? '';
    const spec = object.spec as { unschedulable?: boolean } | undefined;
    if ((spec?.unschedulable ?? false) === unschedulable) {
      lines.push(`node/${name} already ${verb}`);
      continue;
    }
    inv.ctx.store.update({ kind: 'Node', name }, (d) => {
      const s = (d as unknown as { spec: { unschedulable?: boolean } }).spec;
      if (unschedulable) s.unschedulable = true;
      else delete s.unschedulable;
    }, { ...WRITE, reason: verb.slice(0, -2) });
    lines.push(`node/${name} ${verb}`);
  }
  return lines;
}

function command(name: 'cordon' | 'uncordon'): Command {
  return {
    name,
    flags: [{ name: 'selector', short: 'l', type: 'string' }, { name: 'dry-run', type: 'string' }],
    run(inv) {
      if (inv.p.args.length === 0 && !inv.p.flags.has('selector')) {
        throw new KubectlError(`error: USAGE: ${name} NODE [flags]\nSee 'kubectl ${name} -h' for help and examples`);
      }
      const names = inv.p.args.length > 0 ? inv.p.args : ['nodes'];
      for (const line of setUnschedulable(inv, names, name === 'cordon')) inv.out(`${line}\n`);
      return 0;
    },
  };
}

export const cordonCommand = command('cordon');
export const uncordonCommand = command('uncordon');
