import { describe, expect, it } from 'vitest';
import { Trace } from '../../src/store/trace.js';

/** Records write n (rv n) of pod `p<n % 2>`, with a reason on even ones. */
function write(trace: Trace, n: number): void {
  trace.record(1000 + n, n, 'update', 'MODIFIED', 'Pod', 'default', `p${n % 2}`, 'kubelet/node-1', n % 2 === 0 ? 'status' : undefined, undefined);
}

describe('Trace', () => {
  it('keeps the last writes up to its capacity, oldest first, with only the fields each has', () => {
    const trace = new Trace(3);
    for (let n = 1; n <= 5; n++) write(trace, n);
    expect(trace.size).toBe(3);
    expect(trace.entries()).toEqual([
      { time: 1003, resourceVersion: 3, verb: 'update', type: 'MODIFIED', kind: 'Pod', namespace: 'default', name: 'p1', actor: 'kubelet/node-1' },
      { time: 1004, resourceVersion: 4, verb: 'update', type: 'MODIFIED', kind: 'Pod', namespace: 'default', name: 'p0', actor: 'kubelet/node-1', reason: 'status' },
      { time: 1005, resourceVersion: 5, verb: 'update', type: 'MODIFIED', kind: 'Pod', namespace: 'default', name: 'p1', actor: 'kubelet/node-1' },
    ]);
    expect(Object.keys(trace.entries()[0]!)).not.toContain('reason');
  });

  it('answers since and of across the wrap and as its columns grow', () => {
    const trace = new Trace(3000);
    for (let n = 1; n <= 4000; n++) write(trace, n);
    expect(trace.size).toBe(3000);
    expect(trace.entries()[0]!.resourceVersion).toBe(1001);
    expect(trace.since(3997).map((e) => e.resourceVersion)).toEqual([3998, 3999, 4000]);
    expect(trace.since(0)).toHaveLength(3000);
    expect(trace.of('Pod', 'p0', 'default')).toHaveLength(1500);
    expect(trace.of('Pod', 'p0')).toEqual([]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new Trace(0)).toThrow('trace capacity must be a positive integer, got 0');
  });
});
