import { describe, expect, it } from 'vitest';
import type { ContainerStatus } from '../../../src/api/pod.js';
import { podConditions, podPhase, wantedConditions, type PhaseInput } from '../../../src/node/pods/status.js';
import { container, world } from './harness.js';

// The container states of Kubernetes' own getPhase tests (pkg/kubelet/kubelet_pods_test.go).
const running = (name: string): ContainerStatus => ({ name, state: { running: {} }, ready: false, restartCount: 0, image: '' });
const stopped = (name: string): ContainerStatus => ({ name, state: { terminated: { exitCode: 0 } }, ready: false, restartCount: 0, image: '' });
const succeeded = stopped;
const failed = (name: string): ContainerStatus => ({ name, state: { terminated: { exitCode: -1 } }, ready: false, restartCount: 0, image: '' });
const waiting = (name: string): ContainerStatus => ({ name, state: { waiting: {} }, ready: false, restartCount: 0, image: '' });
const waitingAfter = (name: string, exitCode = 0): ContainerStatus => ({
  name,
  state: { waiting: {} },
  lastState: { terminated: { exitCode } },
  ready: false,
  restartCount: 0,
  image: '',
});

function phase(restartPolicy: string, statuses: ContainerStatus[], opts: { init?: ContainerStatus[]; terminal?: boolean; initNames?: string[] } = {}) {
  const input: PhaseInput = {
    initContainers: opts.initNames ?? (opts.init ? ['containerX'] : []),
    containers: ['containerA', 'containerB'],
    initStatuses: opts.init ?? [],
    statuses,
    restartPolicy,
    podIsTerminal: opts.terminal ?? false,
  };
  return podPhase(input);
}

describe('podPhase (getPhase)', () => {
  const A = 'containerA';
  const B = 'containerB';
  const cases: [string, string, ContainerStatus[], ReturnType<typeof podPhase>, { init?: ContainerStatus[]; terminal?: boolean; initNames?: string[] }?][] = [
    ['waiting', 'Always', [], 'Pending'],
    ['all running', 'Always', [running(A), running(B)], 'Running'],
    ['all stopped with restart always', 'Always', [stopped(A), stopped(B)], 'Running'],
    ['all succeeded with restart always, but the pod is terminal', 'Always', [succeeded(A), succeeded(B)], 'Succeeded', { terminal: true }],
    ['all stopped with restart always, but the pod is terminal', 'Always', [succeeded(A), failed(B)], 'Failed', { terminal: true }],
    ['mixed state #1 with restart always', 'Always', [running(A), stopped(B)], 'Running'],
    ['mixed state #2 with restart always', 'Always', [running(A)], 'Pending'],
    ['mixed state #3 with restart always', 'Always', [running(A), waiting(B)], 'Pending'],
    ['backoff crashloop container with restart always', 'Always', [running(A), waitingAfter(B)], 'Running'],
    ['init: empty, waiting', 'Always', [], 'Pending', { initNames: ['containerX'] }],
    ['init container running', 'Always', [], 'Pending', { init: [running('containerX')] }],
    ['init container terminated non-zero', 'Always', [], 'Pending', { init: [failed('containerX')] }],
    ['init container waiting, terminated zero', 'Always', [], 'Pending', { init: [waitingAfter('containerX')] }],
    ['init container waiting, terminated non-zero', 'Always', [], 'Pending', { init: [waitingAfter('containerX', 1)] }],
    ['init container succeeded', 'Always', [running(A), running(B)], 'Running', { init: [succeeded('containerX')] }],
    ['all running with restart never', 'Never', [running(A), running(B)], 'Running'],
    ['all succeeded with restart never', 'Never', [succeeded(A), succeeded(B)], 'Succeeded'],
    ['all failed with restart never', 'Never', [failed(A), failed(B)], 'Failed'],
    ['mixed state #1 with restart never', 'Never', [running(A), succeeded(B)], 'Running'],
    ['mixed state #2 with restart never', 'Never', [running(A)], 'Pending'],
    ['mixed state #3 with restart never', 'Never', [running(A), waiting(B)], 'Pending'],
    ['init container terminated non-zero with restart never', 'Never', [], 'Failed', { init: [failed('containerX')] }],
    ['all running with restart onfailure', 'OnFailure', [running(A), running(B)], 'Running'],
    ['all succeeded with restart onfailure', 'OnFailure', [succeeded(A), succeeded(B)], 'Succeeded'],
    ['all failed with restart onfailure', 'OnFailure', [failed(A), failed(B)], 'Running'],
    ['mixed state #1 with restart onfailure', 'OnFailure', [running(A), succeeded(B)], 'Running'],
    ['mixed state #2 with restart onfailure', 'OnFailure', [running(A)], 'Pending'],
    ['mixed state #3 with restart onfailure', 'OnFailure', [running(A), waiting(B)], 'Pending'],
    ['backoff crashloop container with restart onfailure', 'OnFailure', [running(A), waitingAfter(B, 1)], 'Running'],
    ['deleted before it ran: terminal and not stopped', 'Always', [waiting(A), waiting(B)], 'Failed', { terminal: true }],
  ];
  it.each(cases)('%s', (_name, policy, statuses, want, opts) => {
    expect(phase(policy, statuses, opts)).toBe(want);
  });
});

describe('a container being replaced with a new image', () => {
  it('keeps a restartPolicy Never pod Running instead of Failed', () => {
    const input = {
      initContainers: [],
      containers: ['containerA'],
      initStatuses: [],
      statuses: [waitingAfter('containerA')],
      restartPolicy: 'Never',
      podIsTerminal: false,
    };
    expect(podPhase(input)).toBe('Failed');
    expect(podPhase({ ...input, restarting: ['containerA'] })).toBe('Running');
  });
});

describe('pod conditions', () => {
  const T0 = Date.UTC(2024, 0, 1);
  it('names the unready containers and keeps transition times while the status stays', () => {
    const ready = { ...running('a'), ready: true };
    const first = podConditions(wantedConditions([], [ready, running('b')], 'Running', true), undefined, [], T0);
    expect(first.find((c) => c.type === 'Ready')).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [b]',
      lastProbeTime: null,
      lastTransitionTime: '2024-01-01T00:00:00Z',
    });
    const later = podConditions(wantedConditions([], [ready, running('b')], 'Running', true), first, [], T0 + 5000);
    expect(later.find((c) => c.type === 'Ready')!.lastTransitionTime).toBe('2024-01-01T00:00:00Z');
    const flipped = podConditions(wantedConditions([], [ready, { ...running('b'), ready: true }], 'Running', true), later, [], T0 + 9000);
    expect(flipped.find((c) => c.type === 'Ready')).toEqual({ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:09Z' });
  });

  it('hands back the conditions reported last when none changed, and rewrites one that carries more', () => {
    const w = wantedConditions([], [{ ...running('a'), ready: true }], 'Running', true);
    const first = podConditions(w, undefined, [], T0);
    const again = podConditions(w, first, [], T0 + 5000);
    again.forEach((c, i) => expect(c).toBe(first[i]));
    // The list itself too: a status write then hands the API server the stored list, unchanged.
    expect(again).toBe(first);
    // A Ready condition someone patched a field into is not what the kubelet writes: it is written afresh.
    const patched = first.map((c) => (c.type === 'Ready' ? { ...c, observedGeneration: 3 } : c));
    const fixed = podConditions(w, patched, [], T0 + 9000);
    expect(fixed.find((c) => c.type === 'Ready')).toEqual({ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:00Z' });
  });

  it('keeps the conditions it does not own, after its own', () => {
    const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2023-12-31T23:59:00Z' };
    const out = podConditions(wantedConditions([], [], 'Pending', false), undefined, [scheduled], T0);
    expect(out.map((c) => c.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    expect(out[4]).toBe(scheduled);
  });

  it('reports incomplete init containers and completed pods', () => {
    const w = wantedConditions([running('init-db')], [waiting('app')], 'Pending', true);
    expect(w.Initialized).toEqual({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init-db]' });
    const done = wantedConditions([succeeded('init-db')], [succeeded('app')], 'Succeeded', false);
    expect(done.Initialized).toEqual({ status: 'True', reason: 'PodCompleted' });
    expect(done.Ready).toEqual({ status: 'False', reason: 'PodCompleted' });
  });
});

describe('the status a pod worker writes', () => {
  it('writes each status once, and puts its own back when another writer changes it', () => {
    const w = world({ 'web:1': { pullTime: '2s' } });
    w.run('web', { containers: [container('web:1')] });
    w.at(5);
    const kubeletWrites = () => w.store.trace.entries().filter((e) => e.name === 'web' && e.actor === 'kubelet/node-1').length;
    // Pending while it pulls, then Running: two writes, each seen again on the watch without a third.
    expect(w.pod('web')!.status!.phase).toBe('Running');
    expect(kubeletWrites()).toBe(2);

    w.store.updateStatus({ kind: 'Pod', namespace: 'default', name: 'web' }, (p) => {
      p.status!.phase = 'Failed';
    }, { actor: 'someone' });
    expect(w.pod('web')!.status!.phase).toBe('Running');
    expect(w.store.trace.entries().at(-1)).toMatchObject({ name: 'web', actor: 'kubelet/node-1', reason: 'pod status' });
    expect(kubeletWrites()).toBe(3);
  });
});
