/**
 * The properties suite: the unit of work of property testing — a small cluster (3 nodes), a Deployment
 * of 10 behind a Service, rolled to a new image while a seeded fault strikes (a node crashes and comes
 * back, or is cut off and heals), run until the rollout is complete and the fault is over. One process
 * is one core, so scenarios per second here is per core; CPU time gives the same figure without the
 * noise of other work on the machine.
 */
import type { Deployment } from '../src/api/deployment.js';
import { createCluster } from '../src/cluster.js';
import { Rng } from '../src/sim/rng.js';
import { cpuTime, report, time } from './report.js';
import { deploymentManifest, serviceManifest } from './workload.js';

const SEED = 1;

function rolledOut(d: Deployment | undefined): boolean {
  const s = d?.status;
  return !!s && (s.observedGeneration ?? 0) >= (d!.metadata.generation ?? 0) && s.updatedReplicas === 10 && s.replicas === 10 && s.availableReplicas === 10;
}

/** One scenario; true when it converged within 30 simulated minutes. */
export function rolloutScenario(seed: number): boolean {
  const rng = new Rng(seed);
  const cluster = createCluster({ seed, nodes: 3 });
  const { store } = cluster;
  store.create(deploymentManifest('web', 10), { actor: 'kubectl' });
  store.create(serviceManifest('web'), { actor: 'kubectl' });
  const get = () => store.get('Deployment', 'default', 'web');
  if (!cluster.runUntil(() => rolledOut(get()), { timeout: '5m' }).ok) return false;
  store.update({ kind: 'Deployment', namespace: 'default', name: 'web' }, (d) => {
    d.spec.template.spec.containers[0]!.image = 'app:2.0';
  }, { actor: 'kubectl' });
  const node = `node-${rng.intBetween(1, 3)}`;
  const crash = rng.int(2) === 0;
  cluster.advance(rng.intBetween(0, 5_000));
  if (crash) cluster.crashNode(node);
  else cluster.partitionNode(node);
  cluster.advance(rng.intBetween(10_000, 120_000));
  if (crash) cluster.recoverNode(node);
  else cluster.healNode(node);
  return cluster.runUntil(() => rolledOut(get()), { timeout: '30m' }).ok;
}

export function propertiesSuite(scale: number): void {
  const n = Math.max(20, Math.round(500 * scale));
  let converged = 0;
  const cpu = cpuTime();
  const run = time(() => {
    for (let i = 0; i < n; i++) if (rolloutScenario(SEED + i)) converged++;
  });
  const cpuMs = cpu();
  report('properties', SEED, [
    { name: 'scenarios per second per core', value: Math.round((n / run.ms) * 1000), unit: '/s', note: `${n} scenarios, wall time` },
    { name: 'by cpu time', value: Math.round((n / cpuMs) * 1000), unit: '/s' },
    { name: 'per scenario', value: run.ms / n, unit: 'ms' },
    { name: 'converged', value: converged, unit: `of ${n}` },
  ], { scale, scenarios: n });
}
