import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { objectMaker } from '../../src/api/object-room.js';

describe('objects made with room for their fields', () => {
  it.each([0, 3, 13, 40, 500])('are plain objects, to JSON, immer, structuredClone and equality (room for %i)', (n) => {
    const Make = objectMaker(n);
    const o = new Make();
    for (let i = 0; i < 20; i++) o[`k${i}`] = i;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`));
    expect(JSON.stringify(o)).toBe(JSON.stringify(Object.fromEntries(Object.entries(o))));
    expect(o).toStrictEqual(Object.fromEntries(Object.entries(o)));
    expect(structuredClone(o)).toStrictEqual(o);
    const next = produce(o, (d) => {
      d.k0 = 'changed';
    });
    expect(next).not.toBe(o);
    expect(next.k0).toBe('changed');
    expect(o.k0).toBe(0);
  });

  it('start empty: the fields named to make room are never set', () => {
    expect(Object.keys(new (objectMaker(10))())).toEqual([]);
  });
});
