/**
 * Whether the elements of one list, taken in order, are elements (the very objects) of another: which
 * elements of a list being written are the stored list's own, which passed validation when they were
 * written; which endpoints of a slice's last version are still in its new one. A change that adds or
 * removes one element leaves the others where they were, or one place on or back, so they are found
 * there without building anything; an element that is nowhere near is looked for in the whole list,
 * and after a few such searches (a list rewritten out of order) a map of it is made once.
 */
export class ListElements<T> {
  private shift = 0;
  private searches = 0;
  private places: Map<T, number> | undefined;

  constructor(private readonly list: readonly T[]) {}

  /** Whether `value`, at `at` in the other list, is an element of this one (the very object). */
  has(value: T, at: number): boolean {
    const s = this.list;
    if (s.length === 0) return false;
    const i = at + this.shift;
    if (s[i] === value) return true;
    if (s[i + 1] === value) return this.found(i + 1, at);
    if (s[i - 1] === value) return this.found(i - 1, at);
    const place = this.places ? this.places.get(value) : ++this.searches > SEARCHES ? this.mapped().get(value) : s.indexOf(value);
    return place !== undefined && place >= 0 && this.found(place, at);
  }

  private found(place: number, at: number): true {
    this.shift = place - at;
    return true;
  }

  private mapped(): Map<T, number> {
    this.places = new Map(this.list.map((e, j) => [e, j]));
    return this.places;
  }
}

/** Searches of the whole list before a map of it is made. */
const SEARCHES = 4;
