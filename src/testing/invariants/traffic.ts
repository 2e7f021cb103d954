/**
 * Zero failed requests: the promise a readiness-gated rolling update with maxUnavailable 0 makes — and
 * its honest fine print. Checked when a traffic run ends, against the conditions that held when it began.
 */
import type { Deployment } from '../../api/deployment.js';
import { isPodActive, isPodAvailable } from '../../api/podutil.js';
import { maxUnavailable } from '../../controllers/deployment/util/replicas.js';
import type { CheckContext, Invariant } from '../invariants.js';
import { staysReady } from '../model.js';
import { FAULTS } from './faults.js';
import { podsOf } from './family.js';

/** How long after the last fault traffic must start for the promise to hold. */
export const FAULT_QUIET_MS = 10 * 60_000;
/** The shortest preStop sleep that covers kube-proxy's 1 s sync delay. */
export const MIN_PRESTOP_SECONDS = 2;

/** Why `d` does not promise zero failures, or undefined when it does. */
export function whyNotGated(ctx: CheckContext, d: Deployment): string | undefined {
  const c = d.spec.template.spec.containers[0];
  if (d.spec.strategy.type !== 'RollingUpdate' || maxUnavailable(d) !== 0) return 'maxUnavailable is not 0';
  if (!c?.readinessProbe) return 'there is no readiness probe';
  const sleep = c.lifecycle?.preStop?.sleep?.seconds;
  if (sleep === undefined || sleep < MIN_PRESTOP_SECONDS) return `there is no preStop sleep of ${MIN_PRESTOP_SECONDS} s or more`;
  if (d.spec.replicas < 1) return 'it has no replicas';
  const pods = podsOf(ctx.store, d);
  const images = new Set([c.image!, ...pods.map((p) => p.spec.containers[0]?.image ?? '')]);
  for (const image of images) if (!staysReady(ctx.image(image))) return `image ${image} does not stay Ready`;
  const available = pods.filter((p) => isPodActive(p) && isPodAvailable(p, d.spec.minReadySeconds, ctx.clock.now())).length;
  if (available < d.spec.replicas) return `only ${available} of ${d.spec.replicas} pods were available`;
  return undefined;
}

export const zeroFailedRequests: Invariant = {
  name: 'zero-failed-requests',
  description:
    'Traffic to a Deployment\'s Service sees no failed request when the rollout is gated: RollingUpdate with ' +
    'maxUnavailable 0, a readiness probe, images that stay Ready once Ready, every replica available when the ' +
    `traffic starts, no node fault or pod deletion in the ${FAULT_QUIET_MS / 60_000} minutes before — and a ` +
    `preStop sleep of at least ${MIN_PRESTOP_SECONDS} s. Without the sleep the promise does not hold in Kubernetes ` +
    'either: the old pod gets SIGTERM while kube-proxy, a sync period behind, still sends it connections ' +
    '(scenarios/zero-downtime.yaml shows the difference).',
  kinds: [],
  create(ctx) {
    let lastFault = -Infinity;
    let gated: Deployment[] = [];
    const allReady = () => ctx.store.items('Node').every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    return {
      onAction(note) {
        if (FAULTS.has(note.action.type)) lastFault = ctx.clock.now();
        if (note.action.type !== 'traffic') return;
        if (note.phase === 'start') {
          const quiet = ctx.clock.now() - lastFault >= FAULT_QUIET_MS && allReady();
          gated = quiet ? ctx.store.items('Deployment').filter((d) => whyNotGated(ctx, d) === undefined) : [];
          return;
        }
        const failed = note.traffic?.failed ?? 0;
        if (gated.length > 0 && failed > 0) {
          const reasons = Object.entries(note.traffic?.failures ?? {}).map(([why, n]) => `${n} ${why}`).join(', ');
          ctx.fail(`${failed} of ${note.traffic!.sent} requests failed (${reasons}) during a gated rollout of ${gated.map((d) => d.metadata.name).join(', ')}`);
        }
        gated = [];
      },
    };
  },
};
