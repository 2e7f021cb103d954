// The oracle: real kubectl 1.32 against kubesim's HTTP API, and in-process kubectl against the same
// store at the same instant, must print the same bytes. Skipped, with a message, without a kubectl.
// (Flag errors are left out: the kubectl on PATH may be a dispatcher that capitalises cobra's
// `error: unknown flag`, which the kubectl 1.32 binary itself prints in lower case.)
import { execFile, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentManifest, iso, podManifest, put, runningStatus, serve, T0, type Served } from '../server/helpers.js';
import { context, kubectl as inProcess } from './helpers.js';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.warn('test/kubectl/oracle.test.ts: skipped — no `kubectl` on PATH');

let s: Served;

function realKubectl(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', s.kubeconfig, '--request-timeout=5s', ...args],
      { env: { ...process.env, HOME: s.home, KUBECONFIG: s.kubeconfig }, timeout: 20_000 },
      (err, stdout, stderr) => resolve({ stdout, stderr, exitCode: err ? ((err as { code?: number }).code ?? 1) : 0 }),
    );
  });
}

describe.skipIf(!hasKubectl)('in-process kubectl prints what kubectl 1.32 prints', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    s = await serve();
    const web = put(s.store, podManifest('web-1', { nodeName: 'node-1', labels: { app: 'web' } }), runningStatus('10.244.1.5'));
    put(s.store, podManifest('web-2', { nodeName: 'node-2', labels: { app: 'web', tier: 'fe' } }), {
      ...runningStatus('10.244.2.7', false),
      containerStatuses: [
        {
          name: 'app', image: 'nginx:1.27', imageID: '', ready: false, restartCount: 4, started: false,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: iso(T0 + 60_000), finishedAt: iso(T0 + 100_000) } },
        },
      ],
    });
    put(s.store, podManifest('batch', { labels: { app: 'batch' } }));
    put(s.store, deploymentManifest('web', 2), { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 });
    put(s.store, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { app: 'web' } }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } });
    put(s.store, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'app.properties': 'a=1\nb=2\n' }, binaryData: { bin: 'AAEC' } });
    put(s.store, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-1.1' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: web.metadata.uid, apiVersion: 'v1' },
      reason: 'Pulled',
      message: 'Container image "nginx:1.27" already present on machine',
      type: 'Normal',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: iso(T0 + 1000),
      lastTimestamp: iso(T0 + 30_000),
      count: 3,
    });
    put(s.store, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1', 'node-role.kubernetes.io/control-plane': '' } } }, {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: iso(T0), lastTransitionTime: iso(T0) }],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'node-1' }],
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '3800m', memory: '7Gi', pods: '110' },
      nodeInfo: {
        machineID: 'm', systemUUID: 's', bootID: 'b', kernelVersion: '6.1.0', osImage: 'Debian GNU/Linux 12 (bookworm)', containerRuntimeVersion: 'containerd://1.7.0',
        kubeletVersion: 'v1.32.2', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64',
      },
    });
    s.clock.advance('3m20s');
  });
  afterAll(() => s.server.close());

  it.each([
    'get pods',
    'get pods -o wide',
    'get pods --show-labels',
    'get pods -A',
    'get deploy -o wide',
    'get svc -o wide',
    'get all',
    'get pods,svc -o name',
    'get pod web-1 -o yaml',
    'get pods -l app=web -o json',
    'get cm',
    'get events',
    'get pods nope',
    'get pods -n team',
    'describe pod web-2',
    'describe deployment web',
    'describe svc web',
    'describe cm cfg',
    'get nodes -o wide',
    'get nodes -l kubernetes.io/os=linux',
    'get nodes -l kubernetes.io/os=plan9',
    'get pods,nodes -l app=none',
    'describe nodes -l app=none',
    'get rs -o wide',
    'get rs -l app=web',
    'get ep -o wide',
    'get endpointslices -l app=web',
    'get secrets',
    'get ns',
    'get ns -o wide',
    'get lease -A',
    'get deploy -l app=web',
    'get svc -l app=web -o wide',
    'get cm -o wide',
    'get foo',
    'get pods -o bogus',
    'label pod web-1 app=other',
    'describe pod nope',
    'delete pod nope',
  ])('kubectl %s', async (line) => {
    const real = await realKubectl(line.split(' '));
    const ours = inProcess(context(s.store, s.clock), line);
    expect(ours).toEqual(real);
  });

  it('kubectl describe node node-1: the same up to the pod table, whose ages kubectl takes from the wall clock', async () => {
    const real = await realKubectl(['describe', 'node', 'node-1']);
    const ours = inProcess(context(s.store, s.clock), 'describe node node-1');
    const head = (t: string) => t.slice(0, t.indexOf('  Namespace  '));
    expect(head(ours.stdout)).toBe(head(real.stdout));
    const tail = (t: string) => t.slice(t.indexOf('Allocated resources:'));
    expect(tail(ours.stdout)).toBe(tail(real.stdout));
  });

  it('kubectl describe pod web-1: the same up to the Events table, whose ages kubectl takes from the wall clock', async () => {
    const real = await realKubectl(['describe', 'pod', 'web-1']);
    const ours = inProcess(context(s.store, s.clock), 'describe pod web-1');
    const head = (t: string) => t.slice(0, t.indexOf('Events:'));
    expect(head(ours.stdout)).toBe(head(real.stdout));
    expect(ours.stdout.slice(ours.stdout.indexOf('Events:'))).toBe(
      [
        'Events:',
        '  Type    Reason  Age                    From     Message',
        '  ----    ------  ----                   ----     -------',
        '  Normal  Pulled  2m50s (x3 over 3m19s)  kubelet  Container image "nginx:1.27" already present on machine',
        '',
      ].join('\n'),
    );
  });
});
