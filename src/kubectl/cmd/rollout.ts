/**
 * `kubectl rollout status|history|undo|pause|resume|restart deployment/NAME`, over the pure rollout
 * functions in ../rollout. `rollout status` blocks like kubectl's watch: it follows every version of
 * the Deployment the store commits while simulated time runs (a second at a time), and prints a
 * Waiting line each time it differs from the last, until the rollout is done, fails its progress
 * deadline, or `--timeout` passes (kubectl waits forever by default; here at most an hour).
 * `--watch=false` looks once.
 */
import type { Deployment } from '../../api/deployment.js';
import { StatusError } from '../../api/errors.js';
import { bool, int } from '../args.js';
import { refOf, WRITE, type Command, type Invocation } from '../command.js';
import { clientError, KubectlError } from '../errors.js';
import { resourceRequests } from '../resources.js';
import { rolloutHistory, rolloutPause, rolloutRestart, rolloutResume, rolloutStatus, rolloutUndo } from '../rollout/index.js';
import { timeoutOf } from './delete.js';

const STEP_MS = 1000;
const DEFAULT_TIMEOUT_MS = 3600_000;

/** The Deployments named (`deployment/web`, `deploy web`); other kinds get kubectl's "no ... viewer" error. */
function deployments(inv: Invocation, verb: string): Deployment[] {
  if (inv.p.args.length === 0) {
    throw new KubectlError('error: required resource not specified');
  }
  const out: Deployment[] = [];
  for (const { def, names } of resourceRequests(inv.ctx.store.registry, inv.p.args, `rollout ${verb}`)) {
    if (def.kind !== 'Deployment') throw clientError(`no ${verb === 'status' ? 'status viewer' : verb === 'history' ? 'history viewer' : 'rollbacker'} has been implemented for ${def.kind}`);
    if (names.length === 0) throw clientError('resource(s) were provided, but no name was specified');
    for (const name of names) {
      const d = inv.ctx.store.get('Deployment', inv.namespace, name);
      if (!d) throw new StatusError('NotFound', `deployments.apps "${name}" not found`);
      out.push(d);
    }
  }
  return out;
}

function status(inv: Invocation): number {
  const [d] = deployments(inv, 'status');
  const revision = int(inv.p, 'revision') ?? 0;
  const { store } = inv.ctx;
  let last = '';
  let outcome: 'done' | 'error' | undefined;
  let error = '';
  const look = (dep: Deployment) => {
    if (outcome) return;
    const s = rolloutStatus(dep, revision);
    if (s.error) {
      outcome = 'error';
      error = s.error;
      return;
    }
    if (s.message !== last) inv.out(s.message);
    last = s.message;
    if (s.done) outcome = 'done';
  };
  look(d!);
  if (!outcome && bool(inv.p, 'watch', true)) {
    const timeout = timeoutOf(inv, DEFAULT_TIMEOUT_MS);
    const watch = store.watch('Deployment', { namespace: d!.metadata.namespace!, fieldSelector: `metadata.name=${d!.metadata.name}`, resourceVersion: store.resourceVersion }, (e) => {
      if (e.type === 'DELETED') {
        outcome = 'error';
        error = `object has been deleted`;
      } else look(e.object);
    });
    try {
      for (let waited = 0; !outcome && waited < timeout; waited += STEP_MS) inv.ctx.advance(Math.min(STEP_MS, timeout - waited));
    } finally {
      watch.stop();
    }
    if (!outcome) throw clientError('timed out waiting for the condition');
  }
  if (outcome === 'error') throw clientError(error);
  return 0;
}

function history(inv: Invocation): number {
  for (const d of deployments(inv, 'history')) {
    const res = rolloutHistory(inv.ctx.store, d, int(inv.p, 'revision') ?? 0);
    if (!res.ok) throw clientError(res.error);
    inv.out(res.stdout);
  }
  return 0;
}

function undo(inv: Invocation): number {
  for (const d of deployments(inv, 'undo')) {
    const res = rolloutUndo(inv.ctx.store, d, int(inv.p, 'to-revision') ?? 0);
    if (!res.ok) throw clientError(res.error);
    if (res.patch) inv.ctx.store.patch(refOf(d), 'json', res.patch.body, { ...WRITE, reason: 'rollout undo' });
    inv.out(res.stdout);
  }
  return 0;
}

function control(inv: Invocation, verb: 'pause' | 'resume' | 'restart'): number {
  const targets = deployments(inv, verb);
  const results = targets.map((d) => ({ d, res: verb === 'pause' ? rolloutPause(d) : verb === 'resume' ? rolloutResume(d) : rolloutRestart(d, inv.ctx.clock.now()) }));
  for (const { res } of results) if (!res.ok) throw clientError(res.error);
  for (const { d, res } of results) {
    if (!res.ok) continue;
    inv.ctx.store.patch(refOf(d), 'strategic', res.patch.body, { ...WRITE, reason: `rollout ${verb}` });
    inv.out(res.stdout);
  }
  return 0;
}

const commonFlags = [
  { name: 'filename', short: 'f', type: 'strings' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
];

export const rolloutCommands: Record<string, Command> = {
  status: {
    name: 'rollout status',
    flags: [...commonFlags, { name: 'watch', short: 'w', type: 'bool' }, { name: 'timeout', type: 'string' }, { name: 'revision', type: 'int' }],
    run: status,
  },
  history: { name: 'rollout history', flags: [...commonFlags, { name: 'revision', type: 'int' }], run: history },
  undo: { name: 'rollout undo', flags: [...commonFlags, { name: 'to-revision', type: 'int' }], run: undo },
  pause: { name: 'rollout pause', flags: commonFlags, run: (inv) => control(inv, 'pause') },
  resume: { name: 'rollout resume', flags: commonFlags, run: (inv) => control(inv, 'resume') },
  restart: { name: 'rollout restart', flags: commonFlags, run: (inv) => control(inv, 'restart') },
};

