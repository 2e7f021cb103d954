/**
 * `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`: the patch goes to the store as the
 * API server would apply it (strategic merge by default, as kubectl sends). The patch may be JSON or
 * YAML. Prints `deployment.apps/web patched`, or `patched (no change)` when nothing moved.
 */
import { parse } from 'yaml';
import { str } from '../args.js';
import { kindSlashName, refOf, WRITE, type Command } from '../command.js';
import { clientError } from '../errors.js';
import { findTargets } from '../targets.js';

const TYPES: Record<string, 'strategic' | 'merge' | 'json'> = { strategic: 'strategic', merge: 'merge', json: 'json' };

export const patchCommand: Command = {
  name: 'patch',
  flags: [
    { name: 'patch', short: 'p', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'filename', short: 'f', type: 'strings' },
    { name: 'subresource', type: 'string' },
  ],
  run(inv) {
    const text = str(inv.p, 'patch');
    if (text === undefined || text === '') throw clientError('must specify --patch or --patch-file containing the contents of the patch');
    const typeName = str(inv.p, 'type') ?? 'strategic';
    const type = TYPES[typeName];
    if (!type) throw clientError(`--type must be one of [json merge strategic], not "${typeName}"`);
    let body: unknown;
    try {
      body = parse(text);
    } catch (e) {
      throw clientError(`unable to parse "${text}": yaml: ${(e as Error).message.split('\n')[0]}`);
    }
    const subresource = str(inv.p, 'subresource');
    if (subresource !== undefined && subresource !== 'status') throw clientError(`invalid subresource value: "${subresource}". Must be one of [status scale]`);
    const targets = findTargets(inv, inv.p.args, { command: 'patch' });
    for (const { def, object } of targets) {
      const updated = inv.ctx.store.patch(refOf(object), type, body, { ...WRITE, reason: 'patch', ...(subresource ? { subresource } : {}) });
      const unchanged = updated.metadata.resourceVersion === object.metadata.resourceVersion;
      inv.out(`${kindSlashName(def.group, def.kind, object.metadata.name ?? '')} patched${unchanged ? ' (no change)' : ''}\n`);
    }
    return 0;
  },
};
