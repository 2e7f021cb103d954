/**
 * `kubectl describe configmap|secret|namespace` (describe.go describeConfigMap, describeSecret,
 * describeNamespace). A ConfigMap shows its values; a Secret only the size of each value, never the
 * value; a Namespace its phase and the quota and limit ranges kubesim does not have. Keys are printed
 * sorted (kubectl walks a Go map, whose order varies from run to run).
 */
import { Buffer } from 'node:buffer';
import type { ConfigMap } from '../../api/configmap.js';
import type { Namespace } from '../../api/namespace.js';
import type { Secret } from '../../api/secret.js';
import type { Store } from '../../store/store.js';
import { annotationsMultiline, describeEvents, eventsFor, labelsMultiline, PrefixWriter } from './common.js';

export function describeConfigMap(store: Store, cm: ConfigMap, now: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${cm.metadata.name}\n`);
  w.write(0, `Namespace:\t${cm.metadata.namespace}\n`);
  labelsMultiline(w, 'Labels', cm.metadata.labels);
  annotationsMultiline(w, 'Annotations', cm.metadata.annotations);
  w.write(0, '\nData\n====\n');
  for (const k of Object.keys(cm.data ?? {}).sort()) w.write(0, `${k}:\n----\n${cm.data![k]}\n\n`);
  w.write(0, '\nBinaryData\n====\n');
  for (const k of Object.keys(cm.binaryData ?? {}).sort()) w.write(0, `${k}: ${Buffer.from(cm.binaryData![k]!, 'base64').length} bytes\n`);
  w.write(0, '\n');
  describeEvents(w, eventsFor(store, cm, true), now);
  return w.toString();
}

export function describeSecret(_store: Store, s: Secret): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${s.metadata.name}\n`);
  w.write(0, `Namespace:\t${s.metadata.namespace}\n`);
  labelsMultiline(w, 'Labels', s.metadata.labels);
  annotationsMultiline(w, 'Annotations', s.metadata.annotations);
  w.write(0, `\nType:\t${s.type ?? 'Opaque'}\n`);
  w.write(0, '\nData\n====\n');
  const sizes = new Map<string, number>();
  for (const [k, v] of Object.entries(s.data ?? {})) sizes.set(k, Buffer.from(v, 'base64').length);
  for (const [k, v] of Object.entries(s.stringData ?? {})) sizes.set(k, Buffer.from(v, 'utf8').length);
  for (const k of [...sizes.keys()].sort()) w.write(0, `${k}:\t${sizes.get(k)} bytes\n`);
  return w.toString();
}

export function describeNamespace(_store: Store, ns: Namespace): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ns.metadata.name}\n`);
  labelsMultiline(w, 'Labels', ns.metadata.labels);
  annotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`);
  w.write(0, '\nNo resource quota.\n');
  w.write(0, '\nNo LimitRange resource.\n');
  return w.toString();
}
