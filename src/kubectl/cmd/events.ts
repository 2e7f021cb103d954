/**
 * `kubectl events [--for TYPE/NAME] [--types Warning] [-A]`: the events of a namespace, oldest first
 * (unlike `get events`, which keeps the server's order), with the involved object as `Kind/name`.
 */
import type { Event } from '../../api/event.js';
import { parseTimestamp } from '../../api/meta.js';
import { bool, str, strings } from '../args.js';
import type { Command } from '../command.js';
import { clientError } from '../errors.js';
import { humanDuration } from '../age.js';
import { formatTable } from '../tabwriter.js';
import { noResourcesMessage } from '../printers/index.js';
import { resolveType } from '../resources.js';

function lastSeen(e: Event): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
  return t ? parseTimestamp(t) : 0;
}

export const eventsCommand: Command = {
  name: 'events',
  flags: [
    { name: 'for', type: 'string' },
    { name: 'types', type: 'strings' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
  ],
  run(inv) {
    const { store } = inv.ctx;
    const all = bool(inv.p, 'all-namespaces');
    let events = store.items('Event', all ? {} : { namespace: inv.namespace });
    const target = str(inv.p, 'for');
    if (target !== undefined) {
      const slash = target.indexOf('/');
      if (slash <= 0) throw clientError(`--for must be in resource/name form`);
      const def = resolveType(store.registry, target.slice(0, slash));
      const name = target.slice(slash + 1);
      events = events.filter((e) => e.involvedObject.kind === def.kind && e.involvedObject.name === name);
    }
    const types = strings(inv.p, 'types').map((t) => t.toLowerCase());
    for (const t of types) if (t !== 'normal' && t !== 'warning') throw clientError(`valid --types are Normal or Warning`);
    if (types.length > 0) events = events.filter((e) => types.includes((e.type ?? '').toLowerCase()));
    if (events.length === 0) {
      inv.err(`${noResourcesMessage(all ? undefined : inv.namespace)}\n`);
      return 0;
    }
    const now = inv.ctx.clock.now();
    const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => lastSeen(a.e) - lastSeen(b.e) || a.i - b.i);
    const rows = sorted.map(({ e }) => {
      const cells = [
        humanDuration(now - lastSeen(e)),
        e.type ?? '',
        e.reason ?? '',
        `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}`,
        (e.message ?? '').trim().split(/[\n\r\f]/)[0]!,
      ];
      return all ? [e.metadata.namespace ?? '', ...cells] : cells;
    });
    if (!bool(inv.p, 'no-headers')) rows.unshift([...(all ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    inv.out(formatTable(rows));
    return 0;
  },
};
