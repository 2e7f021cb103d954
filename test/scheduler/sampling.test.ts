/**
 * percentageOfNodesToScore: how many feasible nodes one decision looks for, and where the next one starts.
 * Cases from Kubernetes' TestNumFeasibleNodesToFind (pkg/scheduler/schedule_one_test.go), default
 * percentage.
 */
import { describe, expect, it } from 'vitest';
import { NodeInfo } from '../../src/scheduler/node-info.js';
import { usageFromPods } from '../../src/scheduler/resources.js';
import { numFeasibleNodesToFind, schedulePod } from '../../src/scheduler/schedule.js';
import { Rng } from '../../src/sim/rng.js';
import { node, pod, type NodeOpts } from './helpers.js';

describe('numFeasibleNodesToFind', () => {
  it.each([
    { name: 'under 100 nodes: all of them', nodes: 10, want: 10 },
    { name: '99 nodes: all of them', nodes: 99, want: 99 },
    { name: '100 nodes: 49% is 49, raised to the minimum 100', nodes: 100, want: 100 },
    { name: '1,000 nodes: 50 − 8 = 42%', nodes: 1000, want: 420 },
    { name: '5,000 nodes: 50 − 40 = 10%', nodes: 5000, want: 500 },
    { name: '6,000 nodes: 50 − 48 = 2%, raised to 5%', nodes: 6000, want: 300 },
  ])('$name', ({ nodes, want }) => expect(numFeasibleNodesToFind(nodes)).toBe(want));
});

function infos(count: number, o: (i: number) => NodeOpts = () => ({})) {
  return Array.from({ length: count }, (_, i) => new NodeInfo(node(`n${String(i).padStart(3, '0')}`, o(i)), usageFromPods([])));
}

describe('schedulePod searches only as far as it must', () => {
  it('looks at every node of a small cluster', () => {
    const r = schedulePod(pod('p'), infos(50), new Rng(1));
    expect(r).toMatchObject({ outcome: 'bind', feasible: 50, evaluated: 50 });
  });

  it('stops after 100 feasible nodes of 200, starting where it is told', () => {
    const r = schedulePod(pod('p'), infos(200), new Rng(1), { start: 150 });
    expect(r).toMatchObject({ outcome: 'bind', feasible: 100, evaluated: 100 });
    // Nodes 150…199 and 0…49 were scored; the winner is one of them.
    const picked = Number((r as { nodeName: string }).nodeName.slice(1));
    expect(picked >= 150 || picked < 50).toBe(true);
  });

  it('counts the nodes that did not fit among those looked at', () => {
    // 300 nodes: 48% = 144 to find. Every other node is cordoned: the 144th fits at node 286.
    const r = schedulePod(pod('p'), infos(300, (i) => (i % 2 === 1 ? { unschedulable: true } : {})), new Rng(1));
    expect(r).toMatchObject({ outcome: 'bind', feasible: 144, evaluated: 287 });
  });

  it('reports every node when none fits', () => {
    const r = schedulePod(pod('p'), infos(150, () => ({ unschedulable: true })), new Rng(1), { start: 70 });
    expect(r).toMatchObject({ outcome: 'unschedulable', evaluated: 150 });
    expect((r as { message: string }).message).toMatch(/^0\/150 nodes are available: 150 node\(s\) were unschedulable\./);
  });
});
