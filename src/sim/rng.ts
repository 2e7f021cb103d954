/**
 * Seeded randomness. sfc32 — a small, fast generator that passes PractRand — seeded from a string key by
 * a 128-bit hash. Every component draws from its own stream, forked by name: a fork's seed depends only on
 * its parent's key and the name, never on how much the parent has drawn, so adding a component (or a
 * draw) somewhere never changes what another component sees.
 *
 * Guarantees: the same seed gives the same sequence on every machine; no global state; never reads
 * the platform's random source or the wall clock.
 */
import { v4 as uuidv4 } from 'uuid';

/** Kubernetes' alphabet for generated names (apimachinery util/rand): no vowels, no look-alikes. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** cyrb128: four 32-bit words from a string, well mixed. */
function hash128(key: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Rng {
  /** The stream's identity: the seed, then each fork's name (`42/apiserver`). */
  readonly key: string;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    this.key = String(seed);
    [this.a, this.b, this.c, this.d] = hash128(this.key);
    // Discard the first outputs: sfc32's state needs a few rounds to mix a hashed seed.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** An independent stream for one component, the same whatever this stream has drawn. */
  fork(name: string): Rng {
    return new Rng(`${this.key}/${name}`);
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** An integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new Error(`rng.int: n must be an integer in [1, 2^32], got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.next();
    while (x >= limit) x = this.next();
    return x % n;
  }

  /** An integer in [lo, hi], both included. */
  intBetween(lo: number, hi: number): number {
    if (hi < lo) throw new Error(`rng.intBetween: empty range [${lo}, ${hi}]`);
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `p`. */
  bool(p = 0.5): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('rng.pick: no items to pick from');
    return items[this.int(items.length)] as T;
  }

  /** A shuffled copy (Fisher–Yates); `items` is left as it was. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = out[i] as T;
      out[i] = out[j] as T;
      out[j] = t;
    }
    return out;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let x = this.next();
      for (let k = 0; k < 4 && i + k < n; k++) {
        out[i + k] = x & 0xff;
        x >>>= 8;
      }
    }
    return out;
  }

  /**
   * `prefix` and then `n` bytes drawn from this stream as lowercase hex: a container's or a machine's
   * ID. Joined from a table of the 256 byte spellings, so it is made in one piece (see freeze.ts).
   */
  hex(n: number, prefix = ''): string {
    const b = this.bytes(n);
    const parts: string[] = new Array(n + 1);
    parts[0] = prefix;
    for (let i = 0; i < n; i++) parts[i + 1] = BYTE_HEX[b[i]!]!;
    return parts.join('');
  }

  /** A version-4 UUID drawn from this stream, as the API server gives every object. */
  uuid(): string {
    return uuidv4({ random: this.bytes(16) });
  }

  /** `n` characters from Kubernetes' name alphabet: the suffix `generateName` adds. */
  nameSuffix(n = 5): string {
    let s = '';
    for (let i = 0; i < n; i++) s += NAME_ALPHABET[this.int(NAME_ALPHABET.length)];
    return s;
  }
}

const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
