import { describe, expect, it } from 'vitest';
import { NAME_ALPHABET, Rng } from '../../src/sim/rng.js';

const draw = (rng: Rng, n = 5) => Array.from({ length: n }, () => rng.next());

describe('Rng', () => {
  it('gives the same sequence for the same seed and different ones for different seeds', () => {
    expect(draw(new Rng(42))).toEqual(draw(new Rng(42)));
    expect(draw(new Rng(42))).not.toEqual(draw(new Rng(43)));
    expect(draw(new Rng('42'))).toEqual(draw(new Rng(42)));
  });

  it('forks streams that do not depend on how much the parent drew', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    draw(b, 100);
    expect(draw(a.fork('kubelet/node-1'))).toEqual(draw(b.fork('kubelet/node-1')));
    expect(draw(a.fork('kubelet/node-1'))).not.toEqual(draw(a.fork('kubelet/node-2')));
    expect(a.fork('x').key).toBe('7/x');
  });

  it('keeps int, intBetween and float within their ranges, and covers them', () => {
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(10);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(10);
      seen.add(n);
      const m = rng.intBetween(-3, 3);
      expect(m).toBeGreaterThanOrEqual(-3);
      expect(m).toBeLessThanOrEqual(3);
      const f = rng.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
    expect(seen.size).toBe(10);
  });

  it('spells bytes as lowercase hex after a prefix, drawing them as bytes() does', () => {
    const bytes = new Rng(9).bytes(6);
    const spelled = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    expect(new Rng(9).hex(6, 'containerd://')).toBe(`containerd://${spelled}`);
    expect(new Rng(9).hex(32)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects empty ranges', () => {
    const rng = new Rng(1);
    expect(() => rng.int(0)).toThrow('rng.int: n must be an integer');
    expect(() => rng.intBetween(2, 1)).toThrow('empty range [2, 1]');
    expect(() => rng.pick([])).toThrow('no items');
  });

  it('shuffles a copy, keeping every element', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = new Rng(3).shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...out].sort()).toEqual(items);
    expect(out).toEqual(new Rng(3).shuffle(items));
  });

  it('makes version-4 UUIDs from its own bytes', () => {
    const a = new Rng(9);
    const uid = a.uuid();
    expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Rng(9).uuid()).toBe(uid);
    expect(a.uuid()).not.toBe(uid);
  });

  it("makes name suffixes from Kubernetes' alphabet", () => {
    const rng = new Rng(5);
    for (let i = 0; i < 200; i++) {
      const s = rng.nameSuffix();
      expect(s).toHaveLength(5);
      for (const ch of s) expect(NAME_ALPHABET).toContain(ch);
    }
    expect(rng.nameSuffix(10)).toHaveLength(10);
  });

  it('fills byte arrays of any length', () => {
    expect(new Rng(2).bytes(7)).toHaveLength(7);
    expect(new Rng(2).bytes(7)).toEqual(new Rng(2).bytes(7));
  });
});
