import { describe, expect, it } from 'vitest';
import type { Taint } from '../../../src/api/node.js';
import type { Toleration } from '../../../src/api/pod.js';
import { minTolerationTime, planPodEviction, toleratesTaint } from '../../../src/controllers/nodelifecycle/tolerations.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2024-01-01T00:01:25Z' };
const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
const defaults: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

describe('toleratesTaint', () => {
  const cases: { name: string; t: Toleration; taint: Taint; want: boolean }[] = [
    { name: 'Exists on the key', t: { key: 'a', operator: 'Exists' }, taint: { key: 'a', effect: 'NoExecute' }, want: true },
    { name: 'empty key with Exists tolerates everything', t: { operator: 'Exists' }, taint: { key: 'x', effect: 'NoExecute' }, want: true },
    { name: 'Equal needs the value', t: { key: 'a', value: '1' }, taint: { key: 'a', value: '2', effect: 'NoExecute' }, want: false },
    { name: 'Equal with the value', t: { key: 'a', value: '1', operator: 'Equal' }, taint: { key: 'a', value: '1', effect: 'NoExecute' }, want: true },
    { name: 'another effect', t: { key: 'a', operator: 'Exists', effect: 'NoSchedule' }, taint: { key: 'a', effect: 'NoExecute' }, want: false },
  ];
  for (const c of cases) it(c.name, () => expect(toleratesTaint(c.t, c.taint)).toBe(c.want));
});

describe('minTolerationTime', () => {
  it('is the shortest tolerationSeconds, Infinity without any, 0 for a non-positive one', () => {
    expect(minTolerationTime([{ tolerationSeconds: 300 }, { tolerationSeconds: 60 }, {}])).toBe(60_000);
    expect(minTolerationTime([{}])).toBe(Infinity);
    expect(minTolerationTime([{ tolerationSeconds: 300 }, { tolerationSeconds: -5 }])).toBe(0);
  });
});

describe('planPodEviction', () => {
  const since = Date.parse('2024-01-01T00:01:25Z');
  const cases: { name: string; taints: Taint[]; tolerations?: Toleration[]; now: number; want: unknown }[] = [
    { name: 'no NoExecute taint: cancel', taints: [{ key: 'x', effect: 'NoSchedule' }], tolerations: defaults, now: since, want: { action: 'cancel' } },
    { name: 'default toleration: 300 s after the taint', taints: [unreachable], tolerations: defaults, now: since, want: { action: 'evictAt', at: since + 300_000 } },
    { name: 'toleration ran out', taints: [unreachable], tolerations: defaults, now: since + 300_000, want: { action: 'evict' } },
    { name: 'no toleration: at once', taints: [unreachable], tolerations: [], now: since, want: { action: 'evict' } },
    { name: 'one of two taints untolerated: at once', taints: [unreachable, { key: 'dedicated', effect: 'NoExecute' }], tolerations: defaults, now: since, want: { action: 'evict' } },
    { name: 'tolerated for ever', taints: [unreachable], tolerations: [{ operator: 'Exists' }], now: since, want: { action: 'keep' } },
    {
      name: 'shortest of the tolerations used',
      taints: [unreachable, notReady],
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }, ...defaults],
      now: since,
      want: { action: 'evictAt', at: since + 30_000 },
    },
  ];
  for (const c of cases) it(c.name, () => expect(planPodEviction(c.taints, c.tolerations, since, c.now)).toEqual(c.want));
});
