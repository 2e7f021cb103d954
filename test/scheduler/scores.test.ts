import { describe, expect, it } from 'vitest';
import type { FilterStatus } from '../../src/scheduler/filters.js';
import { NodeInfo } from '../../src/scheduler/node-info.js';
import { NodeSnapshot } from '../../src/scheduler/snapshot.js';
import { usageFromPods, podRequests } from '../../src/scheduler/resources.js';
import { fitErrorMessage, schedulePod } from '../../src/scheduler/schedule.js';
import {
  balancedAllocationScore,
  leastAllocatedScore,
  normalize,
  allRows,
  bestNode,
  scoreNodes,
  selectHost,
  spreadScores,
} from '../../src/scheduler/scores.js';
import { Rng } from '../../src/sim/rng.js';
import { node, pod, type NodeOpts, type PodOpts } from './helpers.js';

function info(name: string, o: NodeOpts = {}, onNode: PodOpts[] = []) {
  return new NodeInfo(node(name, o), usageFromPods(onNode.map((p, i) => pod(`${name}-old-${i}`, { ...p, nodeName: name }))));
}

describe('leastAllocatedScore', () => {
  const cases: { name: string; node: NodeOpts; onNode: PodOpts[]; pod: PodOpts; want: number }[] = [
    { name: 'half of cpu and memory left', node: { cpu: '4', memory: '8Gi' }, onNode: [{ cpu: '1', memory: '2Gi' }], pod: { cpu: '1', memory: '2Gi' }, want: 50 },
    { name: 'empty node, tiny pod', node: { cpu: '4', memory: '8Gi' }, onNode: [], pod: { cpu: '40m', memory: '80Mi' }, want: 99 },
    { name: 'more requested than allocatable scores 0 for that resource', node: { cpu: '1', memory: '8Gi' }, onNode: [], pod: { cpu: '2', memory: '4Gi' }, want: 25 },
    // 100m and 200Mi are assumed for a pod without requests: (3900*100/4000=97 + 8Gi-200Mi → 97) / 2
    { name: 'a pod without requests counts the defaults', node: { cpu: '4', memory: '8Gi' }, onNode: [], pod: {}, want: 97 },
  ];
  for (const c of cases) {
    it(c.name, () => expect(leastAllocatedScore(podRequests(pod('p', c.pod), true), info('n', c.node, c.onNode))).toBe(c.want));
  }
});

describe('balancedAllocationScore', () => {
  const cases = [
    { name: 'same share of cpu and memory', pod: { cpu: '1', memory: '2Gi' }, want: 100 },
    { name: 'all cpu, little memory', pod: { cpu: '4', memory: '0' }, want: 50 },
  ];
  for (const c of cases) {
    it(c.name, () => expect(balancedAllocationScore(podRequests(pod('p', c.pod), true), info('n', { cpu: '4', memory: '8Gi' }))).toBe(c.want));
  }
});

describe('spreadScores and normalize', () => {
  it('gives the node with most siblings 0 and an empty one 100', () => expect(spreadScores([2, 1, 0])).toEqual([0, 50, 100]));
  it('scores every node 100 when no sibling runs anywhere', () => expect(spreadScores([0, 0])).toEqual([100, 100]));
  it('normalizes and reverses', () => {
    expect(normalize([1, 2, 0], false)).toEqual([50, 100, 0]);
    expect(normalize([1, 2, 0], true)).toEqual([50, 0, 100]);
    expect(normalize([0, 0], true)).toEqual([100, 100]);
  });
});

describe('scoreNodes', () => {
  it('prefers the node with fewer pods of the same ReplicaSet over a slightly emptier one', () => {
    const p = pod('web-3', { cpu: '100m', owner: 'rs-1' });
    const busy = info('n1', { cpu: '4' }, [{ cpu: '100m', owner: 'rs-1' }]);
    const other = info('n2', { cpu: '4' }, [{ cpu: '200m', owner: 'rs-2' }]);
    // rs-1 already has a pod on n1, none on n2.
    const [s1, s2] = scoreNodes(p, podRequests(p, true), [busy, other], new Map([['n1', 1]]));
    expect(s1!.plugins.Spread).toBe(0);
    expect(s2!.plugins.Spread).toBe(100);
    expect(s2!.total).toBeGreaterThan(s1!.total);
  });

  it('does not spread a pod without a controller: every node scores 0', () => {
    const p = pod('bare', { cpu: '100m' });
    expect(scoreNodes(p, podRequests(p, true), [info('n1'), info('n2')]).map((s) => s.plugins.Spread)).toEqual([0, 0]);
  });

  it('gives every node full marks when the controller has no pods anywhere yet', () => {
    const p = pod('web-0', { cpu: '100m', owner: 'rs-1' });
    expect(scoreNodes(p, podRequests(p, true), [info('n1'), info('n2')], new Map()).map((s) => s.plugins.Spread)).toEqual([100, 100]);
  });

  it('avoids PreferNoSchedule taints the pod does not tolerate', () => {
    const p = pod('web');
    const [a, b] = scoreNodes(p, podRequests(p, true), [info('n1', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }), info('n2')]);
    expect(a!.plugins.TaintToleration).toBe(0);
    expect(b!.plugins.TaintToleration).toBe(100);
  });

  it('breaks ties with the Rng, the same way for the same seed', () => {
    const scores = ['a', 'b', 'c', 'd'].map((name) => ({ name, total: 10, plugins: {} as never }));
    const picks = (seed: number) => Array.from({ length: 8 }, ((rng) => () => selectHost(scores, rng))(new Rng(seed)));
    expect(picks(7)).toEqual(picks(7));
    expect(new Set(picks(7)).size).toBeGreaterThan(1);
    expect(selectHost([{ name: 'x', total: 1, plugins: {} as never }, ...scores], new Rng(1))).not.toBe('x');
  });
});

describe('bestNode', () => {
  // Nodes that tie in every way but one, so that some seeds meet ties and some a single best node.
  const shapes: [NodeOpts, PodOpts[]][] = [
    [{ cpu: '4', memory: '8Gi' }, []],
    [{ cpu: '4', memory: '8Gi' }, [{ cpu: '1', memory: '1Gi' }]],
    [{ cpu: '2', memory: '8Gi' }, []],
    [{ cpu: '4', memory: '8Gi', taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }, []],
    [{ cpu: '4', memory: '8Gi', labels: { disk: 'ssd' } }, []],
  ];
  const pods: PodOpts[] = [{ cpu: '100m' }, {}, { cpu: '500m', memory: '1Gi' }];
  for (let seed = 1; seed <= 40; seed++) {
    it(`picks what selectHost picks from scoreNodes (seed ${seed})`, () => {
      const pick = new Rng(seed);
      const feasible = Array.from({ length: 2 + pick.int(6) }, (_, i) => info(`n${i}`, ...shapes[pick.int(shapes.length)]!));
      const p = pod('p', pods[seed % pods.length]);
      const request = podRequests(p, true);
      expect(bestNode(p, request, new NodeSnapshot(feasible), allRows(feasible.length), new Rng(seed))).toBe(selectHost(scoreNodes(p, request, feasible), new Rng(seed)));
    });
  }
});

describe('fitErrorMessage (FitError.Error)', () => {
  const st = (...reasons: string[]): FilterStatus => ({ code: 'Unschedulable', plugin: 'x', reasons });
  it('counts reasons across nodes and sorts the "count reason" strings', () => {
    const msg = fitErrorMessage(5, [st('Insufficient memory'), st('Insufficient cpu', 'Insufficient memory'), st('node(s) were unschedulable'), st('Insufficient memory'), st('Insufficient memory')]);
    expect(msg).toBe('0/5 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable, 4 Insufficient memory.');
  });
  it('sorts as strings, as Go does: 10 before 2', () => {
    const statuses = [...Array(10).fill(st('b')), st('a'), st('a')];
    expect(fitErrorMessage(12, statuses)).toBe('0/12 nodes are available: 10 b, 2 a.');
  });
});

describe('schedulePod', () => {
  const rng = () => new Rng(1);
  it('explains why no node fits, with the preemption part as kube-scheduler writes it', () => {
    const nodes = [info('n1', { cpu: '1' }), info('n2', { cpu: '1' }), info('n3', { cpu: '1' })];
    const r = schedulePod(pod('big', { cpu: '2' }), nodes, rng());
    expect(r).toMatchObject({
      outcome: 'unschedulable',
      message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
    });
  });
  it('says preemption would not help on nodes that fail for unresolvable reasons', () => {
    const nodes = [info('n1', { cpu: '1' }), info('n2', { unschedulable: true }), info('n3', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] })];
    const r = schedulePod(pod('big', { cpu: '2' }), nodes, rng());
    expect(r.outcome === 'unschedulable' && r.message).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {gpu: }, 1 node(s) were unschedulable. ' +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..',
    );
  });
  it('says so when the pod may not preempt', () => {
    const r = schedulePod(pod('big', { cpu: '2', priority: { preemptionPolicy: 'Never' } }), [info('n1', { cpu: '1' })], rng());
    expect(r.outcome === 'unschedulable' && r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..');
  });
  it('with no nodes at all', () => {
    expect(schedulePod(pod('p'), [], rng())).toMatchObject({ outcome: 'unschedulable', message: 'no nodes available to schedule pods' });
  });
  it('binds to the emptier node', () => {
    const r = schedulePod(pod('p', { cpu: '500m' }), [info('n1', {}, [{ cpu: '1' }]), info('n2')], rng());
    expect(r).toMatchObject({ outcome: 'bind', nodeName: 'n2', feasible: 2, evaluated: 2 });
  });
});
