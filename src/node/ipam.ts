/**
 * Pod IPs from a node's pod CIDR, as the CNI plugin's host-local IPAM hands them out on a kind node.
 * Guarantees: addresses come from `<cidr>.2` upward (`.1` is the node's bridge gateway), never twice at
 * once; a released address is handed out again, lowest free first — simpler than host-local, which moves
 * round-robin, and just as unique. Cost: O(1) per release, O(addresses in use) per allocation at worst.
 */
export class PodIPAllocator {
  private readonly prefix: string;
  private readonly inUse = new Set<number>();
  private readonly first = 2;
  private readonly last = 254;

  /** `cidr` is a /24 such as `10.244.1.0/24`. */
  constructor(cidr: string) {
    const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(cidr);
    if (!m) throw new Error(`pod IP allocator: ${JSON.stringify(cidr)} is not an IPv4 /24 (like "10.244.1.0/24")`);
    this.prefix = m[1]!;
  }

  /** The lowest free address; throws when all 253 are taken, as host-local fails the sandbox. */
  allocate(): string {
    for (let host = this.first; host <= this.last; host++) {
      if (this.inUse.has(host)) continue;
      this.inUse.add(host);
      return `${this.prefix}.${host}`;
    }
    throw new Error(`failed to allocate for range 0: no IP addresses available in range set: ${this.prefix}.1-${this.prefix}.254`);
  }

  /** Returns an address to the pool; releasing one not handed out (or twice) does nothing. */
  release(ip: string): void {
    if (!ip.startsWith(`${this.prefix}.`)) return;
    this.inUse.delete(Number(ip.slice(this.prefix.length + 1)));
  }

  /** Forgets every allocation: the node rebooted and every sandbox with it. */
  reset(): void {
    this.inUse.clear();
  }

  get allocated(): number {
    return this.inUse.size;
  }
}
