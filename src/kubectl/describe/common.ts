/**
 * The pieces every `kubectl describe` shares (staging/src/k8s.io/kubectl/pkg/describe/describe.go): a
 * prefix writer whose lines go through Go's tabwriter, labels and annotations one per line, RFC 1123
 * times, `Controlled By`, and the Events table (sorted by last time seen, with `(x3 over 5m)` for
 * repeats). The Events section is flushed apart, as kubectl does, so its columns align on their own.
 */
import type { Event } from '../../api/event.js';
import type { KubeObject } from '../../api/meta.js';
import { parseTimestamp } from '../../api/meta.js';
import { controllerOf } from '../../api/podutil.js';
import type { Store } from '../../store/store.js';
import { humanDuration } from '../age.js';
import { tabwrite } from './tabwriter.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

/** Writes lines at an indent level (two spaces a level), buffered until flush through the tabwriter. */
export class PrefixWriter {
  private buffer = '';
  private done = '';

  write(level: number, text: string): void {
    this.buffer += '  '.repeat(level) + text;
  }

  /** Ends the current tabwriter block set (kubectl flushes before the Events table). */
  flush(): void {
    this.done += tabwrite(this.buffer);
    this.buffer = '';
  }

  toString(): string {
    this.flush();
    return this.done;
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Go's time.RFC1123Z in UTC: `Mon, 01 Jan 2024 00:00:00 +0000`. */
export function rfc1123z(timestamp: string | null | undefined): string {
  if (!timestamp) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(parseTimestamp(timestamp));
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

export function since(timestamp: string | null | undefined, now: number): string {
  return timestamp ? humanDuration(now - parseTimestamp(timestamp)) : '<unknown>';
}

/** printLabelsMultiline: `Labels:\tapp=web`, further keys on their own lines, `<none>` when empty. */
export function labelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, indent = ''): void {
  w.write(0, `${indent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => w.write(0, `${i === 0 ? '' : `${indent}\t`}${k}=${labels![k]}\n`));
}

/** printAnnotationsMultiline: like labels with `: `, the last-applied annotation left out, long values wrapped. */
export function annotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => k !== LAST_APPLIED).sort();
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.write(0, '\t');
    const value = annotations![k]!.replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 5)}...` : s}\n`);
    } else {
      w.write(0, `${k}: ${value}\n`);
    }
  });
}

/** `ReplicaSet/web-7d8f9c6b4`: the controller owner reference, or '' when there is none. */
export function controlledBy(obj: KubeObject): string {
  const ref = controllerOf(obj);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** The events about `obj` (by uid, name and namespace, and by kind when asked), as kubectl queries them. */
export function eventsFor(store: Store, obj: KubeObject, withKind: boolean): Event[] {
  const terms = [`involvedObject.name=${obj.metadata.name}`, `involvedObject.uid=${obj.metadata.uid}`];
  if (obj.metadata.namespace) terms.push(`involvedObject.namespace=${obj.metadata.namespace}`);
  if (withKind) terms.push(`involvedObject.kind=${obj.kind}`);
  return store.items('Event', { ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), fieldSelector: terms.join(',') });
}

function lastSeen(e: Event): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
  return t ? parseTimestamp(t) : 0;
}

/** DescribeEvents: `Events:\t<none>`, or the table flushed apart, oldest first. */
export function describeEvents(w: PrefixWriter, events: Event[], now: number): void {
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => lastSeen(a.e) - lastSeen(b.e) || a.i - b.i);
  for (const { e } of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval = first;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}

/** printTolerationsMultiline, sorted by key. */
export function tolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: readonly { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number | null }[] | undefined,
): void {
  w.write(0, `${title}:\t`);
  const list = [...(tolerations ?? [])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  if (list.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  list.forEach((t, i) => {
    let s = `${i === 0 ? '' : '\t'}${t.key ?? ''}`;
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${s}\n`);
  });
}
