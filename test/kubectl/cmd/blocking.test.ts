// Commands that wait: rollout status following a real rollout (Deployment and ReplicaSet controllers
// with a fake kubelet), wait, drain, logs -f and exec, all on the simulated clock with exact times.
import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../src/api/errors.js';
import type { KubectlContext } from '../../../src/kubectl/context.js';
import { deploymentManifest as rolloutDeployment, world as rolloutWorld } from '../../controllers/deployment/harness.js';
import { context, kubectl, nodeManifest, nodeStatus, podManifest, put, runningStatus, world } from '../helpers.js';

describe('kubectl rollout', () => {
  function setup() {
    const w = rolloutWorld({ readyAfter: 2000, terminateAfter: 1000 });
    w.store.create(rolloutDeployment('web', 3, 'app:1'));
    w.clock.advance('20s');
    return { w, ctx: context(w.store, w.clock) };
  }

  it('status follows the rollout, printing each new Waiting line, and returns when it is done', () => {
    const { w, ctx } = setup();
    expect(kubectl(ctx, 'rollout status deployment/web')).toEqual({ stdout: 'deployment "web" successfully rolled out\n', stderr: '', exitCode: 0 });
    expect(kubectl(ctx, 'set image deployment/web app=app:2').stdout).toBe('deployment.apps/web image updated\n');
    const t0 = w.clock.now();
    const res = kubectl(ctx, 'rollout status deploy/web');
    expect(res.exitCode).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Waiting for deployment spec update to be observed...');
    expect(lines).toContain('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
    expect(lines.at(-1)).toBe('deployment "web" successfully rolled out');
    // Each line differs from the one before it, as kubectl prints only changes.
    lines.forEach((l, i) => i > 0 && expect(l).not.toBe(lines[i - 1]));
    expect(w.clock.now() - t0).toBeGreaterThan(0);
    expect(w.get().status?.updatedReplicas).toBe(3);
  });

  it('status --watch=false looks once; --timeout bounds the wait', () => {
    const { w, ctx } = setup();
    kubectl(ctx, 'set image deployment/web app=app:2');
    expect(kubectl(ctx, 'rollout status deployment/web --watch=false').stdout).toBe('Waiting for deployment spec update to be observed...\n');
    w.store.create(rolloutDeployment('stuck', 1, 'app:1'));
    w.clock.advance('10s');
    kubectl(ctx, 'rollout pause deployment/stuck');
    kubectl(ctx, 'set image deployment/stuck app=app:2');
    const t0 = w.clock.now();
    // Paused: the new template is never rolled out, so the status never gets past "0 out of 1".
    const res = kubectl(ctx, 'rollout status deployment/stuck --timeout=3s');
    expect(res.stdout).toContain('Waiting for deployment "stuck" rollout to finish: 0 out of 1 new replicas have been updated...\n');
    expect(res.stderr).toBe('error: timed out waiting for the condition\n');
    expect(w.clock.now() - t0).toBe(3000);
  });

  it('history, undo, pause, resume and restart', () => {
    const { w, ctx } = setup();
    kubectl(ctx, 'set image deployment/web app=app:2');
    w.clock.advance('30s');
    expect(kubectl(ctx, 'rollout history deployment/web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(kubectl(ctx, 'rollout undo deployment/web').stdout).toBe('deployment.apps/web rolled back\n');
    expect(w.get().spec.template.spec.containers[0]!.image).toBe('app:1');
    expect(kubectl(ctx, 'rollout pause deployment/web').stdout).toBe('deployment.apps/web paused\n');
    expect(kubectl(ctx, 'rollout pause deployment/web').stderr).toBe('error: deployments.apps "web" is already paused\n');
    expect(kubectl(ctx, 'rollout restart deployment/web').stderr).toBe("error: deployments.apps \"web\" can't restart paused deployment (run rollout resume first)\n");
    expect(kubectl(ctx, 'rollout resume deployment/web').stdout).toBe('deployment.apps/web resumed\n');
    expect(kubectl(ctx, 'rollout restart deployment/web').stdout).toBe('deployment.apps/web restarted\n');
    expect(w.get().spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeDefined();
    expect(kubectl(ctx, 'rollout status').stderr).toBe('error: required resource not specified\n');
    expect(kubectl(ctx, 'rollout status deployment/nope').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(kubectl(ctx, 'rollout bogus deployment/web').stderr).toBe("error: unknown command \"bogus\"\nSee 'kubectl rollout -h' for help and examples\n");
  });
});

describe('kubectl wait', () => {
  it('waits for a condition in simulated time, to the second', () => {
    const { store, clock } = world();
    put(store, podManifest('web', { nodeName: 'node-1' }), runningStatus('10.244.1.5', false));
    clock.schedule('7s', () =>
      store.updateStatus({ kind: 'Pod', namespace: 'default', name: 'web' }, (p) => {
        p.status!.conditions = [{ type: 'Ready', status: 'True' }];
      }),
    );
    const ctx = context(store, clock);
    const t0 = clock.now();
    expect(kubectl(ctx, 'wait --for=condition=Ready pod/web')).toEqual({ stdout: 'pod/web condition met\n', stderr: '', exitCode: 0 });
    expect(clock.now() - t0).toBe(7000);
    expect(kubectl(ctx, "wait --for=jsonpath='{.status.phase}'=Running pod/web").stdout).toBe('pod/web condition met\n');
  });

  it('times out with kubectl message; bad conditions are refused', () => {
    const { store, clock } = world();
    put(store, podManifest('web'), { phase: 'Pending' });
    const ctx = context(store, clock);
    const t0 = clock.now();
    expect(kubectl(ctx, 'wait --for=condition=Ready pod/web --timeout=5s')).toEqual({
      stdout: '',
      stderr: 'error: timed out waiting for the condition on pods/web\n',
      exitCode: 1,
    });
    expect(clock.now() - t0).toBe(5000);
    expect(kubectl(ctx, 'wait pod/web').stderr).toBe('error: unrecognized condition: ""\n');
    expect(kubectl(ctx, 'wait --for=bogus pod/web').stderr).toBe('error: unrecognized condition: "bogus"\n');
  });

  it('--for=delete returns once the object is gone', () => {
    const { store, clock } = world();
    put(store, podManifest('web'), { phase: 'Pending' });
    clock.schedule('3s', () => store.delete({ kind: 'Pod', namespace: 'default', name: 'web' }));
    const ctx = context(store, clock);
    expect(kubectl(ctx, 'wait --for=delete pod/web --timeout=10s').stdout).toBe('pod/web condition met\n');
  });
});

describe('kubectl drain', () => {
  function setup() {
    const { store, clock } = world();
    put(store, nodeManifest('node-1'), nodeStatus('True', '172.18.0.2'));
    const owned = (name: string) => ({
      ...podManifest(name, { nodeName: 'node-1' }),
      metadata: { name, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u-1', controller: true }] },
    });
    put(store, owned('web-1'), runningStatus('10.244.1.2'));
    put(store, owned('web-2'), runningStatus('10.244.1.3'));
    // Confirms deletions 2 s after they are asked for, as a kubelet would.
    store.watch('Pod', {}, (e) => {
      if (e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp && !e.previous?.metadata.deletionTimestamp) {
        clock.schedule('2s', () => store.delete({ kind: 'Pod', namespace: 'default', name: e.object.metadata.name! }, { gracePeriodSeconds: 0 }));
      }
    });
    return { store, clock, ctx: context(store, clock) };
  }

  it('cordons, evicts, waits for the pods to go, and says drained', () => {
    const { store, clock, ctx } = setup();
    const t0 = clock.now();
    expect(kubectl(ctx, 'drain node-1 --ignore-daemonsets')).toEqual({
      stdout: 'node/node-1 cordoned\nevicting pod default/web-1\nevicting pod default/web-2\npod/web-1 evicted\npod/web-2 evicted\nnode/node-1 drained\n',
      stderr: '',
      exitCode: 0,
    });
    expect(clock.now() - t0).toBe(2000);
    expect(store.podsOnNode('node-1')).toEqual([]);
  });

  it('refuses pods without a controller unless --force, evicting nothing', () => {
    const { store, ctx } = setup();
    put(store, podManifest('bare', { nodeName: 'node-1' }), runningStatus('10.244.1.4'));
    const res = kubectl(ctx, 'drain node-1');
    expect(res.stdout).toBe('node/node-1 cordoned\n');
    expect(res.stderr).toBe(
      'error: unable to drain node "node-1" due to error: [cannot delete Pods that declare no controller (use --force to override): default/bare], continuing command...\nThere are pending nodes to be drained:\n node-1\ncannot delete Pods that declare no controller (use --force to override): default/bare\n',
    );
    expect(store.podsOnNode('node-1').filter((p) => p.metadata.deletionTimestamp)).toEqual([]);
    const forced = kubectl(ctx, 'drain node-1 --force');
    expect(forced.stderr).toBe('Warning: deleting Pods that declare no controller: default/bare\n');
    expect(forced.stdout.endsWith('node/node-1 drained\n')).toBe(true);
  });
});

describe('kubectl logs / exec', () => {
  function setup(): { ctx: KubectlContext; log: string[]; advance: () => void } {
    const { store, clock } = world();
    put(store, podManifest('web', { nodeName: 'node-1', containers: ['app', 'sidecar'] }), runningStatus('10.244.1.5'));
    const log = ['line 1\n', 'line 2\n', 'line 3\n'];
    clock.schedule('2s', () => log.push('line 4\n'));
    const ctx = context(store, clock, {}, {
      logs: (ns, pod, container, opts) => {
        if (container === 'nope') throw new StatusError('BadRequest', `container nope is not valid for pod ${pod}`);
        if (opts.previous) throw new StatusError('BadRequest', `previous terminated container "${container}" in pod "${pod}" not found`);
        return (opts.tail !== undefined ? log.slice(-opts.tail) : log).join('');
      },
      exec: (_ns, _pod, container, argv) =>
        argv[0] === 'false' ? { stdout: '', stderr: '', exitCode: 1 } : { stdout: `${container}: ${argv.join(' ')}\n`, stderr: '', exitCode: 0 },
    });
    return { ctx, log, advance: () => clock.advance('1s') };
  }

  it('prints logs, defaults the container with kubectl 1.32 note, honours --tail and -c', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'logs web')).toEqual({ stdout: 'line 1\nline 2\nline 3\n', stderr: 'Defaulted container "app" out of: app, sidecar\n', exitCode: 0 });
    expect(kubectl(ctx, 'logs web -c sidecar --tail=1')).toEqual({ stdout: 'line 3\n', stderr: '', exitCode: 0 });
    expect(kubectl(ctx, 'logs web -c nope').stderr).toBe('Error from server (BadRequest): container nope is not valid for pod web\n');
    expect(kubectl(ctx, 'logs web -c app -p').stderr).toBe('Error from server (BadRequest): previous terminated container "app" in pod "web" not found\n');
    expect(kubectl(ctx, 'logs nope').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(kubectl(ctx, 'logs').stderr).toMatch(/^error: expected 'logs \[-f\] \[-p\] \(POD \| TYPE\/NAME\) \[-c CONTAINER\]'\./);
  });

  it('-f follows in simulated time, bounded by --request-timeout', () => {
    const { ctx } = setup();
    const res = kubectl(ctx, 'logs web -c app -f --request-timeout=5s');
    expect(res.stdout).toBe('line 1\nline 2\nline 3\nline 4\n');
    expect(ctx.clock.now() - Date.UTC(2024, 0, 1)).toBe(5000);
  });

  it('exec runs after --, passes exit codes on, and refuses the old form', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'exec -it web -c app -- ls -l /')).toEqual({ stdout: 'app: ls -l /\n', stderr: '', exitCode: 0 });
    expect(kubectl(ctx, 'exec web -c app -- false')).toEqual({ stdout: '', stderr: 'command terminated with exit code 1\n', exitCode: 1 });
    expect(kubectl(ctx, 'exec web ls').stderr).toMatch(/^error: exec \[POD\] \[COMMAND\] is not supported anymore/);
    expect(kubectl(ctx, 'exec web').stderr).toBe('error: you must specify at least one command for the container\n');
  });
});
