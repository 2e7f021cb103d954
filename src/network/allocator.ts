/**
 * The Service registry's allocators: cluster IPs from the service CIDR and node ports from the node port
 * range (pkg/registry/core/service/ipallocator and portallocator). Both are Kubernetes' bitmap allocator
 * with the "static subrange" rule (KEP-3070, KEP-3668): a dynamic allocation prefers the upper band of the
 * range and only falls back to the lower band when the upper one is full, so the lower band stays free for
 * addresses and ports that users ask for by value. Guarantees: a value is held by at most one owner;
 * `allocate` reserves, `release` frees, `peekNext` reserves nothing.
 * Choices come from the Rng, so the same seed hands out the same addresses. Cost: O(1) expected per
 * allocation while the range is sparse, O(range) in the worst case; memory O(allocated).
 */
import type { Rng } from '../sim/rng.js';

/** A range of `size` integers from `base`, with a lower band of `staticBand` kept for requested values. */
export class RangeAllocator {
  private readonly used = new Set<number>();

  constructor(
    readonly base: number,
    readonly size: number,
    readonly staticBand: number,
    private readonly rng: Rng,
  ) {}

  has(value: number): boolean {
    return this.used.has(value);
  }

  inRange(value: number): boolean {
    return value >= this.base && value < this.base + this.size;
  }

  get allocated(): number {
    return this.used.size;
  }

  allocate(value: number): void {
    this.used.add(value);
  }

  release(value: number): void {
    this.used.delete(value);
  }

  /**
   * A free value, chosen as Kubernetes' randomScanStrategyWithOffset does: a random start in the upper
   * band, scanning forward (and wrapping) to the first free value; then the same in the lower band.
   * Returns undefined when the range is full. Reserves nothing.
   */
  peekNext(exclude?: ReadonlySet<number>): number | undefined {
    const bands: Array<[number, number]> = [
      [this.staticBand, this.size - this.staticBand],
      [0, this.staticBand],
    ];
    for (const [from, count] of bands) {
      if (count <= 0) continue;
      const start = this.rng.int(count);
      for (let i = 0; i < count; i++) {
        const value = this.base + from + ((start + i) % count);
        if (!this.used.has(value) && !exclude?.has(value)) return value;
      }
    }
    return undefined;
  }
}

/** min(max(lo, size / divisor), hi): the size of the static band (calculateRangeOffset). */
export function staticBandSize(size: number, lo: number, divisor: number, hi: number): number {
  return Math.min(Math.max(lo, Math.floor(size / divisor)), hi);
}

// ---- IPv4 ---------------------------------------------------------------------------------------

export function parseIPv4(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface Cidr {
  text: string;
  network: number;
  prefix: number;
}

export function parseCidr(text: string): Cidr {
  const [addr, bits] = text.split('/');
  const network = parseIPv4(addr ?? '');
  const prefix = Number(bits);
  if (network === undefined || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) {
    throw new Error(`invalid IPv4 CIDR "${text}": expected a.b.c.d/n with n between 8 and 30`);
  }
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return { text, network: (network & mask) >>> 0, prefix };
}

/**
 * The cluster IP allocator over a CIDR. Like Kubernetes' bitmap allocator for IPv4, it leaves out the
 * network and broadcast addresses: 10.96.0.0/12 hands out 10.96.0.1 to 10.111.255.254. The static band is
 * min(max(16, size/16), 256) addresses: 10.96.0.1–10.96.1.0 on a /12, where `kubernetes` (10.96.0.1) and
 * cluster DNS (10.96.0.10) live.
 */
export function clusterIPAllocator(cidr: string, rng: Rng): RangeAllocator {
  const c = parseCidr(cidr);
  const size = 2 ** (32 - c.prefix) - 2;
  return new RangeAllocator(c.network + 1, size, staticBandSize(size, 16, 16, 256), rng);
}

/** The node port allocator: the static band is min(max(16, size/32), 128) ports — 30000–30085 by default. */
export function nodePortAllocator(first: number, last: number, rng: Rng): RangeAllocator {
  const size = last - first + 1;
  return new RangeAllocator(first, size, staticBandSize(size, 16, 32, 128), rng);
}
