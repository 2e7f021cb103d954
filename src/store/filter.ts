/**
 * Turns the selectors of a list or watch request into one predicate over objects. Selectors are parsed
 * (and field labels checked against the kind) before anything is read, so a bad selector is a
 * BadRequest that names it, never a partial answer.
 */
import { matchesFields, parseFieldSelector, selectableFieldValue, validateFieldSelector } from '../api/fields.js';
import { equalityTerms, isEverything, matchesLabels, parseLabelSelector, type Selector } from '../api/labels.js';
import type { KubeObject } from '../api/meta.js';

export interface ObjectFilter {
  namespace?: string;
  labels?: Selector;
  /** `key=value` terms of the label selector, for index lookups. */
  readonly labelTerms: readonly string[];
  /**
   * A `field=value` term every match must satisfy (the first equality term of the field selector), so
   * that watch fan-out can hand an event only to the watchers of the values it carries.
   */
  fieldTerm?: FieldTerm;
  /** True when the label selector is one `key=value` term: the label index alone decides it. */
  singleLabelTerm: boolean;
  matches(obj: KubeObject): boolean;
  /** `matches` without the label selector, for objects taken from the index of its single term. */
  matchesBesidesLabels(obj: KubeObject): boolean;
}

export interface FieldTerm {
  field: string;
  value: string;
  /** The object's value of the field, as the selector compares it. */
  of(obj: KubeObject): string;
}

/**
 * Compiled filters by kind, namespace and selectors. Controllers list with the same few selectors over
 * and over (a Service's, a ReplicaSet's), and a filter is a pure function of these four strings. The
 * cache is emptied when it reaches its bound, so a stream of one-off selectors cannot grow it.
 */
const compiled = new Map<string, ObjectFilter>();
const COMPILED_MAX = 4096;

export function compileFilter(
  kind: string,
  opts: { namespace?: string; labelSelector?: string; fieldSelector?: string },
): ObjectFilter {
  const key = `${kind}\u0000${opts.namespace ?? '\u0001'}\u0000${opts.labelSelector ?? ''}\u0000${opts.fieldSelector ?? ''}`;
  let filter = compiled.get(key);
  if (!filter) {
    filter = compile(kind, opts);
    if (compiled.size >= COMPILED_MAX) compiled.clear();
    compiled.set(key, filter);
  }
  return filter;
}

function compile(kind: string, opts: { namespace?: string; labelSelector?: string; fieldSelector?: string }): ObjectFilter {
  const labels = opts.labelSelector ? parseLabelSelector(opts.labelSelector) : undefined;
  const fields = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : undefined;
  if (fields) validateFieldSelector(kind, fields);
  const ns = opts.namespace;
  const checkLabels = labels && !isEverything(labels) ? labels : undefined;
  const labelTerms = checkLabels ? equalityTerms(checkLabels).map((r) => `${r.key}=${r.value}`) : [];
  const equality = fields?.find((r) => r.operator !== '!=');
  const fieldTerm: FieldTerm | undefined = equality && {
    field: equality.field,
    value: equality.value,
    of(obj) {
      return selectableFieldValue(kind, equality.field, obj);
    },
  };
  return {
    ...(ns !== undefined ? { namespace: ns } : {}),
    ...(fieldTerm ? { fieldTerm } : {}),
    ...(checkLabels ? { labels: checkLabels } : {}),
    labelTerms,
    singleLabelTerm: checkLabels !== undefined && checkLabels.length === 1 && labelTerms.length === 1,
    matches(obj) {
      if (ns !== undefined && (obj.metadata.namespace ?? '') !== ns) return false;
      if (checkLabels && !matchesLabels(checkLabels, obj.metadata.labels)) return false;
      if (fields && !matchesFields(fields, kind, obj)) return false;
      return true;
    },
    matchesBesidesLabels(obj) {
      if (ns !== undefined && (obj.metadata.namespace ?? '') !== ns) return false;
      if (fields && !matchesFields(fields, kind, obj)) return false;
      return true;
    },
  };
}
