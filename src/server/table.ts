/**
 * Server-side printing: the `meta.k8s.io/v1 Table` that `kubectl get` asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Columns and cells come from the same per-kind
 * printer columns as kubesim's in-process kubectl (src/kubectl/printers), so real kubectl prints the same
 * bytes. Every column is sent, priority 1 included; kubectl drops the wide ones unless `-o wide`.
 * `row.object` carries PartialObjectMetadata by default (what `--show-labels`, `-A` and `-L` read), the
 * whole object with `includeObject=Object`, nothing with `None`. Pure; O(objects × columns).
 */
import { StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/meta.js';
import { columnDefinitions, tableRow } from '../kubectl/printers/index.js';
import { httpStatusError } from './http.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** What representation a request's Accept header asks for: a Table (and which version), or plain JSON. */
export interface Representation {
  table?: 'v1' | 'v1beta1';
}

/**
 * Reads an Accept header the way the API server's negotiation does: the first media range it can serve
 * wins. A Table range it understands, `application/json`, `*\/*` or no header at all are servable.
 */
export function negotiate(accept: string | undefined): Representation {
  if (!accept) return {};
  for (const range of accept.split(',')) {
    const [type, ...params] = range.split(';').map((s) => s.trim());
    const p = new Map(params.map((kv) => kv.split('=').map((s) => s.trim()) as [string, string]));
    const as = p.get('as');
    if (as === 'Table' && p.get('g') === 'meta.k8s.io') {
      const v = p.get('v');
      if (v === 'v1' || v === 'v1beta1') return { table: v };
      continue;
    }
    if (as !== undefined) continue;
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return {};
  }
  throw notAcceptable(accept);
}

function notAcceptable(accept: string): StatusError {
  return httpStatusError('NotAcceptable', `only the following media types are accepted: application/json, application/json;as=Table;v=v1;g=meta.k8s.io (asked for ${accept})`);
}

export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw new StatusError('BadRequest', `includeObject: Unsupported value: "${value}": supported values: "Metadata", "None", "Object"`);
}

function rowObject(obj: KubeObject, include: IncludeObject): Record<string, unknown> | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export interface TableOptions {
  now: number;
  include: IncludeObject;
  version?: 'v1' | 'v1beta1';
  /** The list's resourceVersion and continue token, when the table answers a list. */
  resourceVersion?: string;
  continue?: string;
  /** Leave columnDefinitions empty: later watch events reuse the first event's header. */
  omitColumns?: boolean;
}

/** A Table of `objects`, all of one `kind`. */
export function toTable(kind: string, objects: readonly KubeObject[], opts: TableOptions): Record<string, unknown> {
  const metadata: Record<string, string> = {};
  if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue !== undefined) metadata.continue = opts.continue;
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${opts.version ?? 'v1'}`,
    metadata,
    columnDefinitions: opts.omitColumns ? [] : columnDefinitions(kind),
    rows: objects.map((obj) => {
      const object = rowObject(obj, opts.include);
      return { cells: tableRow(kind, obj, opts.now), ...(object ? { object } : {}) };
    }),
  };
}
