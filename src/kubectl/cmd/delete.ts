/**
 * `kubectl delete`: by name, `-l`, `--all` or `-f`, with `--grace-period`, `--now`, `--force`,
 * `--cascade=background|foreground|orphan` and `--wait` (the default). Every target is found before the
 * first delete. kubectl prints `pod "web" deleted` as soon as the API server accepts the delete, then
 * waits until the object is really gone (a pod's kubelet confirms, finalizers are cleared): here that
 * wait lets simulated time run in one-second steps, up to `--timeout` (an hour by default).
 */
import type { PropagationPolicy } from '../../store/types.js';
import { parseDuration } from '../../sim/duration.js';
import { bool, int, str } from '../args.js';
import { refOf, WRITE, type Command, type Invocation } from '../command.js';
import { clientError } from '../errors.js';
import { findTargets, type Target } from '../targets.js';

const WAIT_STEP_MS = 1000;
const DEFAULT_WAIT_MS = 3600_000;

function cascade(inv: Invocation): PropagationPolicy {
  const v = str(inv.p, 'cascade') ?? 'background';
  switch (v) {
    case 'background':
    case 'true':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
      return 'Orphan';
    case 'false':
      inv.err('warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n');
      return 'Orphan';
    default:
      throw clientError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
  }
}

/** kubectl's grace-period rules: --now is 1; 0 without --force becomes 1; --force alone means 0. */
function gracePeriod(inv: Invocation): number | undefined {
  let grace = int(inv.p, 'grace-period') ?? -1;
  const force = bool(inv.p, 'force');
  if (bool(inv.p, 'now')) {
    if (grace !== -1) throw clientError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  return grace < 0 ? undefined : grace;
}

/** Waits (in simulated time) until every deleted object with its uid is gone; the ones still there. */
export function waitGone(inv: Invocation, targets: Target[], timeoutMs: number): Target[] {
  const { ctx } = inv;
  const remaining = () =>
    targets.filter(({ def, object }) => ctx.store.get(def.kind, object.metadata.namespace, object.metadata.name ?? '')?.metadata.uid === object.metadata.uid);
  let left = remaining();
  for (let waited = 0; left.length > 0 && waited < timeoutMs; waited += WAIT_STEP_MS) {
    ctx.advance(Math.min(WAIT_STEP_MS, timeoutMs - waited));
    left = remaining();
  }
  return left;
}

export function timeoutOf(inv: Invocation, dflt: number): number {
  const t = str(inv.p, 'timeout');
  if (t === undefined) return dflt;
  try {
    const ms = parseDuration(t);
    return ms === 0 ? dflt : ms;
  } catch {
    throw clientError(`invalid argument "${t}" for "--timeout" flag: time: invalid duration "${t}"`);
  }
}

export const deleteCommand: Command = {
  name: 'delete',
  flags: [
    { name: 'filename', short: 'f', type: 'strings' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'grace-period', type: 'int' },
    { name: 'now', type: 'bool' },
    { name: 'force', type: 'bool' },
    { name: 'cascade', type: 'string' },
    { name: 'wait', type: 'bool' },
    { name: 'timeout', type: 'string' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run(inv) {
    const propagationPolicy = cascade(inv);
    const grace = gracePeriod(inv);
    const timeout = timeoutOf(inv, DEFAULT_WAIT_MS);
    const output = str(inv.p, 'output');
    if (output !== undefined && output !== 'name') throw clientError(`unable to match a printer suitable for the output format "${output}", allowed formats are: name`);
    const targets = findTargets(inv, inv.p.args, { command: 'delete', ignoreNotFound: bool(inv.p, 'ignore-not-found') });
    if (targets.length === 0) {
      if (!bool(inv.p, 'ignore-not-found')) inv.err('No resources found\n');
      return 0;
    }
    const force = bool(inv.p, 'force') && grace === 0;
    if (force) {
      inv.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
    }
    const deleted: Target[] = [];
    for (const t of targets) {
      inv.ctx.store.delete(refOf(t.object), {
        ...WRITE,
        reason: 'delete',
        propagationPolicy,
        ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
        preconditions: { uid: t.object.metadata.uid! },
      });
      deleted.push(t);
      if (output === 'name') inv.out(`${t.def.group ? `${t.def.kind.toLowerCase()}.${t.def.group}` : t.def.kind.toLowerCase()}/${t.object.metadata.name}\n`);
      else inv.out(`${singular(t)} "${t.object.metadata.name}" ${force ? 'force deleted' : 'deleted'}\n`);
    }
    if (!bool(inv.p, 'wait', true)) return 0;
    const left = waitGone(inv, deleted, timeout);
    if (left.length > 0) {
      const t = left[0]!;
      throw clientError(`timed out waiting for the condition on ${t.def.group ? `${t.def.plural}.${t.def.group}` : t.def.plural}/${t.object.metadata.name}`);
    }
    return 0;
  },
};

/** `pod`, `deployment.apps`: the singular resource kubectl names in `... "web" deleted`. */
function singular(t: Target): string {
  return t.def.group ? `${t.def.singular}.${t.def.group}` : t.def.singular;
}
