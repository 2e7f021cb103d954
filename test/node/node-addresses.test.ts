import { describe, expect, it } from 'vitest';
import { nodeInternalIP, nodePodCIDR } from '../../src/node/node-status.js';

describe('node addresses at Kubernetes scale (5,000 nodes)', () => {
  it.each([
    { name: 'first node', index: 0, cidr: '10.244.1.0/24', ip: '172.18.0.2' },
    { name: 'last node in 10.244.0.0/16', index: 254, cidr: '10.244.255.0/24', ip: '172.18.1.0' },
    { name: 'first node past it', index: 255, cidr: '10.128.0.0/24', ip: '172.18.1.1' },
    { name: 'second /16 of 10.128.0.0/9', index: 255 + 256, cidr: '10.129.0.0/24', ip: '172.18.2.1' },
    { name: 'node 5,000', index: 4999, cidr: '10.146.136.0/24', ip: '172.18.19.137' },
    { name: 'skips 10.244.x (the first 255 nodes)', index: 255 + 116 * 256, cidr: '10.245.0.0/24', ip: '172.18.117.1' },
  ])('$name', ({ index, cidr, ip }) => {
    expect(nodePodCIDR(index)).toBe(cidr);
    expect(nodeInternalIP(index)).toBe(ip);
  });

  it('gives 5,000 nodes distinct pod CIDRs and IPs', () => {
    const cidrs = new Set<string>();
    const ips = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      cidrs.add(nodePodCIDR(i));
      ips.add(nodeInternalIP(i));
    }
    expect(cidrs.size).toBe(5000);
    expect(ips.size).toBe(5000);
  });

  it('says when the cluster CIDR is exhausted', () => {
    expect(() => nodePodCIDR(255 + 127 * 256)).toThrow('the cluster CIDR 10.128.0.0/9 has no /24 left');
  });
});
