/**
 * `kubectl set image deployment/api api=myapp:1.5` (`*=image` for every container): a strategic merge
 * patch of the pod template's containers, as kubectl sends it. Works on Deployments, ReplicaSets and
 * Pods. Every container name is checked on every target before the first write. Prints
 * `deployment.apps/api image updated`.
 */
import { kindSlashName, refOf, WRITE, type Command } from '../command.js';
import { clientError } from '../errors.js';
import { findTargets } from '../targets.js';

interface Container {
  name: string;
  image?: string;
}

function containersOf(kind: string, object: Record<string, unknown>): { init: Container[]; main: Container[] } | undefined {
  const spec = object.spec as { template?: { spec?: unknown }; containers?: unknown };
  const podSpec = (kind === 'Pod' ? spec : spec?.template?.spec) as { containers?: Container[]; initContainers?: Container[] } | undefined;
  if (!podSpec?.containers) return undefined;
  return { init: podSpec.initContainers ?? [], main: podSpec.containers };
}

export const setImageCommand: Command = {
  name: 'set image',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'filename', short: 'f', type: 'strings' },
  ],
  run(inv) {
    const resources = inv.p.args.filter((a) => !a.includes('='));
    const pairs = inv.p.args.filter((a) => a.includes('='));
    if (pairs.length === 0) throw clientError('at least one image update is required');
    const images = new Map<string, string>();
    for (const pair of pairs) {
      const [name, image] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (!name || !image) throw clientError(`invalid image update: ${pair}`);
      images.set(name, image);
    }
    const targets = findTargets(inv, resources, { command: 'set image' });
    const plans = targets.map(({ def, object }) => {
      const cs = containersOf(def.kind, object);
      if (!cs) throw clientError(`${kindSlashName(def.group, def.kind, object.metadata.name ?? '')} has no pod template: cannot set image`);
      const patch = (list: Container[]) =>
        list.filter((c) => images.has('*') || images.has(c.name)).map((c) => ({ name: c.name, image: images.get(c.name) ?? images.get('*')! }));
      for (const name of images.keys()) {
        if (name !== '*' && ![...cs.init, ...cs.main].some((c) => c.name === name)) throw clientError(`unable to find container named "${name}"`);
      }
      const podPatch = {
        ...(patch(cs.main).length ? { containers: patch(cs.main) } : {}),
        ...(patch(cs.init).length ? { initContainers: patch(cs.init) } : {}),
      };
      return { def, object, body: def.kind === 'Pod' ? { spec: podPatch } : { spec: { template: { spec: podPatch } } } };
    });
    for (const { def, object, body } of plans) {
      inv.ctx.store.patch(refOf(object), 'strategic', body, { ...WRITE, reason: 'set image' });
      inv.out(`${kindSlashName(def.group, def.kind, object.metadata.name ?? '')} image updated\n`);
    }
    return 0;
  },
};
