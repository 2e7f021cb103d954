/**
 * `kubectl api-resources`: the kinds this API server serves, as discovery lists them — sorted by group
 * (the core group first) and then by name, with short names, group/version, scope and kind.
 */
import { bool } from '../args.js';
import type { Command } from '../command.js';
import { formatTable } from '../tabwriter.js';

export const apiResourcesCommand: Command = {
  name: 'api-resources',
  flags: [
    { name: 'namespaced', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run(inv) {
    const kinds = [...inv.ctx.store.registry.kinds].sort((a, b) => (a.group === b.group ? (a.plural < b.plural ? -1 : 1) : a.group < b.group ? -1 : 1));
    const filtered = inv.p.flags.has('namespaced') ? kinds.filter((d) => d.namespaced === bool(inv.p, 'namespaced')) : kinds;
    if (inv.p.flags.get('output') === 'name') {
      for (const d of filtered) inv.out(`${d.group ? `${d.plural}.${d.group}` : d.plural}\n`);
      return 0;
    }
    const rows = filtered.map((d) => [d.plural, d.shortNames.join(','), d.apiVersion, String(d.namespaced), d.kind]);
    if (!bool(inv.p, 'no-headers')) rows.unshift(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    inv.out(formatTable(rows));
    return 0;
  },
};
