/**
 * Tables as `kubectl get` prints them, from the per-kind column data. The same rows back the HTTP Table
 * responses (`tableRows`): the server always computes every column, priority 1 included, and kubectl
 * drops the wide ones unless asked for `-o wide` — here printTable does that dropping.
 *
 * Layout rules come from kubectl's table printer: upper-cased headers; with `-A` a NAMESPACE column
 * first; with `--show-labels` a LABELS column last; with several kinds at once (`get all`) the name cell
 * carries the kind (`pod/web`, `deployment.apps/web`). Widths come from formatTable (tab writer, padding 3).
 */
import type { KubeObject } from '../../api/meta.js';
import { defaultRegistry } from '../../api/registry.js';
import { formatTable } from '../tabwriter.js';
import { leaseColumns, namespaceColumns, nodeColumns } from './cluster.js';
import { formatLabels, type Cell, type Column, type ColumnDefinition } from './columns.js';
import { configMapColumns, secretColumns } from './config.js';
import { eventColumns } from './event.js';
import { endpointSliceColumns, endpointsColumns, serviceColumns } from './network.js';
import { podColumns } from './pod.js';
import { deploymentColumns, replicaSetColumns } from './workloads.js';

const columnsByKind: Record<string, readonly Column[]> = {
  Pod: podColumns as Column[],
  Deployment: deploymentColumns as Column[],
  ReplicaSet: replicaSetColumns as Column[],
  Service: serviceColumns as Column[],
  Endpoints: endpointsColumns as Column[],
  EndpointSlice: endpointSliceColumns as Column[],
  Node: nodeColumns as Column[],
  Namespace: namespaceColumns as Column[],
  Event: eventColumns as Column[],
  Secret: secretColumns as Column[],
  ConfigMap: configMapColumns as Column[],
  Lease: leaseColumns as Column[],
};

/** What kubectl falls back to for a kind without printer columns: NAME and AGE. */
const defaultColumns: readonly Column[] = [
  { ...podColumns[0]!, cell: (o) => o.metadata.name ?? '' } as Column,
  podColumns.find((c) => c.name === 'Age') as Column,
];

export function columnsFor(kind: string): readonly Column[] {
  return columnsByKind[kind] ?? defaultColumns;
}

/** The Table's columnDefinitions for `kind`, every priority included, as the API server sends them. */
export function columnDefinitions(kind: string): ColumnDefinition[] {
  return columnsFor(kind).map(({ name, type, format, description, priority }) => ({ name, type, format, description, priority }));
}

/** One row's cells, all columns, typed (integers stay numbers): the `cells` of a Table row. */
export function tableRow(kind: string, obj: KubeObject, now: number): Cell[] {
  return columnsFor(kind).map((c) => c.cell(obj, { now }));
}

/** `pod`, `deployment.apps`, `endpointslice.discovery.k8s.io`: the kind as kubectl names it in output. */
export function kindPrefix(kind: string): string {
  const group = defaultRegistry.get(kind)?.group ?? '';
  return group ? `${kind.toLowerCase()}.${group}` : kind.toLowerCase();
}

/** What kubectl says on stderr when a list is empty. */
export function noResourcesMessage(namespace?: string): string {
  return namespace ? `No resources found in ${namespace} namespace.` : 'No resources found';
}

export interface PrintOptions {
  now: number;
  /** `-o wide`: include priority-1 columns. */
  wide?: boolean;
  /** `--show-labels`: a LABELS column last. */
  showLabels?: boolean;
  /** Several kinds in one listing (`get all`): names print as `pod/web`. */
  withKindPrefix?: boolean;
  /** `-A`: a NAMESPACE column first. */
  showNamespace?: boolean;
  /** `-L app,tier`: a column per label key (headed by its last path segment, upper-cased), before LABELS. */
  labelColumns?: readonly string[];
  noHeaders?: boolean;
}

/** kubectl cuts a cell at its first line break (tabwriter would take it for a new row) and marks the cut. */
function firstLine(text: string): string {
  const cut = text.search(/[\f\n\r]/);
  return cut < 0 ? text : `${text.slice(0, cut)}...`;
}

/** The text `kubectl get` prints for `objects` of one kind; '' for no objects (kubectl prints only the stderr message). */
export function printTable(kind: string, objects: readonly KubeObject[], opts: PrintOptions): string {
  if (objects.length === 0) return '';
  const columns = columnsFor(kind).filter((c) => opts.wide || c.priority === 0);
  const nameIndex = opts.withKindPrefix ? columns.findIndex((c) => c.format === 'name') : -1;
  const prefix = kindPrefix(kind);
  const rows: string[][] = [];
  if (!opts.noHeaders) {
    const header = columns.map((c) => c.name.toUpperCase());
    if (opts.showNamespace) header.unshift('NAMESPACE');
    for (const key of opts.labelColumns ?? []) header.push(key.split('/').pop()!.toUpperCase());
    if (opts.showLabels) header.push('LABELS');
    rows.push(header);
  }
  for (const obj of objects) {
    const cells = columns.map((c, i) => {
      const text = firstLine(String(c.cell(obj, { now: opts.now })));
      return i === nameIndex ? `${prefix}/${text}` : text;
    });
    if (opts.showNamespace) cells.unshift(obj.metadata.namespace ?? '');
    for (const key of opts.labelColumns ?? []) cells.push(obj.metadata.labels?.[key] ?? '');
    if (opts.showLabels) cells.push(formatLabels(obj.metadata.labels));
    rows.push(cells);
  }
  return formatTable(rows);
}
