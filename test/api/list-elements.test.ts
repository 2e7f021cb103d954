import { describe, expect, it } from 'vitest';
import { ListElements } from '../../src/api/list-elements.js';

const el = (name: string) => ({ name });
const [a, b, c, d, e, f] = [el('a'), el('b'), el('c'), el('d'), el('e'), el('f')];
const fresh = () => el('new');

/** Which elements of `next`, in order, the stored list holds. */
function heldOf(stored: object[], next: object[]): boolean[] {
  const held = new ListElements(stored);
  return next.map((v, i) => held.has(v, i));
}

describe('ListElements', () => {
  it.each([
    ['the same list', [a, b, c], [a, b, c], [true, true, true]],
    ['one inserted at the front', [a, b, c], [fresh(), a, b, c], [false, true, true, true]],
    ['one inserted in the middle', [a, b, c], [a, fresh(), b, c], [true, false, true, true]],
    ['one removed', [a, b, c], [a, c], [true, true]],
    ['one replaced by an equal copy', [a, b, c], [a, el('b'), c], [true, false, true]],
    ['reversed', [a, b, c, d, e, f], [f, e, d, c, b, a], [true, true, true, true, true, true]],
    ['nothing stored', [], [a, b], [false, false]],
    ['all new', [a, b], [fresh(), fresh(), fresh(), fresh(), fresh(), fresh()], [false, false, false, false, false, false]],
  ])('%s', (_name, stored, next, want) => {
    expect(heldOf(stored, next)).toEqual(want);
  });
});
