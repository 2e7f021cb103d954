import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../src/api/freeze.js';

describe('settling a stored object', () => {
  it('freezes it all through and keeps every value, strings shared or not', () => {
    const long = 'x'.repeat(300);
    const make = (i: number) => ({ name: `pod-${i}`, message: `Started container ${'app'}`, ids: [`id-${i % 2}`, long, 3], nested: { image: `docker.io/library/${'app'}:1.0` } });
    const objects = Array.from({ length: 50 }, (_, i) => deepFreeze(make(i)));
    objects.forEach((o, i) => {
      expect(o).toEqual(make(i));
      expect(Object.isFrozen(o) && Object.isFrozen(o.ids) && Object.isFrozen(o.nested)).toBe(true);
    });
  });
});
