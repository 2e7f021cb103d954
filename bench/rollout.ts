/**
 * The rollout suite: one Deployment of 10,000 replicas (× `--scale`), rolled to a new image with
 * maxSurge 25% and maxUnavailable 0, timed from the image change to the rollout being complete: every
 * replica updated and available, the old ReplicaSet at zero. Reaching the first all-Ready state is timed
 * apart.
 */
import { performance } from 'node:perf_hooks';
import type { Deployment } from '../src/api/deployment.js';
import { createCluster } from '../src/cluster.js';
import { cpuTime, perSecond, report } from './report.js';
import { deploymentManifest, SEED } from './workload.js';

function complete(d: Deployment | undefined, replicas: number): boolean {
  const s = d?.status;
  return (
    !!d &&
    !!s &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
    s.updatedReplicas === replicas &&
    s.replicas === replicas &&
    s.availableReplicas === replicas
  );
}

export function rolloutSuite(scale: number): void {
  const replicas = Math.max(10, Math.round(10_000 * scale));
  const nodes = Math.max(3, Math.ceil(replicas / 50));
  const cluster = createCluster({ seed: SEED, nodes });
  const { store } = cluster;
  const get = () => store.get('Deployment', 'default', 'big');

  const t0 = performance.now();
  store.create(deploymentManifest('big', replicas), { actor: 'kubectl', reason: 'kubectl apply' });
  const first = cluster.runUntil(() => complete(get(), replicas), { timeout: '30m' });
  const readyMs = performance.now() - t0;
  if (!first.ok) throw new Error(`rollout: ${replicas} replicas not available after 30 min simulated`);

  const rv0 = store.stats().writes;
  const sim0 = cluster.now();
  const cpu = cpuTime();
  const t1 = performance.now();
  store.update({ kind: 'Deployment', namespace: 'default', name: 'big' }, (d) => {
    d.spec.template.spec.containers[0]!.image = 'app:2.0';
  }, { actor: 'kubectl', reason: 'kubectl set image' });
  const rolled = cluster.runUntil(() => complete(get(), replicas), { timeout: '2h' });
  const wallMs = performance.now() - t1;
  const cpuMs = cpu();
  if (!rolled.ok) throw new Error(`rollout: not complete after 2 h simulated: ${JSON.stringify(get()?.status)}`);
  const writes = store.stats().writes - rv0;
  report('rollout', SEED, [
    { name: 'rollout to complete', value: Math.round(wallMs), unit: 'ms wall', note: `${replicas.toLocaleString('en-US')} replicas, ${nodes} nodes, maxSurge 25%` },
    { name: 'cpu time', value: Math.round(cpuMs), unit: 'ms' },
    { name: 'simulated time of the rollout', value: (cluster.now() - sim0) / 1000, unit: 's' },
    { name: 'store writes', value: writes, unit: 'writes' },
    { name: 'writes per second', value: perSecond(writes, wallMs), unit: 'writes/s' },
    { name: 'first rollout, apply to available', value: Math.round(readyMs), unit: 'ms wall' },
  ], { scale, replicas, nodes });
}
