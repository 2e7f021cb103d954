/** kubectl's rollout logic word for word: status messages in kubectl's order, history tables, undo patches and errors, pause, resume, restart. */
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../../src/api/deployment.js';
import { formatTimestamp } from '../../../src/api/meta.js';
import { rolloutHistory, rolloutPause, rolloutRestart, rolloutResume, rolloutStatus, rolloutUndo } from '../../../src/kubectl/rollout/index.js';
import { deploymentManifest, world } from '../../controllers/deployment/harness.js';

function d(status: Deployment['status'], opts: { replicas?: number; generation?: number; revision?: string } = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', generation: opts.generation ?? 1, ...(opts.revision ? { annotations: { 'deployment.kubernetes.io/revision': opts.revision } } : {}) },
    spec: { replicas: opts.replicas ?? 3 } as Deployment['spec'],
    status,
  };
}

describe('rolloutStatus (rollout_status.go), in kubectl order', () => {
  it.each([
    { name: 'spec change not yet observed', dep: d({ observedGeneration: 1 }, { generation: 2 }), expected: { done: false, message: 'Waiting for deployment spec update to be observed...\n' } },
    { name: 'deadline exceeded', dep: d({ observedGeneration: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }), expected: { done: false, message: '', error: 'deployment "api" exceeded its progress deadline' } },
    { name: 'new replicas still to update', dep: d({ observedGeneration: 1, replicas: 4, updatedReplicas: 1 }), expected: { done: false, message: 'Waiting for deployment "api" rollout to finish: 1 out of 3 new replicas have been updated...\n' } },
    { name: 'old replicas pending termination', dep: d({ observedGeneration: 1, replicas: 4, updatedReplicas: 3 }), expected: { done: false, message: 'Waiting for deployment "api" rollout to finish: 1 old replicas are pending termination...\n' } },
    { name: 'updated replicas not yet available', dep: d({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }), expected: { done: false, message: 'Waiting for deployment "api" rollout to finish: 2 of 3 updated replicas are available...\n' } },
    { name: 'done', dep: d({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), expected: { done: true, message: 'deployment "api" successfully rolled out\n' } },
  ])('$name', ({ dep, expected }) => {
    expect(rolloutStatus(dep)).toEqual(expected);
  });

  it('with --revision, a different running revision is an error', () => {
    expect(rolloutStatus(d({ observedGeneration: 1 }, { revision: '2' }), 3)).toEqual({ done: false, message: '', error: 'desired revision (3) is different from the running revision (2)' });
  });
});

/** A Deployment taken through three templates, the second recorded with a change-cause. */
function threeRevisions() {
  const w = world({ readyAfter: 1000, terminateAfter: 1000 });
  w.store.create(deploymentManifest('web', 2, 'app:1', { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }], env: [{ name: 'MODE', value: 'fast' }] }] } } }));
  w.clock.advance('10s');
  w.store.update({ kind: 'Deployment', name: 'web' }, (x) => {
    x.metadata.annotations = { ...x.metadata.annotations, 'kubernetes.io/change-cause': 'kubectl set image deployment/web app=app:2 --record=true' };
    x.spec.template.spec.containers[0]!.image = 'app:2';
  });
  w.clock.advance('30s');
  w.store.update({ kind: 'Deployment', name: 'web' }, (x) => {
    delete x.metadata.annotations!['kubernetes.io/change-cause'];
    x.spec.template.spec.containers[0]!.image = 'app:3';
  });
  w.clock.advance('30s');
  return w;
}

describe('rolloutHistory (history.go)', () => {
  it('lists revisions with their change-cause, padded as kubectl pads them', () => {
    const w = threeRevisions();
    expect(rolloutHistory(w.store, w.get())).toEqual({
      ok: true,
      stdout: 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deployment/web app=app:2 --record=true\n3         <none>\n\n',
    });
  });

  it('--revision=N prints that revision\'s pod template, hash label and change-cause included', () => {
    const w = threeRevisions();
    const rs2 = w.replicaSets().find((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2')!;
    const hash = rs2.metadata.labels!['pod-template-hash'];
    expect(rolloutHistory(w.store, w.get(), 2)).toEqual({
      ok: true,
      stdout: [
        'deployment.apps/web with revision #2',
        'Pod Template:',
        `  Labels:\tapp=web`,
        `\tpod-template-hash=${hash}`,
        '  Annotations:\tkubernetes.io/change-cause: kubectl set image deployment/web app=app:2 --record=true',
        '  Containers:',
        '   app:',
        '    Image:\tapp:2',
        '    Port:\t8080/TCP',
        '    Host Port:\t0/TCP',
        '    Environment:',
        '      MODE:\tfast',
        '    Mounts:\t<none>',
        '  Volumes:\t<none>',
        '  Node-Selectors:\t<none>',
        '  Tolerations:\t<none>',
        '',
        '',
      ].join('\n'),
    });
  });

  it('an unknown or negative revision is an error; a Deployment without ReplicaSets has no history', () => {
    const w = threeRevisions();
    expect(rolloutHistory(w.store, w.get(), 9)).toEqual({ ok: false, error: 'unable to find the specified revision' });
    expect(rolloutHistory(w.store, w.get(), -1)).toEqual({ ok: false, error: 'revision must be a positive integer: -1' });
    const lonely = w.store.create({ ...deploymentManifest('lonely', 0, 'x'), spec: { ...deploymentManifest('lonely', 0, 'x').spec, paused: true } });
    expect(rolloutHistory(w.store, lonely)).toEqual({ ok: true, stdout: 'deployment.apps/lonely \nNo rollout history found.\n' });
  });
});

describe('rolloutUndo (rollback.go)', () => {
  it('patches in the template of the revision asked for, without pod-template-hash, with that revision\'s annotations', () => {
    const w = threeRevisions();
    const result = rolloutUndo(w.store, w.get(), 2);
    if (!result.ok || !result.patch) throw new Error('expected a patch');
    expect(result.stdout).toBe('deployment.apps/web rolled back\n');
    const [template, annotations] = result.patch.body;
    expect(template).toMatchObject({ op: 'replace', path: '/spec/template' });
    expect((template as unknown as { value: { metadata: { labels: object } } }).value.metadata.labels).toEqual({ app: 'web' });
    expect(annotations).toEqual({
      op: 'replace',
      path: '/metadata/annotations',
      value: { 'deployment.kubernetes.io/revision': '3', 'kubernetes.io/change-cause': 'kubectl set image deployment/web app=app:2 --record=true' },
    });
    w.store.patch({ kind: 'Deployment', name: 'web' }, result.patch.type, result.patch.body);
    w.clock.advance('30s');
    expect(w.replicaSets()).toHaveLength(3);
    expect(w.newRS()!.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/revision-history': '2' });
    expect(rolloutHistory(w.store, w.get())).toMatchObject({ stdout: 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n3         <none>\n4         kubectl set image deployment/web app=app:2 --record=true\n\n' });
  });

  it('without --to-revision goes to the previous revision; to the current one it is skipped', () => {
    const w = threeRevisions();
    const prev = rolloutUndo(w.store, w.get());
    if (!prev.ok || !prev.patch) throw new Error('expected a patch');
    expect((prev.patch.body[0] as unknown as { value: { spec: { containers: { image: string }[] } } }).value.spec.containers[0]!.image).toBe('app:2');
    expect(rolloutUndo(w.store, w.get(), 3)).toEqual({ ok: true, stdout: 'deployment.apps/web skipped rollback (current template already matches revision 3)\n' });
  });

  it('errors as kubectl words them', () => {
    const w = threeRevisions();
    expect(rolloutUndo(w.store, w.get(), 7)).toEqual({ ok: false, error: 'unable to find specified revision 7 in history' });
    w.setPaused(true);
    expect(rolloutUndo(w.store, w.get(), 1)).toEqual({ ok: false, error: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" });
    const solo = world();
    solo.store.create(deploymentManifest('web', 1, 'app:1'));
    solo.clock.advance('5s');
    expect(rolloutUndo(solo.store, solo.get())).toEqual({ ok: false, error: 'no rollout history found for deployment "web"' });
  });
});

describe('rollout pause, resume and restart', () => {
  it('pause and resume patch spec.paused, and refuse when already so', () => {
    const w = world();
    w.store.create(deploymentManifest('web', 1, 'app:1'));
    const pause = rolloutPause(w.get());
    if (!pause.ok) throw new Error(pause.error);
    expect(pause.stdout).toBe('deployment.apps/web paused\n');
    w.store.patch({ kind: 'Deployment', name: 'web' }, pause.patch.type, pause.patch.body);
    expect(w.get().spec.paused).toBe(true);
    expect(rolloutPause(w.get())).toEqual({ ok: false, error: 'deployments.apps "web" is already paused' });
    expect(rolloutRestart(w.get(), w.clock.now())).toEqual({ ok: false, error: 'deployments.apps "web" can\'t restart paused deployment (run rollout resume first)' });
    const resume = rolloutResume(w.get());
    if (!resume.ok) throw new Error(resume.error);
    expect(resume.stdout).toBe('deployment.apps/web resumed\n');
    w.store.patch({ kind: 'Deployment', name: 'web' }, resume.patch.type, resume.patch.body);
    expect(w.get().spec.paused).toBeUndefined();
    expect(rolloutResume(w.get())).toEqual({ ok: false, error: 'deployments.apps "web" is not paused' });
  });

  it('restart stamps the template with the simulated time, and the controller replaces every pod', () => {
    const w = world({ readyAfter: 1000, terminateAfter: 1000 });
    w.store.create(deploymentManifest('web', 2, 'app:1'));
    w.clock.advance('10s');
    const before = w.activePods().map((p) => p.metadata.name);
    const restart = rolloutRestart(w.get(), w.clock.now());
    if (!restart.ok) throw new Error(restart.error);
    expect(restart.stdout).toBe('deployment.apps/web restarted\n');
    w.store.patch({ kind: 'Deployment', name: 'web' }, restart.patch.type, restart.patch.body);
    expect(w.get().spec.template.metadata?.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': formatTimestamp(w.clock.now()) });
    w.clock.advance('30s');
    const after = w.activePods().map((p) => p.metadata.name);
    expect(after).toHaveLength(2);
    expect(after.filter((n) => before.includes(n))).toEqual([]);
    expect(rolloutStatus(w.get())).toEqual({ done: true, message: 'deployment "web" successfully rolled out\n' });
  });
});
