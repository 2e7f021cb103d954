/** The Deployment controller end to end with the ReplicaSet controller and a fake kubelet: a new Deployment, and rolling updates step by step. */
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../../src/api/meta.js';
import { deploymentManifest, recordSizes, world } from './harness.js';

describe('DeploymentController: a new Deployment', () => {
  it('creates <name>-<hash> with the hash label, revision annotations and a controller reference, and reports status', () => {
    const w = world({ readyAfter: 2000 });
    w.store.create(deploymentManifest('web', 3, 'app:1', { template: { metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } } }));
    w.store.update({ kind: 'Deployment', name: 'web' }, (d) => void (d.metadata.annotations = { 'kubernetes.io/change-cause': 'first' }));
    w.clock.advance('1s');
    const [rs] = w.replicaSets();
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs!.spec.template.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'kubernetes.io/change-cause': 'first',
    });
    expect(rs!.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: w.get().metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(w.get().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(w.events()).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    expect(w.condition('Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    expect(w.condition('Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "web-${hash}" is progressing.` });
    w.clock.advance('3s');
    const status = w.get().status!;
    expect(status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(status.unavailableReplicas).toBeUndefined();
    expect(w.condition('Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(w.condition('Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` });
  });
});

describe('DeploymentController: rolling update', () => {
  it('3 replicas, 25%/25%: one surge pod at a time, never below 3 available', () => {
    const w = world({ readyAfter: 2000, terminateAfter: 1000 });
    w.store.create(deploymentManifest('web', 3, 'app:1'));
    w.clock.advance('10s');
    const sizes = recordSizes(w);
    let minReady = Infinity;
    let maxActive = 0;
    w.store.watch('Pod', { resourceVersion: w.store.resourceVersion }, () => {
      minReady = Math.min(minReady, w.readyPods().length);
      maxActive = Math.max(maxActive, w.activePods().length);
    });
    w.setImage('app:2');
    w.clock.advance('60s');
    expect(sizes).toEqual([[1, 3], [1, 2], [2, 2], [2, 1], [3, 1], [3, 0]]);
    expect(minReady).toBe(3);
    expect(maxActive).toBe(4);
    expect(w.replicaSets().map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual(['1', '2']);
    expect(w.get().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const newName = w.newRS()!.metadata.name!;
    const oldName = w.replicaSets().find((rs) => rs.metadata.name !== newName)!.metadata.name!;
    expect(w.events().slice(1)).toEqual([
      `Scaled up replica set ${newName} from 0 to 1`,
      `Scaled down replica set ${oldName} from 3 to 2`,
      `Scaled up replica set ${newName} from 1 to 2`,
      `Scaled down replica set ${oldName} from 2 to 1`,
      `Scaled up replica set ${newName} from 2 to 3`,
      `Scaled down replica set ${oldName} from 1 to 0`,
    ]);
    expect(w.get().status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });

  it('10 replicas, maxSurge 30% and maxUnavailable 30%: surge 3, unavailable 3, so 13 pods and 7 available at the limits', () => {
    const w = world({ readyAfter: 2000, terminateAfter: 1000 });
    w.store.create(deploymentManifest('web', 10, 'app:1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '30%', maxUnavailable: '30%' } } }));
    w.clock.advance('10s');
    const sizes = recordSizes(w);
    w.setImage('app:2');
    w.clock.advance('60s');
    // new grows to 3 (13 pods), old drops by 3 at once (7 available), then each step as pods become available.
    expect(sizes.slice(0, 2)).toEqual([[3, 10], [3, 7]]);
    expect(sizes[sizes.length - 1]).toEqual([10, 0]);
    for (const [n, o] of sizes) expect(n + o).toBeLessThanOrEqual(13);
  });
});
