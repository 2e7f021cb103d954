// `kubectl get` tables for every kind kubesim serves: columns, -o wide, --show-labels, -A and `get all`
// prefixes, `<none>`/`<pending>` cells and AGE from the simulated clock.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { columnDefinitions, noResourcesMessage, printTable, tableRow } from '../../../src/kubectl/printers/index.js';
import { deploymentManifest, nodeManifest, nodeStatus, podManifest, put, runningStatus, T0, world } from '../helpers.js';

function setup() {
  const w = world();
  const { store, clock } = w;
  const web = put(store, podManifest('web', { labels: { app: 'web', tier: 'fe' }, nodeName: 'node-1' }), runningStatus('10.244.1.5'));
  clock.advance('30s');
  const pending = put(store, podManifest('queued'), { phase: 'Pending' });
  const sys = put(store, podManifest('dns', { namespace: 'kube-system' }), runningStatus('10.244.0.2'));
  return { ...w, web, pending, sys };
}

describe('pods', () => {
  it('prints NAME READY STATUS RESTARTS AGE with ages from the simulated clock', () => {
    const { clock, web, pending } = setup();
    clock.advance('2m');
    expect(printTable('Pod', [web, pending], { now: clock.now() })).toBe(
      [
        'NAME     READY   STATUS    RESTARTS   AGE',
        'web      1/1     Running   0          2m30s',
        'queued   0/1     Pending   0          2m',
        '',
      ].join('\n'),
    );
  });

  it('-o wide adds IP, NODE, NOMINATED NODE and READINESS GATES with <none> for the unset', () => {
    const { clock, web, pending } = setup();
    expect(printTable('Pod', [web, pending], { now: clock.now(), wide: true })).toBe(
      [
        'NAME     READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
        'web      1/1     Running   0          30s   10.244.1.5   node-1   <none>           <none>',
        'queued   0/1     Pending   0          0s    <none>       <none>   <none>           <none>',
        '',
      ].join('\n'),
    );
  });

  it('--show-labels adds LABELS last, sorted, <none> for none', () => {
    const { clock, web, pending } = setup();
    expect(printTable('Pod', [web, pending], { now: clock.now(), showLabels: true })).toBe(
      [
        'NAME     READY   STATUS    RESTARTS   AGE   LABELS',
        'web      1/1     Running   0          30s   app=web,tier=fe',
        'queued   0/1     Pending   0          0s    <none>',
        '',
      ].join('\n'),
    );
  });

  it('-A puts NAMESPACE first', () => {
    const { clock, web, sys } = setup();
    expect(printTable('Pod', [web, sys], { now: clock.now(), showNamespace: true })).toBe(
      [
        'NAMESPACE     NAME   READY   STATUS    RESTARTS   AGE',
        'default       web    1/1     Running   0          30s',
        'kube-system   dns    1/1     Running   0          0s',
        '',
      ].join('\n'),
    );
  });

  it('RESTARTS is a string column with "(5m ago)"; row cells keep the server types', () => {
    const { store, clock } = world();
    const p = put(store, podManifest('crash'), {
      ...runningStatus('10.244.1.9', false),
      containerStatuses: [
        {
          name: 'app', image: 'nginx:1.27', imageID: '', ready: false, restartCount: 5,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: new Date(T0 + 60_000).toISOString() } },
        },
      ],
    });
    clock.advance('6m');
    expect(tableRow('Pod', p, clock.now()).slice(0, 5)).toEqual(['crash', '0/1', 'CrashLoopBackOff', '5 (5m ago)', '6m']);
  });

  it('column definitions are those printers.go sends, priority 1 for the wide ones', () => {
    expect(columnDefinitions('Pod').map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
  });
});

describe('workloads', () => {
  it('deployments: READY over desired, UP-TO-DATE, AVAILABLE; wide adds CONTAINERS IMAGES SELECTOR', () => {
    const { store, clock } = world();
    const d = put(store, deploymentManifest('api', 3), { replicas: 4, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 });
    clock.advance('5h');
    expect(printTable('Deployment', [d], { now: clock.now(), wide: true })).toBe(
      [
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES        SELECTOR',
        'api    2/3     3            2           5h    api          myapp:1.4.2   app=api',
        '',
      ].join('\n'),
    );
  });

  it('a new deployment without status reads 0/N and zeros', () => {
    const { store, clock } = world();
    const d = put(store, deploymentManifest('api', 2));
    expect(printTable('Deployment', [d], { now: clock.now() })).toBe(
      ['NAME   READY   UP-TO-DATE   AVAILABLE   AGE', 'api    0/2     0            0           0s', ''].join('\n'),
    );
  });

  it('replicasets: DESIRED CURRENT READY; with kind prefixes as in `get all`', () => {
    const { store, clock } = world();
    const m = deploymentManifest('api-7d8f9c6b4', 3);
    const rs = put(store, { ...m, kind: 'ReplicaSet' }, { replicas: 3, readyReplicas: 1 });
    clock.advance('3h2m');
    expect(printTable('ReplicaSet', [rs], { now: clock.now(), withKindPrefix: true, wide: true })).toBe(
      [
        'NAME                            DESIRED   CURRENT   READY   AGE    CONTAINERS   IMAGES        SELECTOR',
        'replicaset.apps/api-7d8f9c6b4   3         3         1       3h2m   api          myapp:1.4.2   app=api-7d8f9c6b4',
        '',
      ].join('\n'),
    );
  });
});

function service(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec };
}

describe('services and endpoints', () => {
  it('ClusterIP, NodePort and LoadBalancer (pending and assigned), headless', () => {
    const { store, clock } = world();
    const objs: KubeObject[] = [
      put(store, service('api', { clusterIP: '10.96.0.20', selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080 }] })),
      put(store, service('np', { type: 'NodePort', selector: { app: 'api' }, ports: [{ port: 80, nodePort: 30080 }] })),
      put(store, service('lb', { type: 'LoadBalancer', ports: [{ port: 443, nodePort: 31443 }] })),
      put(store, service('lb2', { type: 'LoadBalancer', ports: [{ port: 443 }] }), {
        loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'a.example.com' }] },
      }),
      put(store, service('headless', { clusterIP: 'None', selector: { app: 'db' } })),
    ];
    const out = printTable('Service', objs, { now: clock.now(), wide: true }).split('\n');
    const cells = out.map((l) => l.split(/\s{2,}/));
    expect(cells[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
    expect(cells[1]).toEqual(['api', 'ClusterIP', expect.stringMatching(/^10\.96\./), '<none>', '80/TCP', '0s', 'app=api']);
    expect(cells[2]!.slice(1, 7)).toEqual(['NodePort', expect.any(String), '<none>', '80:30080/TCP', '0s', 'app=api']);
    expect(cells[3]!.slice(3, 7)).toEqual(['<pending>', '443:31443/TCP', '0s', '<none>']);
    expect(cells[4]![3]).toBe('203.0.113.9,a.example.com');
    expect(cells[5]!.slice(1, 5)).toEqual(['ClusterIP', 'None', '<none>', '<none>']);
  });

  it('endpoints list ip:port, cut after three with "+ N more..."', () => {
    const { store, clock } = world();
    const addresses = ['10.244.1.2', '10.244.1.3', '10.244.2.2', '10.244.2.3', '10.244.3.2'].map((ip) => ({ ip }));
    const ep = put(store, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'api' }, subsets: [{ addresses, ports: [{ port: 8080 }] }] });
    const empty = put(store, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'none' } });
    expect(printTable('Endpoints', [ep, empty], { now: clock.now() })).toBe(
      [
        'NAME   ENDPOINTS                                                     AGE',
        'api    10.244.1.2:8080,10.244.1.3:8080,10.244.2.2:8080 + 2 more...   0s',
        'none   <none>                                                        0s',
        '',
      ].join('\n'),
    );
  });

  it('endpointslices: ADDRESSTYPE, PORTS, ENDPOINTS', () => {
    const { store, clock } = world();
    const slice = put(store, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'api-x7k2p', labels: { 'kubernetes.io/service-name': 'api' } },
      addressType: 'IPv4',
      ports: [{ port: 8080, protocol: 'TCP' }],
      endpoints: [{ addresses: ['10.244.1.2'] }, { addresses: ['10.244.1.3'] }],
    });
    expect(tableRow('EndpointSlice', slice, clock.now())).toEqual(['api-x7k2p', 'IPv4', '8080', '10.244.1.2,10.244.1.3', '0s']);
  });
});

describe('cluster-scoped kinds', () => {
  it('nodes: Ready, NotReady (Unknown too), SchedulingDisabled, roles; wide adds addresses and versions', () => {
    const { store, clock } = world();
    const n1 = put(store, nodeManifest('node-1', { 'node-role.kubernetes.io/control-plane': '' }), nodeStatus('True', '172.18.0.2'));
    const n2 = put(store, nodeManifest('node-2'), nodeStatus('Unknown', '172.18.0.3'));
    store.update({ kind: 'Node', name: 'node-2' }, (n: { spec: { unschedulable?: boolean } }) => {
      n.spec.unschedulable = true;
    });
    const n2c = store.get('Node', undefined, 'node-2')!;
    clock.advance('49h');
    expect(n2).toBeDefined();
    expect(printTable('Node', [n1, n2c], { now: clock.now(), wide: true })).toBe(
      [
        'NAME     STATUS                        ROLES           AGE    VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME',
        'node-1   Ready                         control-plane   2d1h   v1.32.0   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.1.0            containerd://1.7.0',
        'node-2   NotReady,SchedulingDisabled   <none>          2d1h   v1.32.0   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.1.0            containerd://1.7.0',
        '',
      ].join('\n'),
    );
  });

  it('namespaces, secrets, configmaps and leases', () => {
    const { store, clock } = world();
    const ns = store.get('Namespace', undefined, 'default')!;
    const secret = put(store, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { user: 'YQ==', pass: 'Yg==' } });
    const cm = put(store, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } });
    const lease = put(store, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'node-1', namespace: 'kube-node-lease' },
      spec: { holderIdentity: 'node-1' },
    });
    expect(tableRow('Namespace', ns, clock.now())).toEqual(['default', 'Active', '0s']);
    expect(tableRow('Secret', secret, clock.now())).toEqual(['db', 'Opaque', 2, '0s']);
    expect(tableRow('ConfigMap', cm, clock.now())).toEqual(['cfg', 1, '0s']);
    expect(tableRow('Lease', lease, clock.now())).toEqual(['node-1', 'node-1', '0s']);
  });
});

describe('events', () => {
  it('LAST SEEN TYPE REASON OBJECT MESSAGE; wide adds SUBOBJECT SOURCE FIRST SEEN COUNT NAME', () => {
    const { store, clock } = world();
    const ev = put(store, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.17a2' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container\nsecond line',
      type: 'Warning',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: new Date(T0).toISOString(),
      lastTimestamp: new Date(T0 + 60_000).toISOString(),
      count: 4,
    });
    clock.advance('90s');
    expect(printTable('Event', [ev], { now: clock.now() })).toBe(
      [
        'LAST SEEN   TYPE      REASON    OBJECT    MESSAGE',
        '30s         Warning   BackOff   pod/web   Back-off restarting failed container...',
        '',
      ].join('\n'),
    );
    expect(tableRow('Event', ev, clock.now()).slice(4)).toEqual(['spec.containers{app}', 'kubelet, node-1', 'Back-off restarting failed container\nsecond line', '90s', 4, 'web.17a2']);
  });
});

describe('noResourcesMessage', () => {
  it('names the namespace, or none with -A', () => {
    expect(noResourcesMessage('default')).toBe('No resources found in default namespace.');
    expect(noResourcesMessage()).toBe('No resources found');
  });
});
