import { describe, expect, it } from 'vitest';
import { cidrFamilyOf, ipFamilyOf, parseIP, validateNonSpecialIP } from '../../src/api/validation/service-net.js';

describe('IP parsing', () => {
  it.each([
    { name: 'IPv4', ip: '10.96.0.1', family: 'IPv4' },
    { name: 'IPv4 with leading zeros (sloppy, as Kubernetes)', ip: '010.096.000.001', family: 'IPv4' },
    { name: 'IPv6 compressed', ip: 'fd00::10', family: 'IPv6' },
    { name: 'IPv6 full', ip: '2001:db8:0:0:0:0:0:ffff', family: 'IPv6' },
    { name: 'IPv6 all zeros', ip: '::', family: 'IPv6' },
    { name: 'IPv4-mapped IPv6 counts as IPv4', ip: '::ffff:10.0.0.1', family: 'IPv4' },
    { name: 'octet too big', ip: '10.0.0.256', family: undefined },
    { name: 'three octets', ip: '10.0.1', family: undefined },
    { name: 'five octets', ip: '10.0.0.1.2', family: undefined },
    { name: 'a trailing dot', ip: '10.0.0.1.', family: undefined },
    { name: 'an empty octet', ip: '10..0.1', family: undefined },
    { name: 'four digits in an octet', ip: '0010.0.0.1', family: undefined },
    { name: 'a sign in an octet', ip: '10.0.0.-1', family: undefined },
    { name: 'nothing', ip: '', family: undefined },
    { name: 'two double colons', ip: '1::2::3', family: undefined },
    { name: 'nine groups', ip: '1:2:3:4:5:6:7:8:9', family: undefined },
    { name: 'a zone', ip: 'fe80::1%eth0', family: undefined },
    { name: 'a name', ip: 'localhost', family: undefined },
  ])('$name', ({ ip, family }) => {
    expect(ipFamilyOf(ip)).toBe(family);
  });

  it('expands :: to the right number of zero groups', () => {
    expect(parseIP('1::8')).toEqual([0, 1, ...new Array<number>(12).fill(0), 0, 8]);
  });

  it.each([
    { cidr: '10.244.0.0/16', family: 'IPv4' },
    { cidr: 'fd00::/64', family: 'IPv6' },
    { cidr: '10.244.0.0/33', family: undefined },
    { cidr: '10.244.0.0', family: undefined },
  ])('CIDR $cidr', ({ cidr, family }) => {
    expect(cidrFamilyOf(cidr)).toBe(family);
  });

  it.each([
    { ip: '10.244.1.5', expected: [] },
    { ip: '0.0.0.0', expected: ['may not be unspecified (0.0.0.0)'] },
    { ip: 'fe80::1', expected: ['may not be in the link-local range (169.254.0.0/16, fe80::/10)'] },
    { ip: '224.0.0.251', expected: ['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'] },
    { ip: 'ff02::1', expected: ['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'] },
  ])('non-special IP $ip', ({ ip, expected }) => {
    expect(validateNonSpecialIP('ip', ip).map((e) => e.detail)).toEqual(expected);
  });
});
