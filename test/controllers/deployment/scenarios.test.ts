/** Deployment scenarios on exact simulated times: a stalled rollout and its undo, Recreate, pause, proportional scaling, history limits, minReadySeconds. */
import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp } from '../../../src/api/meta.js';
import { rolloutStatus, rolloutUndo } from '../../../src/kubectl/rollout/index.js';
import { deploymentManifest, recordSizes, world } from './harness.js';

const revisions = (w: ReturnType<typeof world>) =>
  Object.fromEntries(w.replicaSets().map((rs) => [rs.spec.template.spec.containers[0]!.image, rs.metadata.annotations?.['deployment.kubernetes.io/revision']]));

describe('a rollout whose new pods never become ready', () => {
  it('stalls with the old pods serving, times out exactly at the deadline, and undo brings the old revision back as max+1', () => {
    const w = world({ readyAfter: 1000, terminateAfter: 1000, neverReady: ['app:broken'] });
    w.store.create(deploymentManifest('web', 3, 'app:1'));
    w.clock.advance('10s');
    w.setImage('app:broken');
    w.clock.advance('30s');
    expect(w.readyPods().map((p) => p.spec.containers[0]!.image)).toEqual(['app:1', 'app:1', 'app:1']);
    expect(w.activePods()).toHaveLength(4);
    const progressing = w.condition('Progressing')!;
    expect(progressing.reason).toBe('ReplicaSetUpdated');
    const lastUpdate = parseTimestamp(progressing.lastUpdateTime!);
    // Kubernetes looks again one second after lastUpdateTime + 600 s, and the deadline is strict.
    w.clock.advance(lastUpdate + 601_000 - w.clock.now() - 1);
    expect(w.condition('Progressing')!.reason).toBe('ReplicaSetUpdated');
    w.clock.advance(1);
    const broken = w.newRS()!.metadata.name;
    expect(w.condition('Progressing')).toEqual({
      type: 'Progressing',
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${broken}" has timed out progressing.`,
      lastUpdateTime: formatTimestamp(lastUpdate + 601_000),
      lastTransitionTime: formatTimestamp(lastUpdate + 601_000),
    });
    expect(w.condition('Available')!.status).toBe('True');
    expect(rolloutStatus(w.get())).toEqual({ done: false, message: '', error: 'deployment "web" exceeded its progress deadline' });

    const undo = rolloutUndo(w.store, w.get());
    expect(undo).toMatchObject({ ok: true, stdout: 'deployment.apps/web rolled back\n' });
    if (!undo.ok || !undo.patch) throw new Error('expected a patch');
    w.store.patch({ kind: 'Deployment', name: 'web' }, undo.patch.type, undo.patch.body);
    w.clock.advance('30s');
    expect(w.replicaSets()).toHaveLength(2);
    expect(revisions(w)).toEqual({ 'app:1': '3', 'app:broken': '2' });
    const restored = w.replicaSets().find((rs) => rs.spec.template.spec.containers[0]!.image === 'app:1')!;
    expect(restored.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(w.get().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(w.activePods().map((p) => p.spec.containers[0]!.image)).toEqual(['app:1', 'app:1', 'app:1']);
    expect(w.condition('Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect(rolloutStatus(w.get())).toEqual({ done: true, message: 'deployment "web" successfully rolled out\n' });
  });
});

describe('Recreate', () => {
  it('scales the old ReplicaSet to 0, waits until its pods are gone, then creates the new one at full size', () => {
    const w = world({ readyAfter: 1000, terminateAfter: 5000 });
    w.store.create(deploymentManifest('web', 3, 'app:1', { strategy: { type: 'Recreate' } }));
    w.clock.advance('10s');
    const sizes = recordSizes(w);
    const t0 = w.clock.now();
    let newCreatedAt = -1;
    let overlap = false;
    w.store.watch('Pod', { resourceVersion: w.store.resourceVersion }, () => {
      const images = new Set(w.pods().map((p) => p.spec.containers[0]!.image));
      if (images.has('app:1') && images.has('app:2')) overlap = true;
      if (newCreatedAt < 0 && images.has('app:2')) newCreatedAt = w.clock.now();
    });
    w.setImage('app:2');
    w.clock.advance('30s');
    expect(sizes).toEqual([[0, 0], [3, 0]]);
    expect(overlap).toBe(false);
    // Old pods terminate for 5 s; the new ReplicaSet is created on the next pass after the last is gone.
    expect(newCreatedAt).toBeGreaterThanOrEqual(t0 + 5000);
    expect(newCreatedAt).toBeLessThan(t0 + 5100);
    expect(w.readyPods()).toHaveLength(3);
    expect(w.get().status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });
});

describe('pause and resume', () => {
  it('a paused Deployment rolls nothing out but still scales; resume rolls out the latest template', () => {
    const w = world({ readyAfter: 1000, terminateAfter: 1000 });
    w.store.create(deploymentManifest('web', 3, 'app:1'));
    w.clock.advance('10s');
    w.setPaused(true);
    w.clock.advance('1s');
    expect(w.condition('Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    w.setImage('app:2');
    w.setImage('app:3');
    w.clock.advance('10s');
    expect(w.replicaSets()).toHaveLength(1);
    w.scale(5);
    w.clock.advance('10s');
    expect(w.replicaSets().map((rs) => rs.spec.replicas)).toEqual([5]);
    expect(w.readyPods()).toHaveLength(5);
    w.setPaused(false);
    w.clock.advance('60s');
    expect(w.replicaSets().map((rs) => [rs.spec.template.spec.containers[0]!.image, rs.spec.replicas]).sort()).toEqual([['app:1', 0], ['app:3', 5]]);
    expect(w.condition('Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });
});

describe('proportional scaling', () => {
  it('scaling mid-rollout shares the new replicas among the ReplicaSets in proportion to their size', () => {
    const w = world({ readyAfter: 1000, terminateAfter: 1000, neverReady: ['app:2'] });
    w.store.create(deploymentManifest('web', 10, 'app:1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    w.clock.advance('10s');
    w.setImage('app:2');
    w.clock.advance('10s');
    // 13 pods allowed, 8 must stay available: new=5 (3 surge + 2 unavailable), old=8.
    const size = (image: string) => w.replicaSets().find((rs) => rs.spec.template.spec.containers[0]!.image === image)!.spec.replicas;
    expect([size('app:2'), size('app:1')]).toEqual([5, 8]);
    w.scale(15);
    w.clock.advance('1s');
    // Room for 18: old gets round(8 × 18 / 13) − 8 = 3, new gets round(5 × 18 / 13) − 5 = 2.
    expect([size('app:2'), size('app:1')]).toEqual([7, 11]);
    for (const rs of w.replicaSets()) {
      expect(rs.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '15', 'deployment.kubernetes.io/max-replicas': '18' });
    }
    expect(w.events()).toContain(`Scaled up replica set ${w.newRS()!.metadata.name} from 5 to 7`);
  });
});

describe('revisionHistoryLimit', () => {
  it('keeps only that many old ReplicaSets, deleting the lowest revisions first', () => {
    const w = world({ readyAfter: 1000, terminateAfter: 1000 });
    w.store.create(deploymentManifest('web', 2, 'app:1', { revisionHistoryLimit: 2 }));
    w.clock.advance('10s');
    for (const image of ['app:2', 'app:3', 'app:4', 'app:5']) {
      w.setImage(image);
      w.clock.advance('30s');
    }
    expect(revisions(w)).toEqual({ 'app:3': '3', 'app:4': '4', 'app:5': '5' });
  });
});

describe('minReadySeconds and the deadline while paused', () => {
  it('old pods go only after new ones have been ready for minReadySeconds', () => {
    const w = world({ readyAfter: 1000, terminateAfter: 1000 });
    w.store.create(deploymentManifest('web', 1, 'app:1', { minReadySeconds: 10 }));
    w.clock.advance('20s');
    const sizes = recordSizes(w);
    const t0 = w.clock.now();
    let scaledDownAt = -1;
    w.store.watch('ReplicaSet', { resourceVersion: w.store.resourceVersion }, (e) => {
      if (scaledDownAt < 0 && e.object.spec.template.spec.containers[0]!.image === 'app:1' && e.object.spec.replicas === 0) scaledDownAt = w.clock.now();
    });
    w.setImage('app:2');
    w.clock.advance('30s');
    expect(w.newRS()!.spec.minReadySeconds).toBe(10);
    expect(sizes).toEqual([[1, 1], [1, 0]]);
    // The new pod is ready about 1 s in and available strictly more than 10 s after that.
    expect(scaledDownAt - t0).toBeGreaterThan(11_000);
    expect(scaledDownAt - t0).toBeLessThan(11_100);
  });

  it('a Deployment paused for longer than its deadline does not time out; the deadline counts again from resume', () => {
    const w = world({ readyAfter: 1000, terminateAfter: 1000, neverReady: ['app:broken'] });
    w.store.create(deploymentManifest('web', 2, 'app:1', { progressDeadlineSeconds: 60 }));
    w.clock.advance('10s');
    w.setImage('app:broken');
    w.clock.advance('5s');
    w.setPaused(true);
    w.clock.advance('10m');
    expect(w.condition('Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
    w.setPaused(false);
    w.clock.advance('1s');
    const resumed = w.condition('Progressing')!;
    expect(resumed).toMatchObject({ status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' });
    const from = parseTimestamp(resumed.lastUpdateTime!);
    w.clock.advance(from + 61_000 - w.clock.now() - 1);
    expect(w.condition('Progressing')!.reason).not.toBe('ProgressDeadlineExceeded');
    w.clock.advance(1);
    expect(w.condition('Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
  });
});
