/**
 * Plain objects made with room for their fields. V8 gives an object made as `{}` four fields in place;
 * every field added past those goes to a separate, growing array, which costs an allocation or three
 * while the object is built and 40–90 bytes for as long as it lives. An object made by a constructor
 * gets as many fields in place as the constructor seems to set — read off its source — and, once a few
 * objects have been made, V8 trims that to the most the first of them hold. So objects are made by a
 * constructor per object schema *and* number of fields: with one per schema, a pod's first status
 * (`{phase: Pending}`) would trim every later status to one field in place. The constructor's prototype
 * is `Object.prototype`: what it makes is a plain object, to JSON, immer and every reader alike.
 */

/** The most fields to make room for: past this, objects get the separate array like any other. */
const MOST = 64;

export type MakeObject = new () => Record<string, unknown>;

/** A constructor of empty plain objects with room for `fields` fields in place. */
export function objectMaker(fields: number): MakeObject {
  const n = Math.max(0, Math.min(MOST, Math.floor(fields)));
  const names = Array.from({ length: n }, (_, i) => `this.f${i} = 0;`).join(' ');
  // The branch never runs (`new.target` is always set): it is there for V8 to count.
  const make = new Function(`if (new.target === undefined) { ${names} }`) as MakeObject;
  make.prototype = Object.prototype;
  return make;
}

/** The constructors of one kind of object (one schema's), by the number of fields it will hold. */
export class ObjectMakers {
  private readonly bySize: MakeObject[] = [];

  /** An empty plain object with room for `fields` fields. */
  make(fields: number): Record<string, unknown> {
    const n = Math.min(MOST, fields);
    const Make = (this.bySize[n] ??= objectMaker(n));
    return new Make();
  }
}

const copies = new ObjectMakers();

/** How many fields an object has, read with for…in (Object.keys would copy them into an array). */
export function fieldCount(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

/** Whether two objects hold the very same values (by identity) under the same keys. */
export function sameFields(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (x[k] !== y[k]) return false;
    n++;
  }
  return n === fieldCount(y);
}

/**
 * A shallow copy of a plain object, with room for its fields and `more` to be added. (`{ ...o }` of a
 * frozen object — a stored one — gets the four places of `{}` and the separate array for the rest.)
 */
export function copyWithRoom<T extends object>(o: T, more = 0): T {
  // for…in reads the object's own list of keys, where Object.keys would copy it.
  const from = o as Record<string, unknown>;
  const out = copies.make(fieldCount(from) + more);
  for (const k in from) out[k] = from[k];
  return out as T;
}

/** `{ ...o, ...fields }`, made with room for all of them (see copyWithRoom). */
export function withFields<T extends object>(o: T, fields: Partial<T>): T {
  const out = copyWithRoom(o, fieldCount(fields));
  Object.assign(out, fields);
  return out;
}
