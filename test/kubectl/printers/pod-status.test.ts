// The READY, STATUS and RESTARTS cells of `kubectl get pods`, case by case, after printers.go's printPod
// and its TestPrintPod cases.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/pod.js';
import { formatRestarts, podSummary } from '../../../src/kubectl/printers/pod-status.js';

const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', ...meta },
    spec: { containers: [{ name: 'a', image: 'nginx' }], ...spec },
    status,
  } as unknown as Pod;
}

const running = { running: { startedAt: iso(T0) } };
const cs = (name: string, state: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name,
  image: 'nginx',
  imageID: '',
  ready: false,
  restartCount: 0,
  state,
  ...extra,
});
const two = { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }] };

const cases: { name: string; pod: Pod; ready: string; status: string; restarts: number }[] = [
  { name: 'pending, no statuses yet', pod: pod({}, { phase: 'Pending' }), ready: '0/1', status: 'Pending', restarts: 0 },
  {
    name: 'container creating',
    pod: pod({}, { phase: 'Pending', containerStatuses: [cs('a', { waiting: { reason: 'ContainerCreating' } })] }),
    ready: '0/1',
    status: 'ContainerCreating',
    restarts: 0,
  },
  {
    name: 'running and ready',
    pod: pod({}, { phase: 'Running', containerStatuses: [cs('a', running, { ready: true })] }),
    ready: '1/1',
    status: 'Running',
    restarts: 0,
  },
  {
    name: 'running, not ready yet',
    pod: pod({}, { phase: 'Running', containerStatuses: [cs('a', running)] }),
    ready: '0/1',
    status: 'Running',
    restarts: 0,
  },
  {
    name: 'crash loop back-off with restarts',
    pod: pod({}, {
      phase: 'Running',
      containerStatuses: [
        cs('a', { waiting: { reason: 'CrashLoopBackOff' } }, {
          restartCount: 4,
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: iso(T0 + 60_000) } },
        }),
      ],
    }),
    ready: '0/1',
    status: 'CrashLoopBackOff',
    restarts: 4,
  },
  {
    name: 'the first container wins over later ones',
    pod: pod(two, {
      phase: 'Pending',
      containerStatuses: [cs('a', { waiting: { reason: 'ErrImagePull' } }), cs('b', { waiting: { reason: 'ContainerCreating' } })],
    }),
    ready: '0/2',
    status: 'ErrImagePull',
    restarts: 0,
  },
  {
    name: 'completed',
    pod: pod({ restartPolicy: 'Never' }, {
      phase: 'Succeeded',
      containerStatuses: [cs('a', { terminated: { exitCode: 0, reason: 'Completed' } })],
    }),
    ready: '0/1',
    status: 'Completed',
    restarts: 0,
  },
  {
    name: 'terminated without a reason: exit code',
    pod: pod({}, { phase: 'Failed', containerStatuses: [cs('a', { terminated: { exitCode: 2 } })] }),
    ready: '0/1',
    status: 'ExitCode:2',
    restarts: 0,
  },
  {
    name: 'terminated by a signal',
    pod: pod({}, { phase: 'Failed', containerStatuses: [cs('a', { terminated: { exitCode: 137, signal: 9 } })] }),
    ready: '0/1',
    status: 'Signal:9',
    restarts: 0,
  },
  {
    name: 'one container completed, another running and the pod ready: Running',
    pod: pod(two, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [cs('a', { terminated: { exitCode: 0, reason: 'Completed' } }), cs('b', running, { ready: true })],
    }),
    ready: '1/2',
    status: 'Running',
    restarts: 0,
  },
  {
    name: 'one container completed, another running, pod not ready: NotReady',
    pod: pod(two, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [cs('a', { terminated: { exitCode: 0, reason: 'Completed' } }), cs('b', running, { ready: true })],
    }),
    ready: '1/2',
    status: 'NotReady',
    restarts: 0,
  },
  {
    name: 'init container running: Init:0/2',
    pod: pod({ initContainers: [{ name: 'i1', image: 'x' }, { name: 'i2', image: 'x' }] }, {
      phase: 'Pending',
      initContainerStatuses: [cs('i1', running), cs('i2', { waiting: { reason: 'PodInitializing' } })],
      containerStatuses: [cs('a', { waiting: { reason: 'PodInitializing' } })],
    }),
    ready: '0/1',
    status: 'Init:0/2',
    restarts: 0,
  },
  {
    name: 'second init container waiting: Init:1/2',
    pod: pod({ initContainers: [{ name: 'i1', image: 'x' }, { name: 'i2', image: 'x' }] }, {
      phase: 'Pending',
      initContainerStatuses: [cs('i1', { terminated: { exitCode: 0, reason: 'Completed' } }), cs('i2', running)],
    }),
    ready: '0/1',
    status: 'Init:1/2',
    restarts: 0,
  },
  {
    name: 'init container crash looping: Init:CrashLoopBackOff, init restarts count',
    pod: pod({ initContainers: [{ name: 'i1', image: 'x' }] }, {
      phase: 'Pending',
      initContainerStatuses: [cs('i1', { waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 3 })],
      containerStatuses: [cs('a', { waiting: { reason: 'PodInitializing' } })],
    }),
    ready: '0/1',
    status: 'Init:CrashLoopBackOff',
    restarts: 3,
  },
  {
    name: 'init container failed with an exit code',
    pod: pod({ initContainers: [{ name: 'i1', image: 'x' }] }, {
      phase: 'Failed',
      initContainerStatuses: [cs('i1', { terminated: { exitCode: 1 } })],
    }),
    ready: '0/1',
    status: 'Init:ExitCode:1',
    restarts: 0,
  },
  {
    name: 'init container failed with a reason',
    pod: pod({ initContainers: [{ name: 'i1', image: 'x' }] }, {
      phase: 'Failed',
      initContainerStatuses: [cs('i1', { terminated: { exitCode: 1, reason: 'Error' } })],
    }),
    ready: '0/1',
    status: 'Init:Error',
    restarts: 0,
  },
  {
    name: 'a started sidecar counts in READY and does not block',
    pod: pod({ initContainers: [{ name: 's', image: 'x', restartPolicy: 'Always' }] }, {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }],
      initContainerStatuses: [cs('s', running, { ready: true, started: true, restartCount: 1 })],
      containerStatuses: [cs('a', running, { ready: true, restartCount: 2 })],
    }),
    ready: '2/2',
    status: 'Running',
    restarts: 3,
  },
  {
    name: 'deletionTimestamp: Terminating',
    pod: pod({}, { phase: 'Running', containerStatuses: [cs('a', running, { ready: true })] }, { deletionTimestamp: iso(T0) }),
    ready: '1/1',
    status: 'Terminating',
    restarts: 0,
  },
  {
    name: 'deleted on a lost node: Unknown',
    pod: pod({}, { phase: 'Running', reason: 'NodeLost', containerStatuses: [cs('a', running, { ready: true })] }, {
      deletionTimestamp: iso(T0),
    }),
    ready: '1/1',
    status: 'Unknown',
    restarts: 0,
  },
  {
    name: 'a finished pod being deleted keeps Completed',
    pod: pod({}, { phase: 'Succeeded', containerStatuses: [cs('a', { terminated: { exitCode: 0, reason: 'Completed' } })] }, {
      deletionTimestamp: iso(T0),
    }),
    ready: '0/1',
    status: 'Completed',
    restarts: 0,
  },
  { name: 'status.reason wins over the phase: Evicted', pod: pod({}, { phase: 'Failed', reason: 'Evicted' }), ready: '0/1', status: 'Evicted', restarts: 0 },
  {
    name: 'scheduling gated',
    pod: pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }),
    ready: '0/1',
    status: 'SchedulingGated',
    restarts: 0,
  },
];

describe('podSummary', () => {
  it.each(cases)('$name', ({ pod: p, ready, status, restarts }) => {
    const s = podSummary(p);
    expect(`${s.readyContainers}/${s.totalContainers}`).toBe(ready);
    expect(s.status).toBe(status);
    expect(s.restarts).toBe(restarts);
  });
});

describe('formatRestarts', () => {
  it.each([
    { name: 'no restarts', restarts: 0, last: undefined, now: T0, want: '0' },
    { name: 'restarts without a termination time', restarts: 2, last: undefined, now: T0, want: '2' },
    { name: 'five minutes after the last restart', restarts: 5, last: T0, now: T0 + 300_000, want: '5 (5m ago)' },
    { name: 'seconds ago', restarts: 1, last: T0, now: T0 + 42_000, want: '1 (42s ago)' },
    { name: 'hours ago', restarts: 12, last: T0, now: T0 + 3 * 3600_000 + 120_000, want: '12 (3h2m ago)' },
  ])('$name', ({ restarts, last, now, want }) => {
    expect(formatRestarts({ restarts, lastRestart: last }, now)).toBe(want);
  });

  it('takes the latest termination across containers', () => {
    const p = pod(two, {
      phase: 'Running',
      containerStatuses: [
        cs('a', running, { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: iso(T0) } } }),
        cs('b', running, { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: iso(T0 + 240_000) } } }),
      ],
    });
    expect(formatRestarts(podSummary(p), T0 + 300_000)).toBe('3 (60s ago)');
  });
});
