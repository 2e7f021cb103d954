// `kubectl get` end to end over a Store and Clock: what a user sees on stdout and stderr, and the exit code.
import { describe, expect, it } from 'vitest';
import { context, deploymentManifest, kubectl, nodeManifest, nodeStatus, podManifest, put, runningStatus, world } from '../helpers.js';

function setup() {
  const { store, clock } = world();
  put(store, podManifest('web', { labels: { app: 'web' }, nodeName: 'node-1' }), runningStatus('10.244.1.5'));
  put(store, podManifest('api', { labels: { app: 'api' }, nodeName: 'node-2' }), runningStatus('10.244.2.5', false));
  put(store, podManifest('dns', { namespace: 'kube-system' }), runningStatus('10.244.0.2'));
  put(store, deploymentManifest('api', 2), { replicas: 2, readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 });
  put(store, nodeManifest('node-1'), nodeStatus('True', '172.18.0.2'));
  clock.advance('90s');
  return { store, clock, ctx: context(store, clock) };
}

describe('kubectl get', () => {
  it('lists pods in the default namespace', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'get pods')).toEqual({
      stdout: 'NAME   READY   STATUS    RESTARTS   AGE\napi    0/1     Running   0          90s\nweb    1/1     Running   0          90s\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('accepts short names, type/name, several names, flags before the type, and a leading "kubectl"', () => {
    const { ctx } = setup();
    const want = kubectl(ctx, 'get pods web').stdout;
    expect(want).toBe('NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          90s\n');
    expect(kubectl(ctx, 'get po/web').stdout).toBe(want);
    expect(kubectl(ctx, 'kubectl -n default get po web').stdout).toBe(want);
    expect(kubectl(ctx, 'get pod web api').stdout.split('\n')).toHaveLength(4);
  });

  it('-n, -A and -l', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'get pods -n kube-system').stdout).toContain('dns ');
    const all = kubectl(ctx, 'get pods -A').stdout.split('\n');
    expect(all[0]).toBe('NAMESPACE     NAME   READY   STATUS    RESTARTS   AGE');
    expect(all.slice(1, 4).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['default api', 'default web', 'kube-system dns']);
    expect(kubectl(ctx, 'get pods -l app=web -o name').stdout).toBe('pod/web\n');
    expect(kubectl(ctx, "get pods --selector 'app in (web,api)' -o name").stdout).toBe('pod/api\npod/web\n');
    expect(kubectl(ctx, 'get pods --field-selector spec.nodeName=node-2 -o name').stdout).toBe('pod/api\n');
  });

  it('says "No resources found" on stderr and exits 0', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'get pods -n team')).toEqual({ stdout: '', stderr: 'No resources found in team namespace.\n', exitCode: 0 });
    expect(kubectl(ctx, 'get services -A')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
  });

  it('reports a missing name as the server does, prints the rest, exits 1', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'get pods web nope')).toEqual({
      stdout: 'NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          90s\n',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
    expect(kubectl(ctx, 'get deploy nope').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(kubectl(ctx, 'get pods nope --ignore-not-found')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('rejects unknown types, flags and formats with kubectl messages', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'get foo')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
    expect(kubectl(ctx, 'get pods --bogus')).toEqual({
      stdout: '',
      stderr: "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n",
      exitCode: 1,
    });
    expect(kubectl(ctx, 'get pods -z').stderr).toBe("error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n");
    expect(kubectl(ctx, 'get pods -n').stderr).toBe("error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n");
    expect(kubectl(ctx, 'get pods -o foo').stderr).toBe(
      'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
    );
    expect(kubectl(ctx, 'get pods pod/web').stderr).toMatch(/^error: there is no need to specify a resource type as a separate argument/);
    expect(kubectl(ctx, 'get').stderr).toMatch(/^You must specify the type of resource to get\./);
    expect(kubectl(ctx, 'bogus').stderr).toBe('error: unknown command "bogus" for "kubectl"\n');
    expect(kubectl(ctx, 'get pod web -A').stderr).toBe('error: a resource cannot be retrieved by name across all namespaces\n');
  });

  it('get all: one table per kind, names with their kind, a blank line between', () => {
    const { ctx } = setup();
    const out = kubectl(ctx, 'get all').stdout;
    expect(out).toBe(
      [
        'NAME      READY   STATUS    RESTARTS   AGE',
        'pod/api   0/1     Running   0          90s',
        'pod/web   1/1     Running   0          90s',
        '',
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/api   1/2     2            1           90s',
        '',
      ].join('\n'),
    );
    expect(kubectl(ctx, 'get pods,deploy -o name').stdout).toBe('pod/api\npod/web\ndeployment.apps/api\n');
  });

  it('-o yaml prints one named object bare and a list as kind: List', () => {
    const { ctx } = setup();
    const one = kubectl(ctx, 'get pod web -o yaml').stdout;
    expect(one.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n')).toBe(true);
    const list = kubectl(ctx, 'get pods -l app=web -o yaml').stdout;
    expect(list.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n')).toBe(true);
    expect(list.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
    expect(JSON.parse(kubectl(ctx, 'get pod web -o json').stdout).metadata.name).toBe('web');
    expect(kubectl(ctx, 'get pods -n team -o json').stdout).toBe('{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  });

  it('-o jsonpath over a list and over one object, with range', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, "get pods -o jsonpath='{.items[*].metadata.name}'").stdout).toBe('api web');
    expect(kubectl(ctx, 'get pod web -o jsonpath={.status.podIP}').stdout).toBe('10.244.1.5');
    expect(kubectl(ctx, `get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.nodeName}{"\\n"}{end}'`).stdout).toBe(
      'api\tnode-2\nweb\tnode-1\n',
    );
    expect(kubectl(ctx, "get pod web -o jsonpath='{.metadata.labels}'").stdout).toBe('{"app":"web"}');
    expect(kubectl(ctx, "get pods -o jsonpath='{.items[?(@.x)]}'").stderr).toMatch(/^error: error parsing jsonpath/);
  });

  it('nodes are cluster-scoped: -n does not matter', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'get nodes -n kube-system').stdout).toBe('NAME     STATUS   ROLES    AGE   VERSION\nnode-1   Ready    <none>   90s   v1.32.0\n');
  });

  it('-o wide and --show-labels', () => {
    const { ctx } = setup();
    expect(kubectl(ctx, 'get deploy -o wide').stdout).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES        SELECTOR\napi    1/2     2            1           90s   api          myapp:1.4.2   app=api\n',
    );
    expect(kubectl(ctx, 'get deploy --show-labels').stdout).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   LABELS\napi    1/2     2            1           90s   app=api\n',
    );
  });
});

describe('kubectl events', () => {
  it('lists events oldest first with Kind/name, filtered by --for and --types', () => {
    const { store, clock } = world();
    const ev = (name: string, type: string, reason: string, kind: string, obj: string, at: number) =>
      put(store, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name },
        involvedObject: { kind, name: obj, namespace: 'default' },
        reason,
        message: `${reason} happened`,
        type,
        source: { component: 'kubelet' },
        firstTimestamp: new Date(at).toISOString(),
        lastTimestamp: new Date(at).toISOString(),
        count: 1,
      });
    const t0 = clock.now();
    ev('a', 'Warning', 'BackOff', 'Pod', 'web', t0 + 20_000);
    ev('b', 'Normal', 'Scheduled', 'Pod', 'web', t0);
    ev('c', 'Normal', 'ScalingReplicaSet', 'Deployment', 'api', t0 + 10_000);
    clock.advance('1m');
    const ctx = context(store, clock);
    expect(kubectl(ctx, 'events').stdout).toBe(
      [
        'LAST SEEN   TYPE      REASON              OBJECT           MESSAGE',
        '60s         Normal    Scheduled           Pod/web          Scheduled happened',
        '50s         Normal    ScalingReplicaSet   Deployment/api   ScalingReplicaSet happened',
        '40s         Warning   BackOff             Pod/web          BackOff happened',
        '',
      ].join('\n'),
    );
    expect(kubectl(ctx, 'events --for pod/web --types=Warning').stdout.split('\n')[1]).toMatch(/^40s +Warning +BackOff +Pod\/web/);
    expect(kubectl(ctx, 'events -n team')).toEqual({ stdout: '', stderr: 'No resources found in team namespace.\n', exitCode: 0 });
  });
});
