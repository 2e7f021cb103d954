// `kubectl apply -f` and `create -f`: created/configured/unchanged, the last-applied annotation, the
// three-way merge, files, folders and stdin, and errors that change nothing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LAST_APPLIED, lastAppliedValue, threeWayMerge } from '../../../src/kubectl/apply-merge.js';
import { context, kubectl, world } from '../helpers.js';

const deployYaml = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: ${image}
${extra}`;

const cmYaml = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  a: "1"
`;

function setup(files: Record<string, string> = {}) {
  const { store, clock } = world();
  return { store, clock, ctx: context(store, clock, files) };
}

describe('kubectl apply', () => {
  it('creates, then reports unchanged, then configured', () => {
    const { store, ctx } = setup({ 'api.yaml': deployYaml('myapp:1.0') });
    expect(kubectl(ctx, 'apply -f api.yaml')).toEqual({ stdout: 'deployment.apps/api created\n', stderr: '', exitCode: 0 });
    const rv = store.get('Deployment', 'default', 'api')!.metadata.resourceVersion;
    expect(kubectl(ctx, 'apply -f api.yaml').stdout).toBe('deployment.apps/api unchanged\n');
    expect(store.get('Deployment', 'default', 'api')!.metadata.resourceVersion).toBe(rv);
    expect(kubectl(ctx, 'apply -f -', deployYaml('myapp:2.0')).stdout).toBe('deployment.apps/api configured\n');
    const d = store.get('Deployment', 'default', 'api')!;
    expect(d.spec.template.spec.containers[0]!.image).toBe('myapp:2.0');
    expect(d.metadata.generation).toBe(2);
  });

  it('writes the annotation kubectl writes: sorted compact JSON, annotations {}, namespace filled, newline', () => {
    const { store, ctx } = setup({ 'cm.yaml': cmYaml });
    kubectl(ctx, 'apply -f cm.yaml');
    expect(store.get('ConfigMap', 'default', 'cfg')!.metadata.annotations![LAST_APPLIED]).toBe(
      '{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"cfg","namespace":"default"}}\n',
    );
  });

  it('removes a field dropped from the manifest, keeps fields others set', () => {
    const withPorts = deployYaml('myapp:1.0', '        ports:\n        - containerPort: 8080\n');
    const { store, ctx } = setup({ 'a.yaml': withPorts, 'b.yaml': deployYaml('myapp:1.0') });
    kubectl(ctx, 'apply -f a.yaml');
    kubectl(ctx, 'scale deployment api --replicas=5');
    store.update({ kind: 'Deployment', namespace: 'default', name: 'api' }, (d) => {
      d.metadata.labels = { team: 'blue' };
    });
    expect(kubectl(ctx, 'apply -f b.yaml').stdout).toBe('deployment.apps/api configured\n');
    const d = store.get('Deployment', 'default', 'api')!;
    expect(d.spec.template.spec.containers[0]!.ports).toBeUndefined();
    expect(d.spec.replicas).toBe(2); // in the manifest: the manifest wins
    expect(d.metadata.labels).toEqual({ team: 'blue' }); // never applied: kept
    expect(d.spec.template.spec.containers[0]!.imagePullPolicy).toBe('IfNotPresent'); // a default: kept
  });

  it('reads folders and multi-document files, in order', () => {
    const { ctx } = setup({ 'm/1-cm.yaml': cmYaml, 'm/2-api.yaml': `---\n${deployYaml('x:1')}---\n`, 'm/notes.txt': 'ignored' });
    expect(kubectl(ctx, 'apply -f m/').stdout).toBe('configmap/cfg created\ndeployment.apps/api created\n');
  });

  it('warns when the live object lacks the annotation, then patches it in', () => {
    const { store, ctx } = setup({ 'cm.yaml': cmYaml });
    kubectl(ctx, 'create -f cm.yaml');
    const res = kubectl(ctx, 'apply -f cm.yaml');
    expect(res.stderr).toMatch(/^Warning: resource configmaps\/cfg is missing the kubectl.kubernetes.io\/last-applied-configuration annotation/);
    expect(res.stdout).toBe('configmap/cfg configured\n');
    expect(store.get('ConfigMap', 'default', 'cfg')!.metadata.annotations![LAST_APPLIED]).toBeDefined();
  });

  it('a broken file or an unknown kind changes nothing', () => {
    const { store, ctx } = setup({ 'ok.yaml': cmYaml, 'bad.yaml': 'kind: [', 'foo.yaml': 'apiVersion: v1\nkind: Foo\nmetadata: {name: x}\n' });
    const rv = store.resourceVersion;
    const bad = kubectl(ctx, 'apply -f ok.yaml -f bad.yaml');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^error: error parsing bad.yaml: error converting YAML to JSON: yaml: /);
    expect(kubectl(ctx, 'apply -f ok.yaml -f foo.yaml').stderr).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "foo.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n',
    );
    expect(kubectl(ctx, 'apply -f missing.yaml').stderr).toBe('error: the path "missing.yaml" does not exist\n');
    expect(kubectl(ctx, 'apply').stderr).toBe('error: must specify one of -f and -k\n');
    expect(store.resourceVersion).toBe(rv);
  });

  it('a namespace in the file that disagrees with -n is refused', () => {
    const { ctx } = setup({ 'cm.yaml': cmYaml.replace('name: cfg', 'name: cfg\n  namespace: team') });
    expect(kubectl(ctx, 'apply -f cm.yaml -n other').stderr).toBe(
      `error: the namespace from the provided object "team" does not match the namespace "other". You must pass '--namespace=team' to perform this operation.\n`,
    );
  });

  it('continues past a server rejection; one error reads as checkErr prints an Invalid error', () => {
    const bad = deployYaml('x:1').replace('replicas: 2', 'replicas: -1');
    const { store, ctx } = setup({ 'bad.yaml': bad, 'cm.yaml': cmYaml });
    const res = kubectl(ctx, 'apply -f bad.yaml -f cm.yaml');
    expect(res.stderr).toBe('The Deployment "api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n');
    expect(res.stdout).toBe('configmap/cfg created\n');
    expect(res.exitCode).toBe(1);
    expect(store.get('Deployment', 'default', 'api')).toBeUndefined();
  });

  it('several rejections each name their file', () => {
    const bad = deployYaml('x:1').replace('replicas: 2', 'replicas: -1');
    const { ctx } = setup({ 'bad.yaml': bad, 'bad2.yaml': bad.replace('name: api', 'name: api2') });
    expect(kubectl(ctx, 'apply -f bad.yaml -f bad2.yaml').stderr).toBe(
      'Error from server (Invalid): error when creating "bad.yaml": Deployment.apps "api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n' +
        'Error from server (Invalid): error when creating "bad2.yaml": Deployment.apps "api2" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
  });

  it('--dry-run=client and server write nothing', () => {
    const { store, ctx } = setup({ 'cm.yaml': cmYaml });
    expect(kubectl(ctx, 'apply -f cm.yaml --dry-run=client').stdout).toBe('configmap/cfg created (dry run)\n');
    expect(kubectl(ctx, 'apply -f cm.yaml --dry-run=server').stdout).toBe('configmap/cfg created (server dry run)\n');
    expect(store.get('ConfigMap', 'default', 'cfg')).toBeUndefined();
  });
});

describe('kubectl create -f', () => {
  it('creates, and reports AlreadyExists as kubectl does', () => {
    const { ctx } = setup({ 'cm.yaml': cmYaml });
    expect(kubectl(ctx, 'create -f cm.yaml').stdout).toBe('configmap/cfg created\n');
    expect(kubectl(ctx, 'create -f cm.yaml --dry-run=client')).toEqual({ stdout: 'configmap/cfg created (dry run)\n', stderr: '', exitCode: 0 });
    expect(kubectl(ctx, 'create -f cm.yaml')).toEqual({
      stdout: '',
      stderr: 'Error from server (AlreadyExists): error when creating "cm.yaml": configmaps "cfg" already exists\n',
      exitCode: 1,
    });
  });
});

describe('threeWayMerge', () => {
  it.each([
    {
      name: 'a map key removed from the manifest goes',
      original: { data: { a: '1', b: '2' } },
      modified: { data: { a: '1' } },
      current: { data: { a: '1', b: '2', c: '3' } },
      want: { data: { a: '1', c: '3' } },
    },
    {
      name: 'containers merge by name; a container added by someone else stays',
      original: { spec: { containers: [{ name: 'a', image: 'x:1' }] } },
      modified: { spec: { containers: [{ name: 'a', image: 'x:2' }] } },
      current: { spec: { containers: [{ name: 'a', image: 'x:1', imagePullPolicy: 'IfNotPresent' }, { name: 'sidecar', image: 'y' }] } },
      want: { spec: { containers: [{ name: 'a', image: 'x:2', imagePullPolicy: 'IfNotPresent' }, { name: 'sidecar', image: 'y' }] } },
    },
    {
      name: 'a container removed from the manifest goes',
      original: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
      modified: { spec: { containers: [{ name: 'a' }] } },
      current: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
      want: { spec: { containers: [{ name: 'a' }] } },
    },
    {
      name: 'untagged lists are replaced whole',
      original: { spec: { containers: [{ name: 'a', args: ['1', '2'] }] } },
      modified: { spec: { containers: [{ name: 'a', args: ['3'] }] } },
      current: { spec: { containers: [{ name: 'a', args: ['1', '2'] }] } },
      want: { spec: { containers: [{ name: 'a', args: ['3'] }] } },
    },
  ])('$name', ({ original, modified, current, want }) => {
    expect(threeWayMerge('Pod', original, modified, current)).toEqual(want);
  });

  it('lastAppliedValue drops its own annotation', () => {
    expect(lastAppliedValue({ kind: 'X', metadata: { annotations: { [LAST_APPLIED]: 'old', b: '1' } } })).toBe('{"kind":"X","metadata":{"annotations":{"b":"1"}}}\n');
  });
});

describe('kubectl create <generator>', () => {
  const golden = (f: string) => readFileSync(fileURLToPath(new URL(`golden/${f}`, import.meta.url)), 'utf8');

  // Golden files: kubectl 1.32's `--dry-run=client -o yaml`, without the zero values of its Go structs
  // (`creationTimestamp: null`, `status: {}`) that a server never stores.
  it.each([
    ['deployment', 'create deployment x --image=nginx:1.27 --image=registry.k8s.io/pause:3.9 --replicas=2 --port=80'],
    ['service', 'create service clusterip web --tcp=80:8080'],
    ['configmap', "create configmap c --from-literal=a=1 --from-literal='b=x,y'"],
    ['secret', 'create secret generic s --from-literal=p=x'],
    ['namespace', 'create namespace team'],
  ])('%s builds what kubectl 1.32 builds', (kind, line) => {
    const { ctx } = setup();
    expect(kubectl(ctx, `${line} --dry-run=client -o yaml`).stdout).toBe(golden(`create-${kind}.kubectl-1.32.yaml`));
  });

  it('creates, reports, and refuses what kubectl refuses', () => {
    const { store, ctx } = setup();
    expect(kubectl(ctx, 'create deployment web --image=nginx').stdout).toBe('deployment.apps/web created\n');
    expect(store.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0]!.name).toBe('nginx');
    expect(kubectl(ctx, 'create deployment web --image=nginx').stderr).toBe('Error from server (AlreadyExists): deployments.apps "web" already exists\n');
    expect(kubectl(ctx, 'create deployment x').stderr).toBe('error: required flag(s) "image" not set\n');
    expect(kubectl(ctx, 'create bogus').stderr).toBe("error: Unexpected args: [bogus]\nSee 'kubectl create -h' for help and examples\n");
    expect(kubectl(ctx, 'create namespace team --dry-run=client').stdout).toBe('namespace/team created (dry run)\n');
    expect(store.get('Namespace', undefined, 'team')).toBeUndefined();
  });
});
