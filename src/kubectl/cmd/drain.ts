/**
 * `kubectl drain NODE`: cordon it, then evict every pod on it and wait (in simulated time) until they
 * are gone, so their controllers recreate them elsewhere. Like kubectl it refuses, before evicting
 * anything, pods no controller would recreate (unless `--force`) and pods with emptyDir data (unless
 * `--delete-emptydir-data`); finished pods are simply deleted. Eviction here is a delete with the pod's
 * grace period (`--grace-period` overrides): kubesim has no PodDisruptionBudgets to refuse it.
 * kubectl waits without limit by default; here the wait is bounded by `--timeout` (an hour by default).
 */
import type { Pod } from '../../api/pod.js';
import { controllerOf } from '../../api/podutil.js';
import { bool, int } from '../args.js';
import { WRITE, type Command } from '../command.js';
import { KubectlError } from '../errors.js';
import { setUnschedulable } from './cordon.js';
import { timeoutOf, waitGone } from './delete.js';

const DEFAULT_TIMEOUT_MS = 3600_000;

const key = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;

export const drainCommand: Command = {
  name: 'drain',
  flags: [
    { name: 'force', type: 'bool' },
    { name: 'ignore-daemonsets', type: 'bool' },
    { name: 'delete-emptydir-data', type: 'bool' },
    { name: 'grace-period', type: 'int' },
    { name: 'timeout', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'pod-selector', type: 'string' },
  ],
  run(inv) {
    const { ctx, p } = inv;
    if (p.args.length !== 1) throw new KubectlError("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples");
    const node = p.args[0]!;
    const timeout = timeoutOf(inv, DEFAULT_TIMEOUT_MS);
    const grace = int(p, 'grace-period');
    for (const line of setUnschedulable(inv, [node], true)) inv.out(`${line}\n`);
    const pods = ctx.store.podsOnNode(node);
    const unmanaged = pods.filter((pod) => !controllerOf(pod) && !isFinished(pod));
    const local = pods.filter((pod) => (pod.spec.volumes ?? []).some((v) => 'emptyDir' in v && v.emptyDir !== undefined) && !isFinished(pod));
    const problems: string[] = [];
    if (unmanaged.length > 0 && !bool(p, 'force')) problems.push(`cannot delete Pods that declare no controller (use --force to override): ${unmanaged.map(key).join(', ')}`);
    if (local.length > 0 && !bool(p, 'delete-emptydir-data')) problems.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${local.map(key).join(', ')}`);
    if (problems.length > 0) {
      throw new KubectlError(
        `error: unable to drain node "${node}" due to error: [${problems.join(', ')}], continuing command...\nThere are pending nodes to be drained:\n ${node}\n${problems.join('\n')}`,
      );
    }
    if (unmanaged.length > 0) inv.err(`Warning: deleting Pods that declare no controller: ${unmanaged.map(key).join(', ')}\n`);
    const targets = [];
    for (const pod of pods) {
      inv.out(`evicting pod ${key(pod)}\n`);
      ctx.store.delete(
        { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name! },
        { ...WRITE, reason: `drain ${node}`, ...(grace !== undefined && grace >= 0 ? { gracePeriodSeconds: grace } : {}), preconditions: { uid: pod.metadata.uid! } },
      );
      targets.push({ def: ctx.store.registry.get('Pod')!, object: pod });
    }
    const left = waitGone(inv, targets, timeout);
    for (const t of targets) if (!left.includes(t)) inv.out(`pod/${t.object.metadata.name} evicted\n`);
    if (left.length > 0) {
      throw new KubectlError(
        `error: unable to drain node "${node}" due to error: [${left.map((t) => `error when waiting for pod "${t.object.metadata.name}" in namespace "${t.object.metadata.namespace}" to terminate: global timeout reached: ${timeoutText(timeout)}`).join(', ')}], continuing command...\nThere are pending nodes to be drained:\n ${node}`,
      );
    }
    inv.out(`node/${node} drained\n`);
    return 0;
  },
};

function isFinished(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Go's Duration.String for whole seconds: `1h0m0s`, `30s`. */
function timeoutText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h${m}m${s % 60}s`;
  if (m > 0) return `${m}m${s % 60}s`;
  return `${s}s`;
}
