// Real `kubectl logs -f`: the log so far, then what the container writes later, until the pod goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasKubectl, podManifest, put, runKubectl, runningStatus, serve, type Served } from './helpers.js';

if (!hasKubectl) console.warn('test/server/kubectl-follow.test.ts: skipped — no `kubectl` on PATH');

describe.skipIf(!hasKubectl)('kubectl logs -f', { timeout: 30_000 }, () => {
  let s: Served;
  let log = 'starting\n';
  beforeAll(async () => {
    s = await serve({ target: { logs: () => log } });
    put(s.store, podManifest('tail', { nodeName: 'node-1' }), runningStatus('10.244.1.4'));
  });
  afterAll(() => s.server.close());

  it('streams new lines as they are written and ends when the pod is gone', async () => {
    const pending = runKubectl(s, ['logs', '-f', 'tail']);
    // A follow counts as an open stream, like a watch: write the new line once kubectl is following.
    for (let i = 0; i < 400 && s.server.openWatches() === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(s.server.openWatches()).toBe(1);
    log += 'ready\n';
    await new Promise((r) => setTimeout(r, 500));
    s.store.delete({ kind: 'Pod', namespace: 'default', name: 'tail' }, { gracePeriodSeconds: 0 });
    const r = await pending;
    expect(r).toEqual({ code: 0, stdout: 'starting\nready\n', stderr: '' });
  });
});
