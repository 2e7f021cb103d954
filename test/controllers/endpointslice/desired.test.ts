import { describe, expect, it } from 'vitest';
import { findPort } from '../../../src/api/pod-endpoints.js';
import type { Pod } from '../../../src/api/pod.js';
import type { Service, ServicePort } from '../../../src/api/service.js';
import { desiredEndpoint, endpointPorts, portKeyOf } from '../../../src/controllers/endpointslice/desired.js';

type Ports = Array<{ name?: string; containerPort: number; protocol?: string }>;
const pod = (containers: Ports[], extra: Partial<Pod['spec']> = {}): Pod =>
  ({
    metadata: { name: 'p', namespace: 'default', uid: 'u-1' },
    spec: { containers: containers.map((ports, i) => ({ name: `c${i}`, image: 'x', ports })), ...extra },
    status: { phase: 'Running', podIP: '10.244.1.5', conditions: [{ type: 'Ready', status: 'True' }] },
  }) as unknown as Pod;
const svcPort = (targetPort: number | string, protocol = 'TCP'): ServicePort => ({ port: 80, targetPort, protocol });

// The cases of Kubernetes' TestFindPort (pkg/api/v1/pod/util_test.go).
describe('findPort', () => {
  it.each([
    { name: 'valid int, no ports', containers: [[]], target: 93, want: 93 },
    { name: 'valid int, with ports', containers: [[{ name: '', containerPort: 11 }]], target: 93, want: 93 },
    { name: 'valid str, no ports', containers: [[]], target: 'p', want: undefined },
    { name: 'valid str, one ctr with no name', containers: [[{ containerPort: 11 }]], target: 'p', want: undefined },
    { name: 'valid str, one ctr with named port', containers: [[{ name: 'p', containerPort: 93 }]], target: 'p', want: 93 },
    { name: 'valid str, two ctr with no name', containers: [[{ containerPort: 11 }], [{ containerPort: 11 }]], target: 'p', want: undefined },
    { name: 'valid str, two ctr with one named', containers: [[{ containerPort: 11 }], [{ name: 'p', containerPort: 93 }]], target: 'p', want: 93 },
    { name: 'valid str, two ctr with two named', containers: [[{ name: 'q', containerPort: 76 }], [{ name: 'p', containerPort: 93 }]], target: 'p', want: 93 },
    { name: 'valid str, protocol mismatch', containers: [[{ name: 'p', containerPort: 93, protocol: 'UDP' }]], target: 'p', want: undefined },
  ])('$name', ({ containers, target, want }) => {
    expect(findPort(pod(containers as Ports[]), svcPort(target))).toBe(want);
  });

  it('a running sidecar (restartable init container) serves a named port', () => {
    const p = pod([[]], { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always', ports: [{ name: 'p', containerPort: 15001 }] }] } as never);
    expect(findPort(p, svcPort('p'))).toBe(15001);
  });
});

describe('desiredEndpoint', () => {
  const svc = { metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] } } as unknown as Service;

  it('is ready when the pod is ready and not terminating; serving follows readiness', () => {
    const p = pod([[{ name: 'http', containerPort: 8080 }]], { nodeName: 'node-1' });
    expect(desiredEndpoint(svc, p, undefined)!.endpoint.conditions).toEqual({ ready: true, serving: true, terminating: false });
    const going = { ...p, metadata: { ...p.metadata, deletionTimestamp: '2024-01-01T00:00:30Z' } } as Pod;
    expect(desiredEndpoint(svc, going, undefined)!.endpoint.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('port sets are keyed without regard to order', () => {
    const a = [{ name: 'a', protocol: 'TCP', port: 1 }, { name: 'b', protocol: 'TCP', port: 2 }];
    expect(portKeyOf(a)).toBe(portKeyOf([...a].reverse()));
    expect(endpointPorts(svc, pod([[{ name: 'http', containerPort: 8080 }]]))).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }]);
  });
});
