/**
 * `kubectl scale --replicas=N` for Deployments and ReplicaSets (the kinds with a scale subresource
 * here), with `--current-replicas` as a precondition. kubectl writes spec.replicas through `/scale`
 * with a merge patch; the result is the same spec change. Prints `deployment.apps/api scaled`.
 */
import { int } from '../args.js';
import { kindSlashName, refOf, WRITE, type Command } from '../command.js';
import { clientError } from '../errors.js';
import { findTargets } from '../targets.js';

const SCALABLE = new Set(['Deployment', 'ReplicaSet']);

export const scaleCommand: Command = {
  name: 'scale',
  flags: [
    { name: 'replicas', type: 'int' },
    { name: 'current-replicas', type: 'int' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'filename', short: 'f', type: 'strings' },
  ],
  run(inv) {
    const replicas = int(inv.p, 'replicas');
    if (replicas === undefined) throw clientError('required flag(s) "replicas" not set');
    if (replicas < 0) throw clientError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    const targets = findTargets(inv, inv.p.args, { command: 'scale' });
    const current = int(inv.p, 'current-replicas');
    for (const { def, object } of targets) {
      if (!SCALABLE.has(def.kind)) throw clientError(`no scaler has been implemented for {"${def.group}" "${def.kind}"}`);
      const spec = object.spec as { replicas?: number };
      if (current !== undefined && current !== -1 && spec.replicas !== current) {
        throw clientError(`Expected replicas to be ${current}, was ${spec.replicas ?? 0}`);
      }
    }
    for (const { def, object } of targets) {
      inv.ctx.store.patch(refOf(object), 'merge', { spec: { replicas } }, { ...WRITE, reason: `scale to ${replicas}` });
      inv.out(`${kindSlashName(def.group, def.kind, object.metadata.name ?? '')} scaled\n`);
    }
    return 0;
  },
};
