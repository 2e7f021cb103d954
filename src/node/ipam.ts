/**
 * Pod IPs from a node's pod CIDR, as the CNI plugin's host-local IPAM hands them out on a kind node.
 * Guarantees: addresses come from `<cidr>.2` upward (`.1` is the node's bridge gateway), never twice at
 * once; a released address is handed out again, lowest free first — simpler than host-local, which moves
 * round-robin, and just as unique. Cost: O(1) per release and per allocation: the addresses in use are
 * a bitmap of the /24, eight words of 32, and the lowest free one is the lowest clear bit.
 */
const FIRST = 2;
const LAST = 254;

export class PodIPAllocator {
  private readonly prefix: string;
  /** Bit h of word h >> 5 is set while `<prefix>.h` is taken; .0, .1 and .255 are never handed out. */
  private readonly taken = new Uint32Array(8);
  private count = 0;

  /** `cidr` is a /24 such as `10.244.1.0/24`. */
  constructor(cidr: string) {
    const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(cidr);
    if (!m) throw new Error(`pod IP allocator: ${JSON.stringify(cidr)} is not an IPv4 /24 (like "10.244.1.0/24")`);
    this.prefix = m[1]!;
    this.reset();
  }

  /** The lowest free address; throws when all 253 are taken, as host-local fails the sandbox. */
  allocate(): string {
    for (let w = 0; w < this.taken.length; w++) {
      const free = ~this.taken[w]!;
      if (free === 0) continue;
      // The lowest set bit of `free`, counted from the right.
      const bit = 31 - Math.clz32(free & -free);
      this.taken[w]! |= 1 << bit;
      this.count++;
      return `${this.prefix}.${(w << 5) | bit}`;
    }
    throw new Error(`failed to allocate for range 0: no IP addresses available in range set: ${this.prefix}.1-${this.prefix}.254`);
  }

  /** Returns an address to the pool; releasing one not handed out (or twice) does nothing. */
  release(ip: string): void {
    if (!ip.startsWith(`${this.prefix}.`)) return;
    const host = Number(ip.slice(this.prefix.length + 1));
    if (!Number.isInteger(host) || host < FIRST || host > LAST) return;
    const mask = 1 << (host & 31);
    if ((this.taken[host >> 5]! & mask) === 0) return;
    this.taken[host >> 5]! &= ~mask;
    this.count--;
  }

  /** Forgets every allocation: the node rebooted and every sandbox with it. */
  reset(): void {
    this.taken.fill(0);
    for (const reserved of [0, 1, 255]) this.taken[reserved >> 5]! |= 1 << (reserved & 31);
    this.count = 0;
  }

  get allocated(): number {
    return this.count;
  }
}
