/**
 * Network values as Kubernetes validates them for Services, Endpoints, EndpointSlices and Nodes: IP
 * addresses (parsed the way k8s.io/utils/net's ParseIPSloppy does, so `010.1.1.1` is accepted), CIDRs,
 * port numbers and protocols, with apimachinery's messages. Pure functions; no allocation of anything.
 */
import { fieldError, type FieldError } from '../errors.js';
import { isDNS1123Label, isDNS1123Subdomain } from './names.js';

export type IPFamily = 'IPv4' | 'IPv6';

/** Protocols a port may use, sorted as `sets.List` prints them in NotSupported messages. */
export const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

const IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

function parseIPv4(s: string): number[] | null {
  // Four parts of one to three decimal digits, each at most 255; read character by character, since
  // every pod status and every endpoint written asks this of its addresses.
  const out: number[] = [];
  let n = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : DOT;
    if (c === DOT) {
      if (digits === 0 || n > 255 || out.length === 4) return null;
      out.push(n);
      n = 0;
      digits = 0;
    } else if (c >= ZERO && c <= ZERO + 9 && digits < 3) {
      // Sloppy like Go's old net.ParseIP: leading zeros are read as decimal, not octal.
      n = n * 10 + (c - ZERO);
      digits++;
    } else return null;
  }
  return out.length === 4 ? out : null;
}

const DOT = 46;
const ZERO = 48;

function parseIPv6(s: string): number[] | null {
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (const [i, p] of parts.entries()) {
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** The address as 4 bytes (IPv4, including IPv4-mapped IPv6) or 16 bytes, or null when it is not an IP. */
export function parseIP(s: string): number[] | null {
  if (s.includes(':')) {
    const b = parseIPv6(s);
    if (!b) return null;
    const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
    return mapped ? b.slice(12) : b;
  }
  return parseIPv4(s);
}

/** Go's `To4() != nil`: an IPv4-mapped IPv6 address counts as IPv4, as in netutils.IsIPv6String. */
export function ipFamilyOf(s: string): IPFamily | undefined {
  const b = parseIP(s);
  if (!b) return undefined;
  return b.length === 4 ? 'IPv4' : 'IPv6';
}

/** validation.IsValidIP. */
export function validateIP(path: string, value: string): FieldError[] {
  return parseIP(value) ? [] : [fieldError.invalid(path, value, IP_MSG)];
}

export function validateIPv4(path: string, value: string): FieldError[] {
  return ipFamilyOf(value) === 'IPv4' ? [] : [fieldError.invalid(path, value, 'must be a valid IPv4 address')];
}

export function validateIPv6(path: string, value: string): FieldError[] {
  return ipFamilyOf(value) === 'IPv6' ? [] : [fieldError.invalid(path, value, 'must be a valid IPv6 address')];
}

/**
 * ValidateNonSpecialIP: endpoints and external IPs may not be unspecified, loopback or link-local, because
 * those addresses mean "this node" (or its metadata service) rather than a backend.
 */
export function validateNonSpecialIP(path: string, value: string): FieldError[] {
  const b = parseIP(value);
  if (!b) return [fieldError.invalid(path, value, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v4 = b.length === 4;
  if (b.every((x) => x === 0)) errs.push(fieldError.invalid(path, value, `may not be unspecified (${value})`));
  const loopback = v4 ? b[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  if (loopback) errs.push(fieldError.invalid(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  const linkLocal = v4 ? b[0] === 169 && b[1] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
  if (linkLocal) {
    errs.push(fieldError.invalid(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  }
  const linkLocalMulticast = v4 ? b[0] === 224 && b[1] === 0 && b[2] === 0 : b[0] === 0xff && (b[1]! & 0x0f) === 0x02;
  if (linkLocalMulticast) {
    errs.push(fieldError.invalid(path, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errs;
}

/** The family of a CIDR (`10.244.1.0/24`), or undefined when it does not parse. */
export function cidrFamilyOf(value: string): IPFamily | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return undefined;
  const family = ipFamilyOf(value.slice(0, slash));
  const bits = value.slice(slash + 1);
  if (!family || !/^[0-9]{1,3}$/.test(bits)) return undefined;
  const max = value.slice(0, slash).includes(':') ? 128 : 32;
  return Number(bits) <= max ? family : undefined;
}

/** validation.IsValidCIDR. */
export function validateCIDR(path: string, value: string): FieldError[] {
  return cidrFamilyOf(value) ? [] : [fieldError.invalid(path, value, CIDR_MSG)];
}

/** validation.IsValidPortNum, as messages. */
export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** A port protocol: required, one of TCP, UDP, SCTP. */
export function validateProtocol(path: string, protocol: string | undefined): FieldError[] {
  if (!protocol) return [fieldError.required(path)];
  if (!(SUPPORTED_PORT_PROTOCOLS as readonly string[]).includes(protocol)) {
    return [fieldError.notSupported(path, protocol, SUPPORTED_PORT_PROTOCOLS)];
  }
  return [];
}

/** ValidateDNS1123Label: one error per problem, each naming the field. */
export function validateDNS1123Label(path: string, value: string): FieldError[] {
  return isDNS1123Label(value).map((m) => fieldError.invalid(path, value, m));
}

/** ValidateDNS1123Subdomain: one error per problem, each naming the field. */
export function validateDNS1123Subdomain(path: string, value: string): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => fieldError.invalid(path, value, m));
}

/** validation.IsFullyQualifiedDomainName: a subdomain of at least two labels, trailing dot allowed. */
export function validateFQDN(path: string, value: string): FieldError[] {
  if (value.length === 0) return [fieldError.required(path)];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const sub = isDNS1123Subdomain(name);
  if (sub.length > 0) return [fieldError.invalid(path, name, sub.join(','))];
  const labels = name.split('.');
  if (labels.length < 2) {
    return [fieldError.invalid(path, name, 'should be a domain with at least two segments separated by dots')];
  }
  for (const label of labels) {
    const errs = isDNS1123Label(label);
    if (errs.length > 0) return [fieldError.invalid(path, label, errs.join(','))];
  }
  return [];
}
