/**
 * `kubectl get -o yaml`, `-o json` and `-o name`. kubectl decodes what the server sends into generic
 * maps before printing, so both YAML and JSON come out with every object's keys sorted alphabetically
 * (apiVersion, kind, metadata, spec, status happen to be in that order) — not in Go struct order. YAML is
 * go-yaml's style: 2-space indent, list items level with their key (`containers:\n- image: nginx`),
 * strings that would read as another type quoted (`"true"`, `"80"`, `"2024-01-01T00:00:00Z"`), long
 * plain strings folded at 80 columns. JSON is indented by 4 spaces.
 *
 * A list (`get pods`, even with one item) prints as `kind: List` with `metadata: {resourceVersion: ""}`;
 * a single object asked for by name prints bare.
 */
import { Document, Scalar } from 'yaml';
import type { KubeObject } from '../../api/meta.js';
import { kindPrefix } from './table.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sortKeys(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value as Json;
}

/** The `kind: List` kubectl wraps several objects in. */
export function asList(objects: readonly KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
}

function target(objOrList: KubeObject | readonly KubeObject[]): unknown {
  return Array.isArray(objOrList) ? asList(objOrList) : objOrList;
}

/** `-o json`: one object, or a List for an array. Ends with a newline. */
export function printJson(objOrList: KubeObject | readonly KubeObject[]): string {
  return `${JSON.stringify(sortKeys(target(objOrList)), null, 4)}\n`;
}

// YAML 1.1 words go-yaml quotes so that older parsers do not read them as booleans or null.
const YAML11_SPECIAL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
const LOOKS_NUMERIC = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^[-+]?0[xob][0-9a-fA-F_]+$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
const LOOKS_TIMESTAMP = /^\d{4}-\d\d?-\d\d?([Tt ]|$)/;

/** Strings go-yaml double-quotes: those that would otherwise resolve to a bool, number, null or time. */
function needsDoubleQuotes(s: string): boolean {
  return s === '' || YAML11_SPECIAL.test(s) || LOOKS_NUMERIC.test(s) || LOOKS_TIMESTAMP.test(s);
}

/** `-o yaml`: one object, or a List for an array. */
export function printYaml(objOrList: KubeObject | readonly KubeObject[]): string {
  const doc = new Document(sortKeys(target(objOrList)), { version: '1.1' });
  // Quote like go-yaml: double quotes for look-alikes (keys too: `"y": '*'`), single quotes when a
  // plain scalar is impossible, which is what the yaml package picks by itself with singleQuote.
  const visit = (node: unknown): void => {
    if (node instanceof Scalar) {
      if (typeof node.value === 'string' && needsDoubleQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
      return;
    }
    const n = node as { items?: unknown[]; key?: unknown; value?: unknown };
    if (n && Array.isArray(n.items)) for (const item of n.items) visit(item);
    if (n && 'key' in n) visit(n.key);
    if (n && 'value' in n) visit(n.value);
  };
  visit(doc.contents);
  return doc.toString({ indentSeq: false, singleQuote: true, lineWidth: 80, minContentWidth: 0 });
}

/** `-o name`: `pod/web`, `deployment.apps/web`, one a line. */
export function printName(kind: string, objects: readonly KubeObject[]): string {
  const prefix = kindPrefix(kind);
  return objects.map((o) => `${prefix}/${o.metadata.name ?? ''}\n`).join('');
}
