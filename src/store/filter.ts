/**
 * Turns the selectors of a list or watch request into one predicate over objects. Selectors are parsed
 * (and field labels checked against the kind) before anything is read, so a bad selector is a
 * BadRequest that names it, never a partial answer.
 */
import { matchesFields, parseFieldSelector, validateFieldSelector } from '../api/fields.js';
import { equalityTerms, isEverything, matchesLabels, parseLabelSelector, type Selector } from '../api/labels.js';
import type { KubeObject } from '../api/meta.js';

export interface ObjectFilter {
  namespace?: string;
  labels?: Selector;
  /** `key=value` terms of the label selector, for index lookups. */
  labelTerms: string[];
  matches(obj: KubeObject): boolean;
}

export function compileFilter(
  kind: string,
  opts: { namespace?: string; labelSelector?: string; fieldSelector?: string },
): ObjectFilter {
  const labels = opts.labelSelector ? parseLabelSelector(opts.labelSelector) : undefined;
  const fields = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : undefined;
  if (fields) validateFieldSelector(kind, fields);
  const ns = opts.namespace;
  const checkLabels = labels && !isEverything(labels) ? labels : undefined;
  return {
    ...(ns !== undefined ? { namespace: ns } : {}),
    ...(checkLabels ? { labels: checkLabels } : {}),
    labelTerms: checkLabels ? equalityTerms(checkLabels).map((r) => `${r.key}=${r.value}`) : [],
    matches(obj) {
      if (ns !== undefined && (obj.metadata.namespace ?? '') !== ns) return false;
      if (checkLabels && !matchesLabels(checkLabels, obj.metadata.labels)) return false;
      if (fields && !matchesFields(fields, kind, obj)) return false;
      return true;
    },
  };
}
