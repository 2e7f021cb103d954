import { describe, expect, it } from 'vitest';
import { admit } from '../../src/api/admit.js';
import { deepFreeze } from '../../src/api/freeze.js';
import {
  applyPodSpecDefaults,
  computePodQOS,
  parseImageReference,
  podDef,
  PodTemplateSpecSchema,
  sharedPodCondition,
  type Pod,
} from '../../src/api/pod.js';

function pod(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec, ...extra };
}

/** As the store creates it: the API server gives every new Pod `status: {phase: Pending}`. */
function created(spec: Record<string, unknown>): Pod {
  return admit(podDef, pod(spec, { status: { phase: 'Pending' } }));
}

const nginx = { name: 'nginx', image: 'nginx' };

const defaultTolerations = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

describe('Pod defaults', () => {
  it('gives `kubectl run nginx --image=nginx` every default `kubectl get pod -o yaml` shows', () => {
    expect(created({ containers: [nginx] })).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx',
            imagePullPolicy: 'Always',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        serviceAccount: 'default',
        serviceAccountName: 'default',
        terminationGracePeriodSeconds: 30,
        tolerations: defaultTolerations,
      },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    });
  });

  const pullPolicies: { name: string; image: string; expected: string }[] = [
    { name: 'no tag means latest', image: 'nginx', expected: 'Always' },
    { name: 'the latest tag', image: 'nginx:latest', expected: 'Always' },
    { name: 'a version tag', image: 'nginx:1.25', expected: 'IfNotPresent' },
    { name: 'a registry port is not a tag', image: 'reg:5000/nginx', expected: 'Always' },
    { name: 'a registry port and a tag', image: 'reg:5000/team/nginx:1.25', expected: 'IfNotPresent' },
    { name: 'a digest alone', image: `nginx@sha256:${'a'.repeat(64)}`, expected: 'IfNotPresent' },
    { name: 'latest pinned by digest is still latest', image: `nginx:latest@sha256:${'b'.repeat(64)}`, expected: 'Always' },
    { name: 'localhost registry', image: 'localhost/app', expected: 'Always' },
    { name: 'a reference that does not parse', image: 'Nginx:1', expected: 'IfNotPresent' },
  ];
  it.each(pullPolicies)('imagePullPolicy: $name ($image → $expected)', ({ image, expected }) => {
    expect(created({ containers: [{ name: 'c', image }] }).spec.containers[0]!.imagePullPolicy).toBe(expected);
  });

  it('keeps an imagePullPolicy that is set, and treats "" as unset', () => {
    const p = created({ containers: [{ name: 'a', image: 'nginx', imagePullPolicy: 'Never' }, { name: 'b', image: 'nginx:1', imagePullPolicy: '' }] });
    expect(p.spec.containers.map((c) => c.imagePullPolicy)).toEqual(['Never', 'IfNotPresent']);
  });

  it('parses image references by the distribution grammar', () => {
    expect(parseImageReference('reg:5000/team/app:1.2')).toEqual({ repository: 'reg:5000/team/app', tag: '1.2', digest: '' });
    expect(parseImageReference('app')).toEqual({ repository: 'app', tag: 'latest', digest: '' });
    expect(parseImageReference(`app@sha256:${'c'.repeat(64)}`)).toEqual({ repository: 'app', tag: '', digest: `sha256:${'c'.repeat(64)}` });
    expect(parseImageReference('Nginx')).toBeUndefined();
    expect(parseImageReference('app:')).toBeUndefined();
    expect(parseImageReference('')).toBeUndefined();
  });

  const tolerationCases: { name: string; tolerations: unknown[]; expected: unknown[] }[] = [
    {
      name: 'a toleration for not-ready keeps its own seconds; unreachable is added',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
      expected: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
        defaultTolerations[1],
      ],
    },
    { name: 'tolerate everything: nothing is added', tolerations: [{ operator: 'Exists' }], expected: [{ operator: 'Exists' }] },
    {
      name: 'a NoSchedule toleration does not tolerate NoExecute',
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }],
      expected: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, ...defaultTolerations],
    },
    {
      name: 'an empty effect tolerates every effect of that key',
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }],
      expected: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }, defaultTolerations[0]],
    },
  ];
  it.each(tolerationCases)('DefaultTolerationSeconds: $name', ({ tolerations, expected }) => {
    expect(created({ containers: [nginx], tolerations }).spec.tolerations).toEqual(expected);
  });

  const qosCases: { name: string; resources: Record<string, unknown>[]; expected: string }[] = [
    { name: 'nothing asked: BestEffort', resources: [{}], expected: 'BestEffort' },
    { name: 'requests only: Burstable', resources: [{ requests: { cpu: '100m' } }], expected: 'Burstable' },
    { name: 'limits only (requests default to them): Guaranteed', resources: [{ limits: { cpu: '500m', memory: '128Mi' } }], expected: 'Guaranteed' },
    { name: 'a cpu limit alone: Burstable', resources: [{ limits: { cpu: '500m' } }], expected: 'Burstable' },
    {
      name: 'requests below limits: Burstable',
      resources: [{ requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } }],
      expected: 'Burstable',
    },
    {
      name: 'equal amounts written differently: Guaranteed',
      resources: [{ requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '500m', memory: '1024Mi' } }],
      expected: 'Guaranteed',
    },
    {
      name: 'one container without limits makes the pod Burstable',
      resources: [{ limits: { cpu: '1', memory: '1Gi' } }, {}],
      expected: 'Burstable',
    },
    { name: 'other resources do not count', resources: [{ limits: { 'ephemeral-storage': '1Gi' } }], expected: 'BestEffort' },
    { name: 'zero amounts do not count', resources: [{ requests: { cpu: '0' } }], expected: 'BestEffort' },
  ];
  it.each(qosCases)('qosClass: $name', ({ resources, expected }) => {
    const containers = resources.map((r, i) => ({ name: `c${i}`, image: 'app:1', resources: r }));
    expect(created({ containers }).status?.qosClass).toBe(expected);
  });

  it('records no qosClass on a manifest without status, and keeps one that is recorded', () => {
    expect(admit(podDef, pod({ containers: [nginx] })).status).toBeUndefined();
    const p = admit(podDef, pod({ containers: [nginx] }, { status: { phase: 'Running', qosClass: 'Burstable' } }));
    expect(p.status?.qosClass).toBe('Burstable');
  });

  it('computes the class from a spec alone (for kubectl describe)', () => {
    expect(computePodQOS({ containers: [{ ...created({ containers: [nginx] }).spec.containers[0]!, resources: { requests: { memory: '1Mi' } } }] })).toBe(
      'Burstable',
    );
  });

  it('defaults probes (SetDefaults_Probe, SetDefaults_HTTPGetAction) and keeps what is written', () => {
    const c = created({
      containers: [
        {
          ...nginx,
          readinessProbe: { httpGet: { port: 80 } },
          livenessProbe: { tcpSocket: { port: 'http' }, initialDelaySeconds: 5, periodSeconds: 0, failureThreshold: 6 },
        },
      ],
    }).spec.containers[0]!;
    expect(c.readinessProbe).toEqual({
      httpGet: { path: '/', port: 80, scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.livenessProbe).toEqual({
      tcpSocket: { port: 'http' },
      initialDelaySeconds: 5,
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 6,
    });
  });

  it('defaults ports, volumes and env field references', () => {
    const p = created({
      containers: [{ ...nginx, ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }], env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }],
      volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'app' } }, { name: 'key', secret: { secretName: 'tls' } }, { name: 'h', hostPath: { path: '/tmp' } }],
    });
    expect(p.spec.containers[0]!.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }]);
    expect(p.spec.containers[0]!.env).toEqual([{ name: 'N', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }]);
    expect(p.spec.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'app', defaultMode: 420 } },
      { name: 'key', secret: { secretName: 'tls', defaultMode: 420 } },
      { name: 'h', hostPath: { path: '/tmp', type: '' } },
    ]);
  });

  it('reads quantities back canonically, rounded up to milli-units, and requests default to limits', () => {
    const c = created({ containers: [{ ...nginx, resources: { limits: { cpu: 0.5, memory: '1024Mi' }, requests: { cpu: '0.1m' } } }] }).spec.containers[0]!;
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '1m', memory: '1Gi' } });
  });

  it('with hostNetwork, a container port is also the host port', () => {
    const p = created({ hostNetwork: true, containers: [{ ...nginx, ports: [{ containerPort: 8080 }] }] });
    expect(p.spec.containers[0]!.ports).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }]);
  });

  it('mirrors the deprecated serviceAccount field, and gives system-critical pods their priority', () => {
    expect(created({ containers: [nginx], serviceAccount: 'robot' }).spec).toMatchObject({ serviceAccountName: 'robot', serviceAccount: 'robot' });
    expect(created({ containers: [nginx], serviceAccountName: 'ci', serviceAccount: 'old' }).spec).toMatchObject({ serviceAccountName: 'ci', serviceAccount: 'ci' });
    expect(created({ containers: [nginx], priorityClassName: 'system-node-critical' }).spec.priority).toBe(2000001000);
  });

  it('treats Go zero values as unset where Kubernetes defaults them', () => {
    const p = created({ containers: [{ ...nginx, terminationMessagePolicy: '', ports: [{ containerPort: 80, protocol: '' }] }], restartPolicy: '', dnsPolicy: '' });
    expect(p.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' });
    expect(p.spec.containers[0]).toMatchObject({ terminationMessagePolicy: 'File', ports: [{ protocol: 'TCP' }] });
    // terminationGracePeriodSeconds is a pointer: 0 means "stop at once", not "unset".
    expect(created({ containers: [nginx], terminationGracePeriodSeconds: 0 }).spec.terminationGracePeriodSeconds).toBe(0);
  });

  it('keeps fields it does not model', () => {
    const p = created({ containers: [{ ...nginx, future: { a: 1 } }], runtimeClassName: 'gvisor', somethingNew: true });
    expect(p.spec).toMatchObject({ runtimeClassName: 'gvisor', somethingNew: true });
    expect(p.spec.containers[0]).toMatchObject({ future: { a: 1 } });
  });

  it('is idempotent: defaulting a defaulted pod changes nothing', () => {
    const once = created({
      containers: [{ ...nginx, resources: { limits: { cpu: '1' } }, ports: [{ containerPort: 80 }], livenessProbe: { exec: { command: ['true'] } } }],
      tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }],
      volumes: [{ name: 'v' }],
    });
    expect(admit(podDef, structuredClone(once))).toEqual(once);
  });

  it('gives pods made from one frozen template spec one defaulted spec, the same as defaulting a copy', () => {
    // As a ReplicaSet holds it: decoded and defaulted as a template, then frozen by the store.
    const spec = deepFreeze(
      PodTemplateSpecSchema.parse({
        spec: {
          containers: [{ ...nginx, resources: { limits: { cpu: '1' } } }],
          tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
        },
      }).spec,
    );
    const first = created(spec);
    const second = created(spec);
    expect(second.spec).toBe(first.spec);
    expect(Object.isFrozen(first.spec)).toBe(true);
    expect(first).toEqual(created(structuredClone(spec)));
    expect(first.spec.containers[0]!.resources).toEqual({ limits: { cpu: '1' }, requests: { cpu: '1' } });
    expect(first.status?.qosClass).toBe('Burstable');
  });
});

describe('Pod template defaults', () => {
  it('gives a template what a Deployment shows, and none of what only a Pod gets', () => {
    const tmpl = PodTemplateSpecSchema.parse({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', resources: { limits: { cpu: '1' } } }] } });
    applyPodSpecDefaults(tmpl.spec);
    expect(tmpl).toEqual({
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.25',
            imagePullPolicy: 'IfNotPresent',
            resources: { limits: { cpu: '1' } },
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    });
  });

  it('gives a template without metadata an empty one', () => {
    expect(PodTemplateSpecSchema.parse({ spec: { containers: [] } }).metadata).toEqual({});
  });
});

describe('sharedPodCondition', () => {
  it('gives equal conditions one frozen object, and different ones their own', () => {
    const ready = (extra: object = {}) => ({ type: 'Ready', status: 'True' as const, lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:01Z', ...extra });
    const a = sharedPodCondition(ready());
    expect(sharedPodCondition(ready())).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(a).toEqual(ready());
    expect(sharedPodCondition(ready({ reason: 'X' }))).not.toBe(a);
    expect(sharedPodCondition(ready({ reason: '' }))).toEqual(ready({ reason: '' }));
    expect(sharedPodCondition(ready({ lastTransitionTime: '2024-01-01T00:00:02Z' }))).not.toBe(a);
    // Fields of their own tell two conditions apart as much as the usual ones do.
    const generation3 = sharedPodCondition(ready({ observedGeneration: 3 }));
    expect(sharedPodCondition(ready({ observedGeneration: 4 }))).toEqual(ready({ observedGeneration: 4 }));
    expect(sharedPodCondition(ready({ observedGeneration: 3 }))).toBe(generation3);
  });
});
