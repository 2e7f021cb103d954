/**
 * Endpoints (v1): the legacy list of a Service's backends, kept for clients that predate EndpointSlices.
 * Guarantees: every port has a protocol (TCP unless written), and every admitted address is a real,
 * routable IP (ValidateEndpoints). Also home of ObjectReference, which Endpoints, EndpointSlices and
 * Events use to point at the object they talk about.
 */
import { isDraft, original } from 'immer';
import { z } from 'zod';
import { fieldError, type FieldError } from './errors.js';
import type { KindDef } from './kind.js';
import { ObjectMetaSchema } from './meta.js';
import { validateObjectMeta } from './validation/meta.js';
import { isDNS1123Subdomain, isQualifiedName } from './validation/names.js';
import { ListElements } from './list-elements.js';
import {
  isValidPortNum,
  validateDNS1123Label,
  validateIP,
  validateNonSpecialIP,
  validateProtocol,
} from './validation/service-net.js';

/** core/v1 ObjectReference. */
export const ObjectReferenceSchema = z.looseObject({
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  uid: z.string().optional(),
  apiVersion: z.string().optional(),
  resourceVersion: z.string().optional(),
  fieldPath: z.string().optional(),
});
export type ObjectReference = z.infer<typeof ObjectReferenceSchema>;

export const EndpointAddressSchema = z.looseObject({
  ip: z.string(),
  hostname: z.string().optional(),
  nodeName: z.string().optional(),
  targetRef: ObjectReferenceSchema.optional(),
});
export type EndpointAddress = z.infer<typeof EndpointAddressSchema>;

export const EndpointPortSchema = z.looseObject({
  name: z.string().optional(),
  port: z.number().int(),
  protocol: z.string().default('TCP'),
  appProtocol: z.string().optional(),
});
export type EndpointPort = z.infer<typeof EndpointPortSchema>;

export const EndpointSubsetSchema = z.looseObject({
  addresses: z.array(EndpointAddressSchema).optional(),
  notReadyAddresses: z.array(EndpointAddressSchema).optional(),
  ports: z.array(EndpointPortSchema).optional(),
});
export type EndpointSubset = z.infer<typeof EndpointSubsetSchema>;

export const EndpointsSchema = z.looseObject({
  apiVersion: z.string().default('v1'),
  kind: z.string().default('Endpoints'),
  metadata: ObjectMetaSchema,
  subsets: z.array(EndpointSubsetSchema).optional(),
});
export type Endpoints = z.infer<typeof EndpointsSchema>;

function validateAddress(a: EndpointAddress, path: string): FieldError[] {
  // An unparsable IP is reported twice, once by each check, exactly as Kubernetes does.
  const errs = validateIP(`${path}.ip`, a.ip);
  if (a.hostname) errs.push(...validateDNS1123Label(`${path}.hostname`, a.hostname));
  if (a.nodeName !== undefined) {
    for (const m of isDNS1123Subdomain(a.nodeName)) errs.push(fieldError.invalid(`${path}.nodeName`, a.nodeName, m));
  }
  errs.push(...validateNonSpecialIP(`${path}.ip`, a.ip));
  return errs;
}

function validatePort(p: EndpointPort, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(fieldError.required(`${path}.name`));
  else if (p.name) errs.push(...validateDNS1123Label(`${path}.name`, p.name));
  for (const m of isValidPortNum(p.port)) errs.push(fieldError.invalid(`${path}.port`, p.port, m));
  errs.push(...validateProtocol(`${path}.protocol`, p.protocol));
  if (p.appProtocol !== undefined) {
    for (const m of isQualifiedName(p.appProtocol)) errs.push(fieldError.invalid(`${path}.appProtocol`, p.appProtocol, m));
  }
  return errs;
}

export function validateEndpoints(ep: Endpoints, old?: Endpoints): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, true, isDNS1123Subdomain);
  (ep.subsets ?? []).forEach((ss, i) => {
    const path = `subsets[${i}]`;
    // A subset without addresses says nothing; a headless Service's subsets may lack ports, though.
    if (!ss.addresses?.length && !ss.notReadyAddresses?.length) {
      errs.push(fieldError.required(path, 'must specify `addresses` or `notReadyAddresses`'));
    }
    const stored = old?.subsets?.[i];
    validateAddresses(ss.addresses, stored?.addresses, `${path}.addresses`, errs);
    validateAddresses(ss.notReadyAddresses, stored?.notReadyAddresses, `${path}.notReadyAddresses`, errs);
    const ports = ss.ports ?? [];
    ports.forEach((p, j) => errs.push(...validatePort(p, ports.length > 1, `${path}.ports[${j}]`)));
  });
  return errs;
}

/** The addresses of one list; those the stored object holds in the same list passed when they were written. */
function validateAddresses(list: readonly EndpointAddress[] | undefined, stored: readonly EndpointAddress[] | undefined, path: string, errs: FieldError[]): void {
  if (!list) return;
  const held = new ListElements(stored ?? []);
  for (let j = 0; j < list.length; j++) {
    const a = list[j]!;
    if (!held.has(a, j)) errs.push(...validateAddress(a, `${path}[${j}]`));
  }
}

export const endpointsDef: KindDef<Endpoints> = {
  kind: 'Endpoints',
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  plural: 'endpoints',
  singular: 'endpoints',
  namespaced: true,
  shortNames: ['ep'],
  categories: [],
  statusSubresource: false,
  generationFromSpec: false,
  schema: EndpointsSchema,
  applyDefaults(ep) {
    // SetDefaults_Endpoints: Go treats an empty protocol like an absent one. Inside an immer recipe the
    // object is a draft, and reading through it makes a draft of every subset and port it passes: the
    // plain value under it says which ports lack a protocol, and only those are written through it.
    const plain = isDraft(ep) ? (original(ep) as Endpoints) : ep;
    const subsets = plain.subsets ?? [];
    for (let i = 0; i < subsets.length; i++) {
      const ports = subsets[i]!.ports ?? [];
      for (let j = 0; j < ports.length; j++) if (!ports[j]!.protocol) ep.subsets![i]!.ports![j]!.protocol = 'TCP';
    }
  },
  validate: validateEndpoints,
};
