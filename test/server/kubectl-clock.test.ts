// Real kubectl while the real-time driver runs the simulated clock: a watch sees changes that simulated
// timers make, and time moves only as fast as the driver says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealTimeDriver } from '../../src/server/realtime.js';
import { deploymentManifest, hasKubectl, put, runKubectl, serve, T0, type Served } from './helpers.js';

if (!hasKubectl) console.warn('test/server/kubectl-clock.test.ts: skipped — no `kubectl` on PATH');

describe.skipIf(!hasKubectl)('kubectl against a running clock', { timeout: 30_000 }, () => {
  let s: Served;
  let driver: RealTimeDriver;
  beforeAll(async () => {
    s = await serve();
    driver = new RealTimeDriver(s.target, { speed: 0, tickMs: 20 });
  });
  afterAll(async () => {
    driver.stop();
    await s.server.close();
  });

  it('rollout status waits until a change the simulated clock makes at +30s, then succeeds', async () => {
    put(s.store, deploymentManifest('slow', 2), { observedGeneration: 1, replicas: 2, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 });
    // What a controller would do 30 simulated seconds from now: finish the rollout.
    s.clock.schedule('30s', () =>
      s.store.updateStatus({ kind: 'Deployment', namespace: 'default', name: 'slow' }, (d) => {
        d.status = { ...d.status, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 };
      }),
    );
    const pending = runKubectl(s, ['rollout', 'status', 'deployment/slow', '--timeout=20s']);
    // Start the clock once kubectl is watching, so the change happens while it waits.
    for (let i = 0; i < 400 && s.server.openWatches() === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(s.server.openWatches()).toBe(1);
    driver.speed = 100; // 30 simulated seconds in about 0.3 s of wall time
    driver.start();
    const r = await pending;
    driver.stop();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Waiting for deployment "slow" rollout to finish: 1 out of 2 new replicas have been updated...\ndeployment "slow" successfully rolled out\n',
    );
    expect(s.clock.now()).toBeGreaterThanOrEqual(T0 + 30_000);
  });

  it('at speed 0 the clock stands still until POST /kubesim/v1/advance moves it', async () => {
    driver.speed = 0;
    const before = s.clock.now();
    const ages = async () => (await runKubectl(s, ['get', 'deploy', 'slow', '--no-headers'])).stdout.trim().split(/\s+/).at(-1);
    const age = await ages();
    await new Promise((r) => setTimeout(r, 200));
    expect(s.clock.now()).toBe(before);
    expect(await ages()).toBe(age);
    const res = await fetch(`${s.url}/kubesim/v1/advance?by=10m`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(s.clock.now()).toBe(before + 600_000);
    expect(await ages()).not.toBe(age);
  });
});
