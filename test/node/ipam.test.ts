import { describe, expect, it } from 'vitest';
import { PodIPAllocator } from '../../src/node/ipam.js';

describe('PodIPAllocator', () => {
  it('hands out .2 upward, and a released address again before any higher one', () => {
    const ipam = new PodIPAllocator('10.244.3.0/24');
    const first = Array.from({ length: 40 }, () => ipam.allocate());
    expect(first.slice(0, 3)).toEqual(['10.244.3.2', '10.244.3.3', '10.244.3.4']);
    expect(first.at(-1)).toBe('10.244.3.41');
    for (const ip of ['10.244.3.35', '10.244.3.9', '10.244.3.33']) ipam.release(ip);
    expect([ipam.allocate(), ipam.allocate(), ipam.allocate(), ipam.allocate()]).toEqual(['10.244.3.9', '10.244.3.33', '10.244.3.35', '10.244.3.42']);
    expect(ipam.allocated).toBe(41);
  });

  it('gives out all 253 addresses, .2 to .254, and then fails as host-local does', () => {
    const ipam = new PodIPAllocator('10.244.1.0/24');
    const all = Array.from({ length: 253 }, () => ipam.allocate());
    expect(new Set(all).size).toBe(253);
    expect(all.at(-1)).toBe('10.244.1.254');
    expect(() => ipam.allocate()).toThrow('failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254');
    ipam.release('10.244.1.128');
    expect(ipam.allocate()).toBe('10.244.1.128');
  });

  it('ignores releases of addresses it did not hand out, twice, or from another range', () => {
    const ipam = new PodIPAllocator('10.244.2.0/24');
    ipam.allocate();
    for (const ip of ['10.244.2.2', '10.244.2.2', '10.244.2.7', '10.244.2.1', '10.244.2.255', '10.244.9.2', '10.244.2.x']) ipam.release(ip);
    expect(ipam.allocated).toBe(0);
    expect(ipam.allocate()).toBe('10.244.2.2');
  });

  it('forgets everything on reset, and refuses a range that is not a /24', () => {
    const ipam = new PodIPAllocator('10.244.4.0/24');
    ipam.allocate();
    ipam.allocate();
    ipam.reset();
    expect(ipam.allocated).toBe(0);
    expect(ipam.allocate()).toBe('10.244.4.2');
    expect(() => new PodIPAllocator('10.244.4.0/16')).toThrow('pod IP allocator: "10.244.4.0/16" is not an IPv4 /24 (like "10.244.1.0/24")');
  });
});
