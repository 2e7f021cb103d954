/**
 * `kubectl wait --for=condition=Ready pod/web`, `--for=delete`, `--for=jsonpath='{.status.phase}'=Running`,
 * with `--timeout` (30 s by default) in simulated time: the world runs a second at a time until every
 * target meets the condition. Prints `pod/web condition met` for each; on timeout,
 * `error: timed out waiting for the condition on pods/web`. A condition also needs its
 * observedGeneration (when set) to be the object's generation, as kubectl checks.
 */
import type { KindDef } from '../../api/kind.js';
import type { KubeObject } from '../../api/meta.js';
import { str } from '../args.js';
import { kindSlashName, type Command, type Invocation } from '../command.js';
import { clientError } from '../errors.js';
import { printJsonPath } from '../jsonpath.js';
import { findTargets } from '../targets.js';
import { timeoutOf } from './delete.js';

const STEP_MS = 1000;
const DEFAULT_TIMEOUT_MS = 30_000;

type Check = (obj: KubeObject | undefined) => boolean;

function parseFor(value: string | undefined): { check: Check; isDelete: boolean } {
  if (value === undefined || value === '') throw clientError('unrecognized condition: ""');
  if (value === 'delete') return { check: (o) => o === undefined, isDelete: true };
  const cond = /^condition=([^=]+)(?:=(.*))?$/i.exec(value);
  if (cond) {
    const type = cond[1]!.toLowerCase();
    const want = (cond[2] ?? 'true').toLowerCase();
    return {
      isDelete: false,
      check: (o) => {
        const conditions = ((o?.status as { conditions?: { type: string; status: string; observedGeneration?: number }[] } | undefined)?.conditions) ?? [];
        const c = conditions.find((x) => x.type.toLowerCase() === type);
        if (!c || c.status.toLowerCase() !== want) return false;
        return c.observedGeneration === undefined || c.observedGeneration === o!.metadata.generation;
      },
    };
  }
  const jp = /^jsonpath=(.*?)(?:=(.*))?$/.exec(value);
  if (jp) {
    const expr = jp[1]!.replace(/^'(.*)'$/, '$1');
    if (!expr.startsWith('{')) throw clientError(`unrecognized condition: "${value}"`);
    const want = jp[2];
    return {
      isDelete: false,
      check: (o) => {
        if (!o) return false;
        const got = printJsonPath(expr, JSON.parse(JSON.stringify(o)));
        return want === undefined ? got !== '' : got === want;
      },
    };
  }
  throw clientError(`unrecognized condition: "${value}"`);
}

function current(inv: Invocation, def: KindDef, obj: KubeObject): KubeObject | undefined {
  const live = inv.ctx.store.get(def.kind, obj.metadata.namespace, obj.metadata.name ?? '');
  return live && live.metadata.uid === obj.metadata.uid ? live : undefined;
}

export const waitCommand: Command = {
  name: 'wait',
  flags: [
    { name: 'for', type: 'string' },
    { name: 'timeout', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'filename', short: 'f', type: 'strings' },
  ],
  run(inv) {
    const { check, isDelete } = parseFor(str(inv.p, 'for'));
    const timeout = timeoutOf(inv, DEFAULT_TIMEOUT_MS);
    const targets = findTargets(inv, inv.p.args, { command: 'wait', ignoreNotFound: isDelete });
    if (targets.length === 0) {
      if (!isDelete) throw clientError('no matching resources found');
      return 0;
    }
    const pending = new Set(targets);
    let waited = 0;
    for (;;) {
      for (const t of [...pending]) {
        if (check(current(inv, t.def, t.object))) {
          pending.delete(t);
          inv.out(`${kindSlashName(t.def.group, t.def.kind, t.object.metadata.name ?? '')} condition met\n`);
        }
      }
      if (pending.size === 0) return 0;
      if (waited >= timeout) break;
      const step = Math.min(STEP_MS, timeout - waited);
      inv.ctx.advance(step);
      waited += step;
    }
    const t = [...pending][0]!;
    throw clientError(`timed out waiting for the condition on ${t.def.group ? `${t.def.plural}.${t.def.group}` : t.def.plural}/${t.object.metadata.name}`);
  },
};
