import { describe, expect, it } from 'vitest';
import { admit, admitStatus } from '../../src/api/admit.js';
import { isStatusError } from '../../src/api/errors.js';
import { podDef, type Pod } from '../../src/api/pod.js';
import { POD_UPDATE_FORBIDDEN_MSG } from '../../src/api/validation/pod.js';

/** A pod as the store holds it after create, optionally changed by `edit` before admission. */
function stored(edit: (spec: Record<string, unknown>) => void = () => {}): Pod {
  const spec: Record<string, unknown> = {
    containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }],
    restartPolicy: 'Never',
  };
  edit(spec);
  return admit(podDef, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec, status: { phase: 'Pending' } });
}

/** The problems of replacing `old` by `next` (a full object, as a PUT sends it). */
function updateProblems(old: Pod, next: Pod): string[] {
  try {
    admit(podDef, structuredClone(next), old);
  } catch (e) {
    if (isStatusError(e)) return (e.status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
    throw e;
  }
  return [];
}

function statusProblems(old: Pod, status: unknown): string[] {
  try {
    admitStatus(podDef, old, status);
  } catch (e) {
    if (isStatusError(e)) return (e.status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
    throw e;
  }
  return [];
}

const FORBIDDEN = `spec: Forbidden: ${POD_UPDATE_FORBIDDEN_MSG}`;

describe('Pod updates', () => {
  it('words the forbidden-change error as the API server does', () => {
    const old = stored();
    const next = structuredClone(old);
    next.spec.containers[0]!.ports![0]!.containerPort = 8080;
    expect(() => admit(podDef, next, old)).toThrow(
      'Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,' +
        '`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
        '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
  });

  const cases: { name: string; old?: (s: Record<string, unknown>) => void; change: (p: Pod) => void; expected: string[] }[] = [
    { name: 'a new image', change: (p) => void (p.spec.containers[0]!.image = 'nginx:1.26'), expected: [] },
    { name: 'labels and annotations', change: (p) => void (p.metadata.labels = { app: 'web' }), expected: [] },
    { name: 'a port', change: (p) => void (p.spec.containers[0]!.ports![0]!.containerPort = 81), expected: [FORBIDDEN] },
    { name: 'the restart policy', change: (p) => void (p.spec.restartPolicy = 'Always'), expected: [FORBIDDEN] },
    {
      name: 'another container',
      change: (p) => void p.spec.containers.push({ ...p.spec.containers[0]!, name: 'sidecar' }),
      expected: ['spec.containers: Forbidden: pod updates may not add or remove containers'],
    },
    {
      name: 'an added toleration',
      change: (p) => void p.spec.tolerations!.push({ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }),
      expected: [],
    },
    { name: "a toleration's seconds", change: (p) => void (p.spec.tolerations![0]!.tolerationSeconds = 30), expected: [] },
    {
      name: 'a changed toleration',
      old: (s) => void (s.tolerations = [{ key: 'gpu', operator: 'Equal', value: 'a100', effect: 'NoSchedule' }]),
      change: (p) => void (p.spec.tolerations![0]!.value = 'h100'),
      expected: ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'],
    },
    { name: 'a deadline set', change: (p) => void (p.spec.activeDeadlineSeconds = 600), expected: [] },
    {
      name: 'a deadline extended',
      old: (s) => void (s.activeDeadlineSeconds = 60),
      change: (p) => void (p.spec.activeDeadlineSeconds = 120),
      expected: ['spec.activeDeadlineSeconds: Invalid value: 120: must be less than or equal to previous value'],
    },
    {
      name: 'a deadline removed',
      old: (s) => void (s.activeDeadlineSeconds = 60),
      change: (p) => void delete p.spec.activeDeadlineSeconds,
      expected: ['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value'],
    },
    {
      name: 'a negative grace period corrected to 1',
      old: (s) => void (s.terminationGracePeriodSeconds = -1),
      change: (p) => void (p.spec.terminationGracePeriodSeconds = 1),
      expected: [],
    },
    { name: 'the grace period otherwise', change: (p) => void (p.spec.terminationGracePeriodSeconds = 10), expected: [FORBIDDEN] },
  ];
  it.each(cases)('$name', ({ old: editOld, change, expected }) => {
    const old = stored(editOld);
    const next = structuredClone(old);
    change(next);
    expect(updateProblems(old, next)).toEqual(expected);
  });

  it('accepts the stored pod itself, and a manifest re-sent without the defaults', () => {
    const old = stored();
    expect(updateProblems(old, old)).toEqual([]);
    const manifest = { ...old, spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }], restartPolicy: 'Never' } };
    expect(updateProblems(old, manifest as unknown as Pod)).toEqual([]);
  });
});

describe('Pod status updates', () => {
  const running = { phase: 'Running', qosClass: 'BestEffort', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], hostIP: '172.18.0.2', hostIPs: [{ ip: '172.18.0.2' }] };
  const state = (s: Record<string, unknown>) => [{ name: 'web', image: 'nginx:1.25', ready: false, restartCount: 0, state: s }];

  it('accepts what a kubelet reports, and shows what it did not set as Kubernetes does', () => {
    const p = admitStatus(podDef, stored(), { ...running, containerStatuses: state({ running: { startedAt: '2024-01-01T00:00:00Z' } }) });
    expect(p.status?.containerStatuses?.[0]).toEqual({
      name: 'web',
      image: 'nginx:1.25',
      ready: false,
      restartCount: 0,
      state: { running: { startedAt: '2024-01-01T00:00:00Z' } },
    });
  });

  const cases: { name: string; old?: Record<string, unknown>; status: Record<string, unknown>; expected: string[] }[] = [
    {
      name: 'a finished container of a restartPolicy Never pod stays finished',
      old: { ...running, containerStatuses: state({ terminated: { exitCode: 0 } }) },
      status: { ...running, containerStatuses: state({ running: {} }) },
      expected: ['status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state'],
    },
    {
      name: 'the QoS class is fixed',
      status: { ...running, qosClass: 'Guaranteed' },
      expected: ['status.qosClass: Invalid value: "Guaranteed": field is immutable'],
    },
    {
      name: 'pod IPs are addresses, one per family',
      status: { ...running, podIPs: [{ ip: '10.244.1.5' }, { ip: '10.244.1.6' }, { ip: 'ten' }] },
      expected: [
        'status.podIPs[2]: Invalid value: "ten": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        'status.podIPs: Invalid value: [{"ip":"10.244.1.5"},{"ip":"10.244.1.6"},{"ip":"ten"}]: may specify no more than one IP for each IP family',
      ],
    },
    {
      name: 'hostIPs start with hostIP',
      status: { ...running, hostIPs: [{ ip: '172.18.0.3' }] },
      expected: ['status.hostIPs[0].ip: Invalid value: "172.18.0.3": must be equal to `hostIP`'],
    },
    {
      name: 'a custom condition type is a qualified name',
      status: { ...running, conditions: [{ type: 'Ready', status: 'True' }, { type: 'my gate', status: 'True' }] },
      expected: [
        "metadata.conditions[1].Type: Invalid value: \"my gate\": name part must consist of alphanumeric characters, '-', '_' or '.', " +
          "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for " +
          "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    },
  ];
  it.each(cases)('$name', ({ old: oldStatus, status, expected }) => {
    let old = stored();
    if (oldStatus) old = admitStatus(podDef, old, oldStatus);
    expect(statusProblems(old, status)).toEqual(expected);
  });
});
