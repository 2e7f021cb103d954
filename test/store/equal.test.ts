/** deepEqual: the comparison writers use to skip writes that would change nothing. */
import { describe, expect, it } from 'vitest';
import { deepEqual } from '../../src/store/equal.js';

describe('deepEqual', () => {
  it.each([
    { name: 'equal nested values', a: { x: [1, { y: 'z' }] }, b: { x: [1, { y: 'z' }] }, want: true },
    { name: 'an undefined key is an absent key', a: { x: 1, y: undefined }, b: { x: 1 }, want: true },
    { name: 'a key more', a: { x: 1 }, b: { x: 1, y: 2 }, want: false },
    { name: 'arrays of different length', a: [1, 2], b: [1, 2, 3], want: false },
    { name: 'an array is not an object with index keys', a: [1], b: { 0: 1 }, want: false },
    { name: 'null is not an empty object', a: null, b: {}, want: false },
  ])('$name', ({ a, b, want }) => expect(deepEqual(a, b)).toBe(want));
});
