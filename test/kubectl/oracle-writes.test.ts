// The oracle for writes: two identical stores; real kubectl 1.32 changes one through the HTTP API (its
// strategic merge patches applied by the server), in-process kubectl changes the other. After every
// step both print the same and hold the same Deployment — which checks apply's three-way merge against
// kubectl's own. Skipped, with a message, without a kubectl on PATH.
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../server/helpers.js';
import { context, kubectl as inProcess } from './helpers.js';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.warn('test/kubectl/oracle-writes.test.ts: skipped — no `kubectl` on PATH');

const v1 = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: fe}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
        env:
        - {name: MODE, value: fast}
        - {name: LEVEL, value: "3"}
`;
const v2 = v1.replace('tier: fe', 'owner: shop').replace('replicas: 2', 'replicas: 3').replace('nginx:1.27', 'nginx:1.28').replace('        ports:\n        - containerPort: 80\n', '').replace('        - {name: LEVEL, value: "3"}\n', '');

let real: Served;
let ours: Served;

function realKubectl(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', real.kubeconfig, '--request-timeout=5s', ...args], { env: { ...process.env, HOME: real.home, KUBECONFIG: real.kubeconfig }, timeout: 20_000 }, (err, stdout, stderr) =>
      resolve({ stdout, stderr, exitCode: err ? ((err as { code?: number }).code ?? 1) : 0 }),
    );
  });
}

/** The parts of the Deployment a user changed, as both stores hold them. */
function state(s: Served) {
  const d = s.store.get('Deployment', 'default', 'web');
  return d && { labels: d.metadata.labels, annotations: d.metadata.annotations, generation: d.metadata.generation, spec: d.spec };
}

describe.skipIf(!hasKubectl)('in-process kubectl writes what kubectl 1.32 writes', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    real = await serve();
    ours = await serve();
    writeFileSync(join(real.home, 'v1.yaml'), v1);
    writeFileSync(join(real.home, 'v2.yaml'), v2);
  });
  afterAll(() => {
    real.server.close();
    ours.server.close();
  });

  const files = { 'v1.yaml': v1, 'v2.yaml': v2 };
  it.each([
    'apply -f v1.yaml',
    'apply -f v1.yaml',
    'apply -f v2.yaml',
    'scale deployment web --replicas=5',
    'apply -f v2.yaml',
    'label deployment web team=blue',
    'label deployment web team=red --overwrite',
    'annotate deployment web note=hello',
    'set image deployment/web web=nginx:1.29',
    'apply -f v1.yaml',
    'label deployment web team-',
  ])('kubectl %s', async (line) => {
    const args = line.split(' ').map((w) => (w.endsWith('.yaml') ? join(real.home, w) : w));
    const theirs = await realKubectl(args);
    const mine = inProcess(context(ours.store, ours.clock, files), line);
    expect(mine).toEqual(theirs);
    expect(state(ours)).toEqual(state(real));
  });
});
