/**
 * The shape every printer shares: a kind's columns are data — the name, type, format, description and
 * priority an API server puts in a Table's columnDefinitions, plus the function that computes the cell.
 * One list per kind serves both `kubectl get` in-process and the HTTP Table responses, so the two can
 * never disagree. Cells are typed like the server's (integers stay numbers); printing stringifies them.
 *
 * Helpers here follow apimachinery's own formatting: labels.FormatLabels, metav1.FormatLabelSelector,
 * printers.go's translateTimestampSince and layoutContainerCells.
 */
import type { KubeObject, LabelSelector } from '../../api/meta.js';
import { parseTimestamp } from '../../api/meta.js';
import { formatSelector, labelSelectorFromObject } from '../../api/labels.js';
import { humanDuration } from '../age.js';

/** What a cell function may read besides the object: the simulated time. */
export interface CellContext {
  now: number;
}

export type Cell = string | number | boolean;

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0: always shown; 1: shown by `-o wide` only. */
  priority: number;
}

export interface Column<T = KubeObject> extends ColumnDefinition {
  cell(obj: T, ctx: CellContext): Cell;
}

/** Build a column; `format` defaults to '' and `priority` to 0, as in printers.go. */
export function column<T>(
  name: string,
  type: ColumnDefinition['type'],
  description: string,
  cell: (obj: T, ctx: CellContext) => Cell,
  opts: { priority?: number; format?: string } = {},
): Column<T> {
  return { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0, cell };
}

// The API's own documentation strings (ObjectMeta's swagger docs), which real servers send as descriptions.
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** The Name column: format `name` is what lets kubectl prefix `pod/` in `get all`. */
export function nameColumn<T extends KubeObject>(opts: { priority?: number } = {}): Column<T> {
  return column<T>('Name', 'string', NAME_DESCRIPTION, (o) => o.metadata.name ?? '', { format: 'name', ...opts });
}

export function ageColumn<T extends KubeObject>(): Column<T> {
  return column<T>('Age', 'string', AGE_DESCRIPTION, (o, ctx) => since(o.metadata.creationTimestamp, ctx.now));
}

/** translateTimestampSince: `<unknown>` for a missing time, else HumanDuration of the time passed. */
export function since(timestamp: string | null | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(now - parseTimestamp(timestamp));
}

/** labels.FormatLabels: `app=web,tier=fe`, keys sorted; `<none>` when there are none. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** metav1.FormatLabelSelector: the selector's string form; `<none>` when it selects everything. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  let s: string;
  try {
    s = formatSelector(labelSelectorFromObject(selector) ?? []);
  } catch {
    return '<error>';
  }
  return s === '' ? '<none>' : s;
}

/** layoutContainerCells: names and images, each joined by commas, in spec order. */
export function containerCells(containers: readonly { name?: string; image?: string }[] | undefined): {
  names: string;
  images: string;
} {
  const list = containers ?? [];
  return { names: list.map((c) => c.name ?? '').join(','), images: list.map((c) => c.image ?? '').join(',') };
}

/** printers.go's `<none>` for empty strings. */
export function orNone(s: string | undefined | null): string {
  return s ? s : '<none>';
}
