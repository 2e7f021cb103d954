/**
 * `kubectl get events` columns (printEvent). The normal view is LAST SEEN, TYPE, REASON, OBJECT,
 * MESSAGE; `-o wide` adds SUBOBJECT, SOURCE, FIRST SEEN, COUNT and NAME. Events written with the newer
 * events.k8s.io fields (eventTime, series) read the same way as old-style ones.
 */
import type { Event } from '../../api/event.js';
import { column, NAME_DESCRIPTION, since, type CellContext, type Column } from './columns.js';

/** FIRST SEEN falls back to eventTime; `<unknown>` when neither is set. */
function firstSeen(e: Event, ctx: CellContext): string {
  return e.firstTimestamp ? since(e.firstTimestamp, ctx.now) : since(e.eventTime, ctx.now);
}

/** LAST SEEN: series.lastObservedTime for a series, else lastTimestamp, else the first sighting. */
function lastSeen(e: Event, ctx: CellContext): string {
  if (e.series) return since(e.series.lastObservedTime, ctx.now);
  return e.lastTimestamp ? since(e.lastTimestamp, ctx.now) : firstSeen(e, ctx);
}

/** COUNT: series.count, else count; a singleton event written without a count is 1. */
function count(e: Event): number {
  if (e.series) return e.series.count ?? 0;
  return e.count || 1;
}

/** OBJECT: `pod/web-1` — the involved object's kind in lower case, then its name. */
function target(e: Event): string {
  const kind = (e.involvedObject.kind ?? '').toLowerCase();
  return e.involvedObject.name ? `${kind}/${e.involvedObject.name}` : kind;
}

/** SOURCE: `kubelet, node-1`; reportingComponent/Instance stand in for an empty source. */
function source(e: Event): string {
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

export const eventColumns: Column<Event>[] = [
  column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.', lastSeen),
  column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future', (e) => e.type ?? ''),
  column('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.", (e) => e.reason ?? ''),
  column('Object', 'string', 'The object that this event is about.', target),
  column('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.', (e) => e.involvedObject.fieldPath ?? '', { priority: 1 }),
  column('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', source, { priority: 1 }),
  column('Message', 'string', 'A human-readable description of the status of this operation.', (e) => (e.message ?? '').trim()),
  column('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', firstSeen, { priority: 1 }),
  column('Count', 'string', 'The number of times this event has occurred.', count, { priority: 1 }),
  column('Name', 'string', NAME_DESCRIPTION, (e) => e.metadata.name ?? '', { priority: 1, format: 'name' }),
];
