// The real kubectl against the served API: what it prints must be the bytes kubesim's own printers
// print for the same objects. Skipped, with a message, where no kubectl binary is on PATH.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printTable, printYaml } from '../../src/kubectl/printers/index.js';
import { deploymentManifest, podManifest, put, runningStatus, serve, type Served } from './helpers.js';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.warn('test/server/kubectl.test.ts: skipped — no `kubectl` on PATH');

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

let s: Served;
const logText = 'listening on :8080\nready\n';

/** Runs kubectl against the server, asynchronously: the server answers from this same process. */
function kubectl(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', s.kubeconfig, '--request-timeout=5s', ...args],
      { env: { ...process.env, HOME: s.home, KUBECONFIG: s.kubeconfig }, timeout: 20_000 },
      (err, stdout, stderr) => resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

function manifestFile(name: string, text: string): string {
  const path = join(s.home, name);
  writeFileSync(path, text);
  return path;
}

// Each kubectl run takes 100–300 ms, more on a loaded machine: generous per-test timeouts.
describe.skipIf(!hasKubectl)('real kubectl against kubesim serve', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    s = await serve({
      target: {
        logs: () => logText,
        exec: (_ns, pod, container, argv) =>
          argv[0] === 'false' ? { stdout: '', stderr: 'failed\n', exitCode: 3 } : { stdout: `${pod}/${container}: ${argv.join(' ')}\n`, stderr: '', exitCode: 0 },
      },
    });
    put(s.store, podManifest('web-1', { nodeName: 'node-1', labels: { app: 'web' } }), runningStatus('10.244.1.5'));
    put(s.store, podManifest('web-2', { nodeName: 'node-2', labels: { app: 'web' } }), runningStatus('10.244.2.7', false, 2));
    put(s.store, podManifest('batch', { labels: { app: 'batch' } }));
    put(s.store, deploymentManifest('web', 2), { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    put(s.store, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { app: 'web' } }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    s.clock.advance('3m20s');
  });
  afterAll(() => s.server.close());

  const now = () => s.clock.now();
  const pods = () => s.store.items('Pod', { namespace: 'default' });

  it('get pods prints the in-process table', async () => {
    const r = await kubectl(['get', 'pods']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(printTable('Pod', pods(), { now: now() }));
    expect(r.stdout.split('\n')[0]).toBe('NAME    READY   STATUS    RESTARTS   AGE');
  });

  it('get pods -o wide, --show-labels, -A and -l', async () => {
    expect((await kubectl(['get', 'pods', '-o', 'wide'])).stdout).toBe(printTable('Pod', pods(), { now: now(), wide: true }));
    expect((await kubectl(['get', 'pods', '--show-labels'])).stdout).toBe(printTable('Pod', pods(), { now: now(), showLabels: true }));
    expect((await kubectl(['get', 'pods', '-A'])).stdout).toBe(printTable('Pod', s.store.items('Pod'), { now: now(), showNamespace: true }));
    const web = s.store.items('Pod', { namespace: 'default', labelSelector: 'app=web' });
    expect((await kubectl(['get', 'po', '-l', 'app=web'])).stdout).toBe(printTable('Pod', web, { now: now() }));
  });

  it('get deployments and services, wide', async () => {
    expect((await kubectl(['get', 'deploy', '-o', 'wide'])).stdout).toBe(printTable('Deployment', s.store.items('Deployment'), { now: now(), wide: true }));
    expect((await kubectl(['get', 'svc'])).stdout).toBe(printTable('Service', s.store.items('Service', { namespace: 'default' }), { now: now() }));
    expect((await kubectl(['get', 'nodes'])).stderr).toBe('No resources found\n');
  });

  it('get all prints one section per kind with kind/name names', async () => {
    const sections = (['Pod', 'Service', 'Deployment'] as const)
      .map((kind) => printTable(kind, s.store.items(kind, { namespace: 'default' }), { now: now(), withKindPrefix: true }))
      .filter((t) => t !== '');
    const r = await kubectl(['get', 'all']);
    expect(r.stdout).toBe(sections.join('\n'));
  });

  it('get -o yaml prints the in-process YAML', async () => {
    const r = await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'yaml']);
    expect(r.stdout).toBe(printYaml(s.store.items('Pod', { namespace: 'default', labelSelector: 'app=web' })));
    const one = await kubectl(['get', 'deploy', 'web', '-o', 'yaml']);
    expect(one.stdout).toBe(printYaml(s.store.get('Deployment', 'default', 'web')!));
  });

  it('a missing object is kubectl\'s NotFound line, exit 1', async () => {
    const r = await kubectl(['get', 'pod', 'nothere']);
    expect([r.code, r.stderr]).toEqual([1, 'Error from server (NotFound): pods "nothere" not found\n']);
  });

  it('apply -f: created, unchanged, configured — and the store follows', async () => {
    const file = manifestFile('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n');
    expect((await kubectl(['apply', '-f', file])).stdout).toBe('configmap/settings created\n');
    expect((await kubectl(['apply', '-f', file])).stdout).toBe('configmap/settings unchanged\n');
    manifestFile('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: slow\n');
    expect((await kubectl(['apply', '-f', file])).stdout).toBe('configmap/settings configured\n');
    const cm = s.store.get('ConfigMap', 'default', 'settings')!;
    expect(cm.data).toEqual({ mode: 'slow' });
    expect(cm.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"mode":"slow"');
  });

  it('apply -f of a Deployment: a changed image and a removed port arrive as one strategic merge patch', async () => {
    const manifest = (image: string, ports: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: applied\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: applied}\n  strategy: {type: Recreate}\n  template:\n    metadata:\n      labels: {app: applied}\n    spec:\n      containers:\n      - name: app\n        image: ${image}\n${ports}`;
    const file = manifestFile('dep.yaml', manifest('myapp:1', '        ports:\n        - containerPort: 80\n'));
    expect((await kubectl(['apply', '-f', file])).stdout).toBe('deployment.apps/applied created\n');
    manifestFile('dep.yaml', manifest('myapp:2', ''));
    expect((await kubectl(['apply', '-f', file])).stdout).toBe('deployment.apps/applied configured\n');
    const d = s.store.get('Deployment', 'default', 'applied')!;
    expect(d.spec.template.spec.containers[0]).toMatchObject({ name: 'app', image: 'myapp:2' });
    expect(d.spec.template.spec.containers[0]!.ports).toBeUndefined();
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    expect(d.metadata.generation).toBe(2);
  });

  it('patch (strategic, merge, json), annotate, cordon and uncordon', async () => {
    s.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-7' } });
    expect((await kubectl(['patch', 'deployment', 'applied', '-p', '{"spec":{"replicas":2}}'])).stdout).toBe('deployment.apps/applied patched\n');
    expect((await kubectl(['patch', 'deployment', 'applied', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"web"}}}'])).stdout).toBe('deployment.apps/applied patched\n');
    expect((await kubectl(['patch', 'deployment', 'applied', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]'])).stdout).toBe(
      'deployment.apps/applied patched\n',
    );
    const bad = await kubectl(['patch', 'deployment', 'applied', '--type=json', '-p', '[{"op":"replace","path":"/spec/nothing","value":3}]']);
    expect(bad.code).toBe(1);
    expect((await kubectl(['annotate', 'deployment', 'applied', 'owner=team-a'])).stdout).toBe('deployment.apps/applied annotated\n');
    const d = s.store.get('Deployment', 'default', 'applied')!;
    expect([d.spec.replicas, d.metadata.labels?.tier, d.metadata.annotations?.owner]).toEqual([3, 'web', 'team-a']);
    expect((await kubectl(['cordon', 'node-7'])).stdout).toBe('node/node-7 cordoned\n');
    expect(s.store.get('Node', undefined, 'node-7')!.spec?.unschedulable).toBe(true);
    expect((await kubectl(['uncordon', 'node-7'])).stdout).toBe('node/node-7 uncordoned\n');
    expect(s.store.get('Node', undefined, 'node-7')!.spec?.unschedulable).toBeUndefined();
  });

  it('apply refuses an unknown field (fieldValidation=Strict) and stores nothing', async () => {
    const file = manifestFile('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata: {a: "1"}\nbogus: 1\n');
    const r = await kubectl(['apply', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('strict decoding error: unknown field "bogus"');
    expect(s.store.get('ConfigMap', 'default', 'bad')).toBeUndefined();
  });

  it('typed create commands send protobuf: what is stored is what kubectl would have sent as JSON', async () => {
    const commands: [string[], string, string][] = [
      [['create', 'deployment', 'made', '--image=nginx:1.27', '--replicas=0', '--port=80'], 'deployments', 'deployment.apps/made created\n'],
      [['create', 'configmap', 'made', '--from-literal=a=1', '--from-literal=b=two'], 'configmaps', 'configmap/made created\n'],
      [['create', 'secret', 'generic', 'made', '--from-literal=pw=s3cret'], 'secrets', 'secret/made created\n'],
      [['create', 'service', 'clusterip', 'made', '--tcp=80:8080'], 'services', 'service/made created\n'],
      [['run', 'made', '--image=busybox', '--port=8080', '--env=A=1', '--labels=x=y'], 'pods', 'pod/made created\n'],
    ];
    for (const [args, resource, printed] of commands) {
      const asJson = JSON.parse((await kubectl([...args, '--dry-run=client', '-o', 'json'])).stdout);
      const r = await kubectl(args);
      expect([args.join(' '), r.stdout, r.stderr]).toEqual([args.join(' '), printed, '']);
      // The JSON kubectl would have sent, through the same admission with dryRun: the same object.
      const group = resource === 'deployments' ? '/apis/apps/v1' : '/api/v1';
      const res = await fetch(`${s.url}${group}/namespaces/default/${resource}?dryRun=All`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...asJson, metadata: { ...asJson.metadata, name: 'made-json' } }),
      });
      const viaJson = (await res.json()) as { metadata: Record<string, unknown> } & Record<string, unknown>;
      const stored = s.store.get(asJson.kind, 'default', 'made')!;
      const strip = ({ metadata, ...rest }: { metadata: Record<string, unknown> } & Record<string, unknown>) => {
        const { name: _n, uid: _u, resourceVersion: _r, creationTimestamp: _c, ...m } = metadata;
        return { ...rest, metadata: m };
      };
      expect(strip(stored as never)).toEqual(strip(viaJson));
    }
    expect(s.store.get('Deployment', 'default', 'made')!.spec.replicas).toBe(0);
  });

  it('label, scale and set image change the stored objects', async () => {
    expect((await kubectl(['label', 'pod', 'batch', 'tier=jobs'])).stdout).toBe('pod/batch labeled\n');
    expect(s.store.get('Pod', 'default', 'batch')!.metadata.labels).toEqual({ app: 'batch', tier: 'jobs' });
    expect((await kubectl(['scale', 'deployment/web', '--replicas=4'])).stdout).toBe('deployment.apps/web scaled\n');
    expect(s.store.get('Deployment', 'default', 'web')!.spec.replicas).toBe(4);
    expect((await kubectl(['set', 'image', 'deployment/web', 'app=myapp:2.0'])).stdout).toBe('deployment.apps/web image updated\n');
    const d = s.store.get('Deployment', 'default', 'web')!;
    expect(d.spec.template.spec.containers[0]!.image).toBe('myapp:2.0');
    expect(d.metadata.generation).toBe(3);
  });

  it('rollout status watches until the deployment has rolled out', async () => {
    const pending = kubectl(['rollout', 'status', 'deployment/web', '--timeout=10s']);
    await new Promise((r) => setTimeout(r, 300));
    s.store.updateStatus({ kind: 'Deployment', namespace: 'default', name: 'web' }, (d) => {
      d.status = { ...d.status, observedGeneration: 3, replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4 };
    });
    const r = await pending;
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');
  });

  it('logs prints the container log', async () => {
    expect((await kubectl(['logs', 'web-1'])).stdout).toBe(logText);
    expect((await kubectl(['logs', 'web-1', '--tail=1'])).stdout).toBe('ready\n');
  });

  it('exec runs the command over WebSocket and passes its exit code on', async () => {
    expect(await kubectl(['exec', 'web-1', '--', 'ls', '-l', '/'])).toEqual({ stdout: 'web-1/app: ls -l /\n', stderr: '', code: 0 });
    const failed = await kubectl(['exec', 'web-1', '--', 'false']);
    expect(failed).toEqual({ stdout: '', stderr: 'failed\ncommand terminated with exit code 3\n', code: 3 });
    const ghost = await kubectl(['exec', 'ghost', '--', 'ls']);
    expect([ghost.code, ghost.stderr]).toEqual([1, 'Error from server (NotFound): pods "ghost" not found\n']);
  });

  it('drain cordons the node and evicts its pods', async () => {
    s.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-9' } });
    put(s.store, podManifest('finished', { nodeName: 'node-9' }), { phase: 'Succeeded' });
    const r = await kubectl(['drain', 'node-9', '--force', '--ignore-daemonsets', '--timeout=10s']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('node/node-9 cordoned\n');
    expect(r.stdout).toContain('pod/finished evicted\n');
    expect(r.stdout).toContain('node/node-9 drained\n');
    expect(s.store.get('Node', undefined, 'node-9')!.spec?.unschedulable).toBe(true);
    expect(s.store.get('Pod', 'default', 'finished')).toBeUndefined();
  });

  it('delete removes the object and waits for it to go', async () => {
    const r = await kubectl(['delete', 'pod', 'batch']);
    expect(r.stdout).toBe('pod "batch" deleted\n');
    expect(s.store.get('Pod', 'default', 'batch')).toBeUndefined();
    const again = await kubectl(['delete', 'pod', 'batch']);
    expect([again.code, again.stderr]).toEqual([1, 'Error from server (NotFound): pods "batch" not found\n']);
  });
});

describe.skipIf(!hasKubectl)('real kubectl: rollout history and undo, wait, describe, get -w', { timeout: 30_000 }, () => {
  const template = (image: string, hash?: string) => ({
    metadata: { labels: { app: 'api', ...(hash ? { 'pod-template-hash': hash } : {}) } },
    spec: { containers: [{ name: 'api', image }] },
  });

  beforeAll(async () => {
    s = await serve();
    const d = put(s.store, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', labels: { app: 'api' }, annotations: { 'deployment.kubernetes.io/revision': '2' } },
      spec: { replicas: 1, selector: { matchLabels: { app: 'api' } }, template: template('myapp:2.0') },
    });
    const owner = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }];
    for (const [rev, image, hash, replicas] of [['1', 'myapp:1.0', 'aaa111', 0], ['2', 'myapp:2.0', 'bbb222', 1]] as const) {
      put(s.store, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `api-${hash}`,
          labels: { app: 'api', 'pod-template-hash': hash },
          annotations: { 'deployment.kubernetes.io/revision': rev, ...(rev === '1' ? { 'kubernetes.io/change-cause': 'first release' } : {}) },
          ownerReferences: owner,
        },
        spec: { replicas, selector: { matchLabels: { app: 'api', 'pod-template-hash': hash } }, template: template(image, hash) },
      });
    }
    s.store.updateStatus({ kind: 'Deployment', namespace: 'default', name: 'api' }, (x) => {
      x.status = {
        observedGeneration: 1,
        replicas: 1,
        updatedReplicas: 1,
        readyReplicas: 1,
        availableReplicas: 1,
        conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }],
      };
    });
    put(s.store, podManifest('web-1', { nodeName: 'node-1', labels: { app: 'web' } }), runningStatus('10.244.1.5'));
  });
  afterAll(() => s.server.close());

  it('rollout history lists the ReplicaSets the Deployment controls, with their change causes', async () => {
    const r = await kubectl(['rollout', 'history', 'deployment/api']);
    expect(r.stdout).toBe('deployment.apps/api \nREVISION  CHANGE-CAUSE\n1         first release\n2         <none>\n\n');
  });

  it('rollout undo copies the previous template back, without its pod-template-hash', async () => {
    expect((await kubectl(['rollout', 'undo', 'deployment/api'])).stdout).toBe('deployment.apps/api rolled back\n');
    const d = s.store.get('Deployment', 'default', 'api')!;
    expect(d.spec.template.spec.containers[0]!.image).toBe('myapp:1.0');
    expect(d.spec.template.metadata?.labels).toEqual({ app: 'api' });
    expect(d.metadata.annotations?.['kubernetes.io/change-cause']).toBe('first release');
  });

  it('wait --for=condition=Available, once the controller has observed the latest generation', async () => {
    // After the undo the spec is newer than the status: kubectl waits for observedGeneration to catch up.
    const pending = kubectl(['wait', '--for=condition=Available', 'deployment/api', '--timeout=10s']);
    await new Promise((r) => setTimeout(r, 300));
    s.store.updateStatus({ kind: 'Deployment', namespace: 'default', name: 'api' }, (x) => {
      x.status!.observedGeneration = x.metadata.generation;
    });
    expect(await pending).toEqual({ code: 0, stdout: 'deployment.apps/api condition met\n', stderr: '' });
    const r = await kubectl(['wait', '--for=condition=Available', 'deployment/api', '--timeout=5s']);
    expect([r.code, r.stdout]).toEqual([0, 'deployment.apps/api condition met\n']);
  });

  it('describe pod reads the object and its events', async () => {
    const r = await kubectl(['describe', 'pod', 'web-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+web-1$/m);
    expect(r.stdout).toMatch(/^Node:\s+node-1\/172\.18\.0\.2$/m);
    expect(r.stdout).toMatch(/^Status:\s+Running$/m);
    expect(r.stdout).toMatch(/^IP:\s+10\.244\.1\.5$/m);
    expect(r.stdout).toMatch(/^Events:\s+<none>$/m);
  });

  it('get -w prints the table, then a line for each change as it happens', async () => {
    const child = spawn('kubectl', ['--kubeconfig', s.kubeconfig, 'get', 'pods', '-l', 'app=web', '-w'], { env: { ...process.env, HOME: s.home } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const waitFor = async (cond: () => boolean) => {
      for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
    };
    try {
      const first = printTable('Pod', s.store.items('Pod', { namespace: 'default', labelSelector: 'app=web' }), { now: s.clock.now() });
      await waitFor(() => out.length >= first.length);
      expect(out).toBe(first);
      put(s.store, podManifest('web-2', { labels: { app: 'web' } }));
      await waitFor(() => out.includes('web-2'));
      expect(out.slice(first.length)).toMatch(/^web-2 +0\/1 +Pending +0 +0s\n$/);
    } finally {
      child.kill();
    }
  });
});
