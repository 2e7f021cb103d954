/** The pod template block of `kubectl rollout history --revision=N`, tabs and all. */
import { describe, expect, it } from 'vitest';
import type { PodTemplateSpec } from '../../../src/api/pod.js';
import { describePodTemplate, describeProbe } from '../../../src/kubectl/rollout/index.js';

describe('describeProbe (DescribeProbe)', () => {
  it.each([
    { name: 'http-get', probe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 }, expected: 'http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3' },
    { name: 'tcp-socket', probe: { tcpSocket: { port: 'http' }, initialDelaySeconds: 5, periodSeconds: 2, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 }, expected: 'tcp-socket :http delay=5s timeout=1s period=2s #success=1 #failure=3' },
    { name: 'exec', probe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 }, expected: 'exec [cat /tmp/ready] delay=0s timeout=1s period=10s #success=1 #failure=3' },
  ])('$name', ({ probe, expected }) => {
    expect(describeProbe(probe as never)).toBe(expected);
  });
});

describe('describePodTemplate', () => {
  it('prints command, resources, probes, env from secrets, mounts, volumes and tolerations the way describe does', () => {
    const t = {
      metadata: { labels: { app: 'api' } },
      spec: {
        containers: [
          {
            name: 'api',
            image: 'myapp:1.5',
            command: ['/app', '--serve'],
            ports: [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090, protocol: 'TCP' }],
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
            readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
            env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
            volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }],
          },
        ],
        volumes: [{ name: 'config', configMap: { name: 'app-config' } }],
        tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      },
    } as unknown as PodTemplateSpec;
    expect(describePodTemplate(t)).toBe(
      [
        'Pod Template:',
        '  Labels:\tapp=api',
        '  Containers:',
        '   api:',
        '    Image:\tmyapp:1.5',
        '    Ports:\t8080/TCP, 9090/TCP',
        '    Host Ports:\t0/TCP, 0/TCP',
        '    Command:',
        '      /app',
        '      --serve',
        '    Limits:',
        '      memory:\t128Mi',
        '    Requests:',
        '      cpu:\t100m',
        '      memory:\t64Mi',
        '    Readiness:\thttp-get http://:8080/ready delay=0s timeout=1s period=5s #success=1 #failure=3',
        '    Environment:',
        "      DB_PASSWORD:\t<set to the key 'password' in secret 'db'>\tOptional: false",
        '    Mounts:',
        '      /etc/app from config (ro)',
        '  Volumes:',
        '   config:',
        '    Type:\tConfigMap (a volume populated by a ConfigMap)',
        '    Name:\tapp-config',
        '    Optional:\tfalse',
        '  Node-Selectors:\t<none>',
        '  Tolerations:\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        '',
      ].join('\n'),
    );
  });
});

describe('annotations in the pod template', () => {
  it('puts a long value under its key, cut at 138 characters, and leaves last-applied-configuration out', () => {
    const long = `kubectl set image deployment/api api=myapp:1.5.0 --record=true ${'x'.repeat(120)}`;
    const t = {
      metadata: { labels: { app: 'api' }, annotations: { 'kubernetes.io/change-cause': long, 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'a.io/short': 'yes' } },
      spec: { containers: [] },
    } as unknown as PodTemplateSpec;
    const text = describePodTemplate(t);
    expect(text).toContain(`  Annotations:\ta.io/short: yes\n\tkubernetes.io/change-cause:\n\t  ${long.slice(0, 138)}...\n`);
    expect(text).not.toContain('last-applied');
    expect(text).toContain('  Containers: <none>\n');
  });
});
