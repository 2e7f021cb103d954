/**
 * EndpointSlice (discovery.k8s.io/v1): a Service's backends in slices of bounded size, which is what
 * kube-proxy and cluster DNS read. Guarantees (pkg/apis/discovery/validation): at most 1000 endpoints
 * and 100 ports per slice, 1 to 100 addresses per endpoint, each valid for the slice's addressType,
 * which cannot change after creation. Ports default to name "" and protocol TCP (SetDefaults_EndpointPort).
 */
import { z } from 'zod';
import { ObjectReferenceSchema } from './endpoints.js';
import { fieldError, type FieldError } from './errors.js';
import type { KindDef } from './kind.js';
import { ObjectMetaSchema } from './meta.js';
import { validateObjectMeta } from './validation/meta.js';
import { isDNS1123Subdomain, isQualifiedName, remembering } from './validation/names.js';
import { ListElements } from './list-elements.js';
import {
  isValidPortNum,
  validateDNS1123Label,
  validateFQDN,
  validateIPv4,
  validateIPv6,
  validateNonSpecialIP,
  validateProtocol,
} from './validation/service-net.js';

export const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'] as const;
export const MAX_ENDPOINTS = 1000;
export const MAX_PORTS = 100;
export const MAX_ADDRESSES = 100;

export const EndpointConditionsSchema = z.looseObject({
  ready: z.boolean().optional(),
  serving: z.boolean().optional(),
  terminating: z.boolean().optional(),
});

export const EndpointHintsSchema = z.looseObject({
  forZones: z.array(z.looseObject({ name: z.string() })).optional(),
});

export const EndpointSchema = z.looseObject({
  addresses: z.array(z.string()),
  conditions: EndpointConditionsSchema.prefault({}),
  hostname: z.string().optional(),
  targetRef: ObjectReferenceSchema.optional(),
  nodeName: z.string().optional(),
  zone: z.string().optional(),
  hints: EndpointHintsSchema.optional(),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

export const EndpointSlicePortSchema = z.looseObject({
  name: z.string().default(''),
  protocol: z.string().default('TCP'),
  port: z.number().int().optional(),
  appProtocol: z.string().optional(),
});
export type EndpointSlicePort = z.infer<typeof EndpointSlicePortSchema>;

export const EndpointSliceSchema = z.looseObject({
  apiVersion: z.string().default('discovery.k8s.io/v1'),
  kind: z.string().default('EndpointSlice'),
  metadata: ObjectMetaSchema,
  addressType: z.string(),
  endpoints: z.array(EndpointSchema).default(() => []),
  ports: z.array(EndpointSlicePortSchema).optional(),
});
export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;

function tooMany(path: string, actual: number, max: number): FieldError {
  return { type: 'TooMany', field: path, badValue: actual, detail: `${actual}: must have at most ${max} items` };
}

function validateAddress(addressType: string, address: string, path: string): FieldError[] {
  switch (addressType) {
    case 'IPv4':
      return [...validateIPv4(path, address), ...validateNonSpecialIP(path, address)];
    case 'IPv6':
      return [...validateIPv6(path, address), ...validateNonSpecialIP(path, address)];
    case 'FQDN':
      return validateFQDN(path, address);
    default:
      // Unknown types are reported once, on addressType; their addresses are not judged.
      return [];
  }
}

function validateEndpoints(slice: EndpointSlice, old: EndpointSlice | undefined): FieldError[] {
  const errs: FieldError[] = [];
  if (slice.endpoints.length > MAX_ENDPOINTS) return [tooMany('endpoints', slice.endpoints.length, MAX_ENDPOINTS)];
  // An endpoint the stored slice holds (the very object) passed these rules when it was written, under
  // the same addressType (it is immutable).
  const held = new ListElements(old?.endpoints ?? []);
  for (let i = 0; i < slice.endpoints.length; i++) {
    const ep = slice.endpoints[i]!;
    if (held.has(ep, i)) continue;
    const path = `endpoints[${i}]`;
    const addrPath = `${path}.addresses`;
    if (ep.addresses.length === 0) errs.push(fieldError.required(addrPath, 'must contain at least 1 address'));
    else if (ep.addresses.length > MAX_ADDRESSES) errs.push(tooMany(addrPath, ep.addresses.length, MAX_ADDRESSES));
    for (let j = 0; j < ep.addresses.length; j++) {
      const a = ep.addresses[j]!;
      const check = addressChecks[slice.addressType];
      if (!check || check(a).length > 0) errs.push(...validateAddress(slice.addressType, a, `${addrPath}[${j}]`));
    }
    if (ep.hostname !== undefined) errs.push(...validateDNS1123Label(`${path}.hostname`, ep.hostname));
    if (ep.nodeName !== undefined) {
      for (const m of isDNS1123Subdomain(ep.nodeName)) errs.push(fieldError.invalid(`${path}.nodeName`, ep.nodeName, m));
    }
  }
  return errs;
}

/** The address checks of the families that have them, remembering the addresses that passed (their paths are filled in on failure). */
const addressChecks: Record<string, ((address: string) => FieldError[]) | undefined> = {
  IPv4: remembering((a) => validateAddress('IPv4', a, '')),
  IPv6: remembering((a) => validateAddress('IPv6', a, '')),
};

function validatePorts(ports: EndpointSlicePort[] | undefined): FieldError[] {
  if (!ports) return [];
  if (ports.length > MAX_PORTS) return [tooMany('ports', ports.length, MAX_PORTS)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = `ports[${i}]`;
    if (p.name) errs.push(...validateDNS1123Label(`${path}.name`, p.name));
    if (names.has(p.name)) errs.push(fieldError.duplicate(`${path}.name`, p.name));
    names.add(p.name);
    for (const m of p.port === undefined ? [] : isValidPortNum(p.port)) {
      errs.push(fieldError.invalid(`${path}.port`, p.port, m));
    }
    errs.push(...validateProtocol(`${path}.protocol`, p.protocol));
    if (p.appProtocol !== undefined) {
      for (const m of isQualifiedName(p.appProtocol)) errs.push(fieldError.invalid(`${path}.appProtocol`, p.appProtocol, m));
    }
  });
  return errs;
}

export function validateEndpointSlice(slice: EndpointSlice, old?: EndpointSlice): FieldError[] {
  const errs = validateObjectMeta(slice.metadata, true, isDNS1123Subdomain);
  if (!slice.addressType) errs.push(fieldError.required('addressType'));
  else if (!(ADDRESS_TYPES as readonly string[]).includes(slice.addressType)) {
    errs.push(fieldError.notSupported('addressType', slice.addressType, ADDRESS_TYPES));
  }
  // Ports the stored slice holds (the very list) passed these rules when they were written.
  errs.push(...validateEndpoints(slice, old), ...(old && slice.ports === old.ports ? [] : validatePorts(slice.ports)));
  return errs;
}

export const endpointSliceDef: KindDef<EndpointSlice> = {
  kind: 'EndpointSlice',
  group: 'discovery.k8s.io',
  version: 'v1',
  apiVersion: 'discovery.k8s.io/v1',
  plural: 'endpointslices',
  singular: 'endpointslice',
  namespaced: true,
  shortNames: [],
  categories: [],
  statusSubresource: false,
  generationFromSpec: false,
  schema: EndpointSliceSchema,
  validate: validateEndpointSlice,
  validateUpdate(slice, old) {
    // Consumers index slices by address type; a slice that changed type would be a different slice.
    return slice.addressType === old.addressType
      ? []
      : [fieldError.invalid('addressType', slice.addressType, 'field is immutable')];
  },
};
