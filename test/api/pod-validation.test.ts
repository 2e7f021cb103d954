import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit } from '../../src/api/admit.js';
import { fieldErrorMessage } from '../../src/api/errors.js';
import { applyPodSpecDefaults, podDef, PodTemplateSpecSchema } from '../../src/api/pod.js';
import { replicaSetDef } from '../../src/api/replicaset.js';
import { validatePodTemplateSpec } from '../../src/api/validation/pod.js';
import { deepFreeze } from '../../src/api/freeze.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../../src/api/validation/names.js';

const problems = (input: unknown): string[] => causesOf(() => admit(podDef, input));

function pod(spec: Record<string, unknown>, name = 'web', annotations?: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) }, spec };
}

const web = { name: 'web', image: 'nginx' };
const withContainer = (c: Record<string, unknown>) => ({ containers: [{ ...web, ...c }] });
const c0 = 'spec.containers[0]';

describe('Pod validation', () => {
  it('words a single error as the API server does', () => {
    expect(() => admit(podDef, pod({ containers: [{ name: 'web' }] }))).toThrow('Pod "web" is invalid: spec.containers[0].image: Required value');
  });

  it('reports every error of a pod together, in brackets', () => {
    expect(() => admit(podDef, pod({ containers: [{ name: 'web' }], restartPolicy: 'Sometimes' }))).toThrow(
      'Pod "web" is invalid: [spec.containers[0].image: Required value, ' +
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]',
    );
  });

  it('requires a DNS subdomain name, and tells why', () => {
    expect(() => admit(podDef, pod(withContainer({}), 'Web'))).toThrow(
      'Pod "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case ' +
        "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', " +
        "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  });

  const cases: { name: string; spec: Record<string, unknown>; expected: string[] }[] = [
    { name: 'a valid pod', spec: withContainer({ ports: [{ name: 'http', containerPort: 80 }] }), expected: [] },
    { name: 'containers are required', spec: {}, expected: ['spec.containers: Required value'] },
    { name: 'container names are unique', spec: { containers: [web, web] }, expected: ['spec.containers[1].name: Duplicate value: "web"'] },
    {
      name: 'container names are DNS labels',
      spec: { containers: [{ name: 'Web_1', image: 'nginx' }] },
      expected: isDNS1123Label('Web_1').map((m) => `${c0}.name: Invalid value: "Web_1": ${m}`),
    },
    {
      name: 'an image must not be padded',
      spec: withContainer({ image: ' nginx ' }),
      expected: [`${c0}.image: Invalid value: " nginx ": must not have leading or trailing whitespace`],
    },
    {
      name: 'container ports',
      spec: withContainer({
        ports: [
          { containerPort: 0 },
          { name: 'http', containerPort: 70000 },
          { name: 'http', containerPort: 81, protocol: 'HTTP' },
          { name: 'web-http-server-1', containerPort: 82 },
        ],
      }),
      expected: [
        `${c0}.ports[0].containerPort: Required value`,
        `${c0}.ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
        `${c0}.ports[2].name: Duplicate value: "http"`,
        `${c0}.ports[2].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
        `${c0}.ports[3].name: Invalid value: "web-http-server-1": must be no more than 15 characters`,
      ],
    },
    {
      name: 'port names are unique per container, not per pod',
      spec: { containers: [{ ...web, ports: [{ name: 'http', containerPort: 80 }] }, { name: 'b', image: 'x', ports: [{ name: 'http', containerPort: 81 }] }] },
      expected: [],
    },
    {
      name: 'two containers may not share a host port',
      spec: { containers: [{ ...web, ports: [{ containerPort: 80, hostPort: 80 }] }, { name: 'b', image: 'x', ports: [{ containerPort: 81, hostPort: 80 }] }] },
      expected: ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//80"'],
    },
    {
      name: 'with hostNetwork, host and container port agree',
      spec: { hostNetwork: true, ...withContainer({ ports: [{ containerPort: 80, hostPort: 8080 }] }) },
      expected: [`${c0}.ports[0].hostPort: Invalid value: 8080: must match \`containerPort\` when \`hostNetwork\` is true`],
    },
    {
      name: 'pod policies',
      spec: { ...withContainer({}), restartPolicy: 'Sometimes', dnsPolicy: 'Google', preemptionPolicy: 'Always' },
      expected: [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
        'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
        'spec.preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"',
      ],
    },
    {
      name: 'dnsPolicy None needs a dnsConfig',
      spec: { ...withContainer({}), dnsPolicy: 'None' },
      expected: ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'],
    },
    {
      name: 'container policies',
      spec: withContainer({ imagePullPolicy: 'Maybe', terminationMessagePolicy: 'Log' }),
      expected: [
        `${c0}.terminationMessagePolicy: Unsupported value: "Log": supported values: "File", "FallbackToLogsOnError"`,
        `${c0}.imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never"`,
      ],
    },
    {
      name: 'probes',
      spec: withContainer({
        livenessProbe: { periodSeconds: 5 },
        readinessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 }, terminationGracePeriodSeconds: 5 },
        startupProbe: { httpGet: { port: 0, scheme: 'FTP' }, successThreshold: 2, timeoutSeconds: -1 },
      }),
      expected: [
        `${c0}.livenessProbe: Required value: must specify a handler type`,
        `${c0}.readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`,
        `${c0}.readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes`,
        `${c0}.startupProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive`,
        `${c0}.startupProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"`,
        `${c0}.startupProbe.timeoutSeconds: Invalid value: -1: must be greater than or equal to 0`,
        `${c0}.startupProbe.successThreshold: Invalid value: 2: must be 1`,
      ],
    },
    {
      name: 'a liveness probe succeeds once; exec needs a command; a named port must be an IANA name',
      spec: withContainer({ livenessProbe: { exec: {}, successThreshold: 3 }, readinessProbe: { tcpSocket: { port: 'HTTP' }, successThreshold: 3 } }),
      expected: [
        `${c0}.livenessProbe.exec.command: Required value`,
        `${c0}.livenessProbe.successThreshold: Invalid value: 3: must be 1`,
        `${c0}.readinessProbe.tcpSocket.port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
        `${c0}.readinessProbe.tcpSocket.port: Invalid value: "HTTP": must contain at least one letter (a-z)`,
      ],
    },
    {
      name: 'a preStop sleep fits in the grace period',
      spec: { ...withContainer({ lifecycle: { preStop: { sleep: { seconds: 60 } } } }), terminationGracePeriodSeconds: 30 },
      expected: [
        `${c0}.lifecycle.preStop.sleep: Invalid value: 60: must be greater than 0 and less than terminationGracePeriodSeconds (30). ` +
          'Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.',
      ],
    },
    {
      name: 'environment variables',
      spec: withContainer({
        env: [
          { value: 'x' },
          { name: 'A=B' },
          { name: 'S', valueFrom: {} },
          { name: 'T', value: 'v', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } },
          { name: 'U', valueFrom: { secretKeyRef: { name: 'db' } } },
          { name: 'F', valueFrom: { fieldRef: { fieldPath: 'spec.restartPolicy' } } },
          { name: 'G', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a' }, secretKeyRef: { name: 's', key: 'b' } } },
          { name: 'my.var-1', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        ],
      }),
      expected: [
        `${c0}.env[0].name: Required value`,
        `${c0}.env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
        `${c0}.env[2].valueFrom: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\``,
        `${c0}.env[3].valueFrom: Invalid value: "": may not be specified when \`value\` is not empty`,
        `${c0}.env[4].valueFrom.secretKeyRef.key: Required value`,
        `${c0}.env[5].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", ` +
          '"metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", ' +
          '"status.podIP", "status.podIPs"',
        `${c0}.env[6].valueFrom: Invalid value: "": may not have more than one field specified at a time`,
      ],
    },
    {
      name: 'envFrom names its source',
      spec: withContainer({ envFrom: [{ configMapRef: { name: 'cfg' } }, { prefix: 'X_' }, { secretRef: {} }] }),
      expected: [`${c0}.envFrom: Invalid value: "": must specify one of: \`configMapRef\` or \`secretRef\``, `${c0}.envFrom[2].secretRef.name: Required value`],
    },
    {
      name: 'a request above its limit',
      spec: withContainer({ resources: { limits: { cpu: '500m' }, requests: { cpu: 1 } } }),
      expected: [`${c0}.resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m`],
    },
    {
      name: 'amounts and resource names',
      spec: withContainer({ resources: { limits: { cpu: '-1', gpu: '1', memory: '12 Mi' } } }),
      expected: [
        `${c0}.resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0`,
        `${c0}.resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
        `${c0}.resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers`,
        `${c0}.resources.limits[memory]: Invalid value: "12 Mi": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
        // Requests defaulted from the limits that parse are reported too, as Kubernetes does.
        `${c0}.resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0`,
        `${c0}.resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
        `${c0}.resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers`,
      ],
    },
    {
      name: 'extended resources come whole and are never overcommitted',
      spec: withContainer({ resources: { limits: { 'nvidia.com/gpu': '1' }, requests: { 'nvidia.com/gpu': 0.5, 'example.com/foo': 2 } } }),
      expected: [
        `${c0}.resources.requests[nvidia.com/gpu]: Invalid value: "500m": must be an integer`,
        `${c0}.resources.requests: Invalid value: "500m": must be equal to nvidia.com/gpu limit of 1`,
        `${c0}.resources.limits: Required value: Limit must be set for non overcommitable resources`,
      ],
    },
    {
      name: 'tolerations',
      spec: {
        ...withContainer({}),
        tolerations: [
          { operator: 'Equal', value: 'x' },
          { key: 'k', operator: 'Bogus', effect: 'NoRun' },
          { key: 'k', operator: 'Exists', value: 'v', effect: 'NoSchedule', tolerationSeconds: 5 },
        ],
      },
      expected: [
        'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
        'spec.tolerations[1].operator: Unsupported value: "Bogus": supported values: "Equal", "Exists"',
        'spec.tolerations[1].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
        "spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
        "spec.tolerations[2].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
      ],
    },
    {
      name: 'node selector, node name and deadline',
      spec: { ...withContainer({}), nodeSelector: { 'disk type': 'ssd' }, nodeName: 'Node_1', activeDeadlineSeconds: 0 },
      expected: [
        ...isQualifiedName('disk type').map((m) => `spec.nodeSelector: Invalid value: "disk type": ${m}`),
        ...isDNS1123Subdomain('Node_1').map((m) => `spec.nodeName: Invalid value: "Node_1": ${m}`),
        'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
      ],
    },
    {
      name: 'node affinity',
      spec: {
        ...withContainer({}),
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] },
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } }],
          },
        },
      },
      expected: [
        'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: ' +
          "Required value: must be specified when `operator` is 'In' or 'NotIn'",
        'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
      ],
    },
    {
      name: 'volumes',
      spec: {
        ...withContainer({ volumeMounts: [{ name: 'd', mountPath: '/data' }, { name: 'c', mountPath: '/data' }] }),
        volumes: [{ name: 'd', emptyDir: {}, hostPath: { path: '/x' } }, { name: 'c', configMap: {} }, { name: 'h', hostPath: { path: '/x', type: 'Pipe' } }],
      },
      expected: [
        'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
        'spec.volumes[1].configMap.name: Required value',
        'spec.volumes[2].hostPath.type: Unsupported value: "Pipe": supported values: "", "BlockDevice", "CharDevice", "Directory", ' +
          '"DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
        `${c0}.volumeMounts[1].mountPath: Invalid value: "/data": must be unique`,
      ],
    },
    { name: 'volume names are unique', spec: { ...withContainer({}), volumes: [{ name: 'd' }, { name: 'd' }] }, expected: ['spec.volumes[1].name: Duplicate value: "d"'] },
    {
      name: 'init containers: one namespace of names, no probes unless a sidecar',
      spec: {
        ...withContainer({}),
        initContainers: [
          { name: 'web', image: 'busybox', readinessProbe: { exec: { command: ['true'] } } },
          { name: 'side', image: 'envoy', restartPolicy: 'OnFailure' },
          { name: 'proxy', image: 'envoy', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 15000 } } },
        ],
      },
      expected: [
        'spec.initContainers[0].name: Duplicate value: "web"',
        'spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
        'spec.initContainers[1].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      ],
    },
    {
      name: 'a regular container may not set restartPolicy',
      spec: withContainer({ restartPolicy: 'Always' }),
      expected: [`${c0}.restartPolicy: Forbidden: may not be set for non-init containers`],
    },
  ];
  it.each(cases)('$name', ({ spec, expected }) => {
    expect(problems(pod(spec))).toEqual(expected);
  });

  it('checks the pod-deletion-cost annotation the ReplicaSet controller reads', () => {
    expect(problems(pod(withContainer({}), 'web', { 'controller.kubernetes.io/pod-deletion-cost': '+10' }))).toEqual([
      'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+10": must be a 32bit integer',
    ]);
    expect(problems(pod(withContainer({}), 'web', { 'controller.kubernetes.io/pod-deletion-cost': '-100' }))).toEqual([]);
  });

  it('names the field of a wrong type', () => {
    expect(problems(pod({ containers: {} }))).toEqual(['spec.containers: Invalid value: {}: must be of type array']);
    // The type's name is admission's business (admit.ts); the path is the schema's.
    const [wrong, ...more] = problems(pod(withContainer({ ports: [{ containerPort: '80' }] })));
    expect(more).toEqual([]);
    expect(wrong).toMatch(/^spec\.containers\[0\]\.ports\[0\]\.containerPort: Invalid value: "80": must be of type /);
  });
});

describe('validatePodTemplateSpec', () => {
  function template(input: Record<string, unknown>) {
    const t = PodTemplateSpecSchema.parse(input);
    applyPodSpecDefaults(t.spec);
    return t;
  }
  const messages = (input: Record<string, unknown>, opts?: Parameters<typeof validatePodTemplateSpec>[2]) =>
    validatePodTemplateSpec(template(input), 'spec.template', opts).map(fieldErrorMessage);
  const workload = { allowedRestartPolicies: ['Always'] };

  it('accepts a workload template', () => {
    expect(messages({ metadata: { labels: { app: 'web' } }, spec: { containers: [web] } }, workload)).toEqual([]);
  });

  it('allows a workload only restartPolicy Always', () => {
    expect(messages({ spec: { containers: [web], restartPolicy: 'Never' } }, workload)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
    expect(messages({ spec: { containers: [web], restartPolicy: 'Never' } })).toEqual([]);
  });

  it('reports template labels at `labels`, as Kubernetes does, and the spec under `spec`', () => {
    expect(messages({ metadata: { labels: { app: 'web site' } }, spec: {} })).toEqual([
      'spec.template.labels[app]: Invalid value: "web site": a valid label must be an empty string or consist of alphanumeric ' +
        "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  " +
        "or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      'spec.template.spec.containers: Required value',
    ]);
  });

  it('forbids activeDeadlineSeconds when asked', () => {
    const t = { spec: { containers: [web], activeDeadlineSeconds: 60 } };
    expect(messages(t, { ...workload, forbidActiveDeadlineSeconds: true })).toEqual([
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    ]);
    expect(messages(t, workload)).toEqual([]);
  });

  it('allows a placeholder image in a template, unlike in a pod', () => {
    expect(messages({ spec: { containers: [{ name: 'web', image: ' ' }] } })).toEqual([]);
  });
});

describe('checks that remember what passed', () => {
  it('refuses a bad label key or value every time, after good ones were remembered', () => {
    for (let i = 0; i < 3; i++) {
      expect(isQualifiedName('app')).toEqual([]);
      expect(isQualifiedName('disk type')).toHaveLength(1);
    }
  });

  it('checks a frozen label set once, and a bad frozen one every time it is handed on', () => {
    const good = Object.freeze({ app: 'web' });
    const bad = Object.freeze({ 'bad key': 'web' });
    for (let i = 0; i < 3; i++) {
      expect(problems({ ...pod({ containers: [web] }), metadata: { name: `p${i}`, namespace: 'default', labels: good } })).toEqual([]);
      expect(problems({ ...pod({ containers: [web] }), metadata: { name: `q${i}`, namespace: 'default', labels: bad } })).toEqual(
        isQualifiedName('bad key').map((m) => `metadata.labels: Invalid value: "bad key": ${m}`),
      );
    }
  });
});

describe('a frozen pod spec, as every pod of a ReplicaSet shares one', () => {
  // A template spec as the API server holds it — decoded, defaulted, frozen — handed to each pod, as
  // the ReplicaSet controller hands it on.
  const template = (container: Record<string, unknown>) =>
    deepFreeze(
      admit(replicaSetDef, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web', namespace: 'default' },
        spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } } },
      }),
    ).spec.template.spec;
  const goodSpec = template(web);
  const badSpec = deepFreeze({ ...structuredClone(goodSpec), containers: [{ ...structuredClone(goodSpec.containers[0]!), name: 'Web' }] });

  it('is checked once when it passed, and refused every time when it did not', () => {
    const first = admit(podDef, { ...pod({}), metadata: { name: 'p', namespace: 'default' }, spec: goodSpec });
    for (let i = 0; i < 3; i++) {
      // Every pod of the template shares one defaulted, frozen spec.
      expect(admit(podDef, { ...pod({}), metadata: { name: `p${i}`, namespace: 'default' }, spec: goodSpec }).spec).toBe(first.spec);
      expect(problems({ ...pod({}), metadata: { name: `q${i}`, namespace: 'default' }, spec: badSpec })).toEqual([
        expect.stringMatching(/^spec\.containers\[0\]\.name: Invalid value: "Web"/),
      ]);
    }
  });
});
