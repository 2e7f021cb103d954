/**
 * Field selectors: apimachinery's pkg/fields parser, each kind's selectable fields (the registry
 * strategies' GetAttrs / ToSelectableFields) and the field-label conversion that decides which fields a
 * request may name (pkg/apis/core/v1/conversion.go, runtime.DefaultMetaV1FieldSelectorConversion).
 *
 * Guarantees:
 * - `parseFieldSelector` accepts what fields.ParseSelector accepts, including `\,` `\=` `\\` escapes in
 *   values, and fails with its message as a BadRequest.
 * - `validateFieldSelector` rejects exactly the field labels kube-apiserver 1.32 rejects for the kind, with
 *   its message, so a bad selector fails before anything is read.
 * - `matchesFields` reads only the fields the selector names and allocates nothing. A field the object
 *   lacks reads as '' — `spec.nodeName=` selects unscheduled pods, as the scheduler relies on.
 */
import { badRequest } from './errors.js';
import type { KubeObject } from './meta.js';

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

export type FieldSelector = readonly FieldRequirement[];

// ---- parsing ----------------------------------------------------------------------------------

/** Splits on commas that are not escaped; the escapes stay in the terms, to be undone per value. */
function splitTerms(s: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

// `==` is tried before `=` at each position so that `a==b` does not leave `=b` as the value.
const TERM_OPERATORS = ['!=', '==', '='] as const;

/** The field name cannot be escaped, so the first operator anywhere in the term splits it. */
function splitTerm(term: string): (Omit<FieldRequirement, 'value'> & { rhs: string }) | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return { field: term.slice(0, i), operator: op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** fields.UnescapeValue. A bare `,` or `=` in a value is an error rather than a guess. */
function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let escaped = false;
  for (const c of s) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ',' || c === '=') {
      // Go prints the rune with %v, which is its code point: `=` appears as 61.
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)!}`);
    } else {
      out += c;
    }
  }
  if (escaped) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.ParseSelector: `status.phase=Running,spec.nodeName!=`. Terms come back sorted, as Go sorts them. */
export function parseFieldSelector(s: string): FieldSelector {
  if (s === '') return [];
  const out: FieldRequirement[] = [];
  for (const part of splitTerms(s).sort()) {
    if (part === '') continue;
    const term = splitTerm(part);
    if (!term) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    out.push({ field: term.field, operator: term.operator, value: unescapeValue(term.rhs) });
  }
  return out;
}

/** fields.EscapeValue and Selector.String(): the inverse of parseFieldSelector. */
export function formatFieldSelector(sel: FieldSelector): string {
  const escape = (v: string) => v.replace(/[\\,=]/g, (c) => `\\${c}`);
  return sel.map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escape(r.value)}`).join(',');
}

// ---- what each kind exposes -------------------------------------------------------------------

type Getter = (obj: KubeObject) => string;

function at(obj: unknown, a: string, b?: string): unknown {
  const first = (obj as Record<string, unknown> | undefined)?.[a];
  return b === undefined ? first : (first as Record<string, unknown> | undefined)?.[b];
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const field =
  (a: string, b?: string): Getter =>
  (o) =>
    text(at(o, a, b));
/** Go formats these booleans with FormatBool: an absent field is `false`, never ''. */
const flag =
  (a: string, b: string): Getter =>
  (o) =>
    at(o, a, b) === true ? 'true' : 'false';
/** Counts are ints in Go, so an absent count is `0`. */
const count =
  (a: string, b: string): Getter =>
  (o) =>
    String(at(o, a, b) ?? 0);

/** PodToSelectableFields reports the first of status.podIPs, the field kubelets fill. */
function podIP(o: KubeObject): string {
  const ips = at(o, 'status', 'podIPs');
  const first = Array.isArray(ips) ? (ips[0] as { ip?: unknown } | undefined)?.ip : undefined;
  return text(first ?? at(o, 'status', 'podIP'));
}

/** EventToSelectableFields: `source` falls back to the reporting controller for events.k8s.io writers. */
function eventSource(o: KubeObject): string {
  return text(at(o, 'source', 'component')) || text(at(o, 'reportingComponent'));
}

interface KindFields {
  /** Selectable fields beyond metadata.name and metadata.namespace. */
  fields: ReadonlyMap<string, Getter>;
  /** Cluster-scoped kinds expose no metadata.namespace (ObjectMetaFieldsSet with hasNamespaceField=false). */
  clusterScoped?: boolean;
  /**
   * Labels the kind's registered field-label conversion accepts, which answers "field label not
   * supported". Without one, DefaultMetaV1FieldSelectorConversion allows only the two metadata fields.
   */
  accepts?: ReadonlySet<string>;
  /** Old names the conversion rewrites, like the v1 clients' `spec.host`. */
  renames?: ReadonlyMap<string, string>;
}

const META = ['metadata.name', 'metadata.namespace'];

type KindOptions = Omit<KindFields, 'fields' | 'accepts'> & { accepts?: string[] };

function kind(fields: Record<string, Getter>, opts: KindOptions = {}): KindFields {
  return {
    fields: new Map(Object.entries(fields)),
    ...(opts.clusterScoped ? { clusterScoped: true } : {}),
    ...(opts.accepts ? { accepts: new Set(opts.accepts) } : {}),
    ...(opts.renames ? { renames: opts.renames } : {}),
  };
}

const POD_FIELDS: Record<string, Getter> = {
  'spec.nodeName': field('spec', 'nodeName'),
  'spec.restartPolicy': field('spec', 'restartPolicy'),
  'spec.schedulerName': field('spec', 'schedulerName'),
  'spec.serviceAccountName': field('spec', 'serviceAccountName'),
  'spec.hostNetwork': flag('spec', 'hostNetwork'),
  'status.phase': field('status', 'phase'),
  'status.podIP': podIP,
  'status.nominatedNodeName': field('status', 'nominatedNodeName'),
};

const EVENT_FIELDS: Record<string, Getter> = {
  'involvedObject.kind': field('involvedObject', 'kind'),
  'involvedObject.namespace': field('involvedObject', 'namespace'),
  'involvedObject.name': field('involvedObject', 'name'),
  'involvedObject.uid': field('involvedObject', 'uid'),
  'involvedObject.apiVersion': field('involvedObject', 'apiVersion'),
  'involvedObject.resourceVersion': field('involvedObject', 'resourceVersion'),
  'involvedObject.fieldPath': field('involvedObject', 'fieldPath'),
  reason: field('reason'),
  reportingComponent: field('reportingComponent'),
  source: eventSource,
  type: field('type'),
};

const SERVICE_FIELDS: Record<string, Getter> = {
  'spec.clusterIP': field('spec', 'clusterIP'),
  'spec.type': field('spec', 'type'),
};
const REPLICAS: Record<string, Getter> = { 'status.replicas': count('status', 'replicas') };

/** Each kind's fields; `accepts` lists the labels its conversion allows (metadata ones included). */
const KINDS = new Map<string, KindFields>([
  [
    'Pod',
    // The Pod conversion also accepts status.podIPs, which GetAttrs never fills: it selects as ''.
    kind(POD_FIELDS, {
      accepts: [...META, ...Object.keys(POD_FIELDS), 'status.podIPs', 'spec.host'],
      renames: new Map([['spec.host', 'spec.nodeName']]),
    }),
  ],
  ['Event', kind(EVENT_FIELDS, { accepts: [...META, ...Object.keys(EVENT_FIELDS)] })],
  [
    'Node',
    kind({ 'spec.unschedulable': flag('spec', 'unschedulable') }, {
      clusterScoped: true,
      accepts: ['metadata.name', 'spec.unschedulable'],
    }),
  ],
  [
    'Namespace',
    kind({ 'status.phase': field('status', 'phase') }, {
      clusterScoped: true,
      accepts: ['metadata.name', 'status.phase'],
    }),
  ],
  ['Secret', kind({ type: field('type') }, { accepts: [...META, 'type'] })],
  ['Service', kind(SERVICE_FIELDS, { accepts: [...META, ...Object.keys(SERVICE_FIELDS)] })],
  ['ReplicationController', kind(REPLICAS, { accepts: [...META, 'status.replicas'] })],
  // apps/v1 registers no field-label conversion: status.replicas is in GetAttrs but cannot be asked for.
  ['ReplicaSet', kind(REPLICAS)],
]);

const CLUSTER_SCOPED = new Set([
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'CustomResourceDefinition',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'CertificateSigningRequest',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'APIService',
]);

const NO_FIELDS: KindFields = { fields: new Map() };
const clusterScopedOnly: KindFields = { fields: new Map(), clusterScoped: true };

function specOf(kindName: string): KindFields {
  return KINDS.get(kindName) ?? (CLUSTER_SCOPED.has(kindName) ? clusterScopedOnly : NO_FIELDS);
}

/** The kind's field set, as its registry strategy's GetAttrs builds it. Costs one small object. */
export function fieldsOf(kindName: string, obj: KubeObject): Record<string, string> {
  const spec = specOf(kindName);
  const out: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
  if (!spec.clusterScoped) out['metadata.namespace'] = obj.metadata.namespace ?? '';
  for (const [name, get] of spec.fields) out[name] = get(obj);
  return out;
}

function fieldValue(spec: KindFields, name: string, obj: KubeObject): string {
  if (name === 'metadata.name') return obj.metadata.name ?? '';
  if (name === 'metadata.namespace') return spec.clusterScoped ? '' : (obj.metadata.namespace ?? '');
  const get = spec.fields.get(spec.renames?.get(name) ?? name);
  return get ? get(obj) : '';
}

/** The value of one selectable field of an object, as a selector term compares it ('' when absent). */
export function selectableFieldValue(kindName: string, name: string, obj: KubeObject): string {
  return fieldValue(specOf(kindName), name, obj);
}

/** The field-label conversion the API server runs on every term, with its messages. */
export function validateFieldSelector(kindName: string, sel: FieldSelector): void {
  const spec = specOf(kindName);
  for (const r of sel) {
    if (spec.accepts) {
      if (!spec.accepts.has(r.field)) throw badRequest(`field label not supported: ${r.field}`);
    } else if (r.field !== 'metadata.name' && r.field !== 'metadata.namespace') {
      const known = '"metadata.name", "metadata.namespace"';
      throw badRequest(`${JSON.stringify(r.field)} is not a known field selector: only ${known}`);
    }
  }
}

/** Whether every term holds for the object. Reads only the named fields; allocation-free. */
export function matchesFields(sel: FieldSelector, kindName: string, obj: KubeObject): boolean {
  if (sel.length === 0) return true;
  const spec = specOf(kindName);
  for (let i = 0; i < sel.length; i++) {
    const r = sel[i]!;
    const equal = fieldValue(spec, r.field, obj) === r.value;
    if (equal === (r.operator === '!=')) return false;
  }
  return true;
}
