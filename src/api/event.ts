/**
 * Event (v1, the core group's Event that kubectl describe shows). Validation is the legacy one the API
 * server applies to v1 Events (pkg/apis/core/validation/events.go): an Event lives in the namespace of
 * the object it is about, and one with an `eventTime` (a new-style Event) must say who reported it and
 * what happened. Like Kubernetes, v1 does not check `type`; writers use Normal or Warning.
 */
import { z } from 'zod';
import { ObjectReferenceSchema } from './endpoints.js';
import { fieldError, type FieldError } from './errors.js';
import type { KindDef } from './kind.js';
import { ObjectMetaSchema } from './meta.js';
import { validateObjectMeta } from './validation/meta.js';
import { isDNS1123Subdomain, isQualifiedName } from './validation/names.js';

export const EVENT_TYPE_NORMAL = 'Normal';
export const EVENT_TYPE_WARNING = 'Warning';

export const EventSourceSchema = z.looseObject({
  component: z.string().optional(),
  host: z.string().optional(),
});

export const EventSeriesSchema = z.looseObject({
  count: z.number().int().optional(),
  lastObservedTime: z.string().optional(),
});

export const EventSchema = z.looseObject({
  apiVersion: z.string().default('v1'),
  kind: z.string().default('Event'),
  metadata: ObjectMetaSchema,
  involvedObject: ObjectReferenceSchema.prefault({}),
  reason: z.string().optional(),
  message: z.string().optional(),
  source: EventSourceSchema.prefault({}),
  firstTimestamp: z.string().optional(),
  lastTimestamp: z.string().optional(),
  count: z.number().int().optional(),
  type: z.string().optional(),
  eventTime: z.string().optional(),
  series: EventSeriesSchema.optional(),
  action: z.string().optional(),
  related: ObjectReferenceSchema.optional(),
  reportingComponent: z.string().optional(),
  reportingInstance: z.string().optional(),
});
export type Event = z.infer<typeof EventSchema>;

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

/** The checks of a new-style Event (one with eventTime), which events.k8s.io writers always fill in. */
function validateNewStyle(ev: Event): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = ev.metadata.namespace ?? '';
  // Events about cluster-scoped objects go to `default` (or `kube-system` for the control plane's own).
  if (!ev.involvedObject.namespace && namespace !== 'default' && namespace !== 'kube-system') {
    errs.push(fieldError.invalid('involvedObject.namespace', '', 'does not match event.namespace'));
  }
  // The internal field is ReportingController; Kubernetes' messages use that name.
  const controller = ev.reportingComponent ?? '';
  if (!controller) errs.push(fieldError.required('reportingController'));
  for (const m of isQualifiedName(controller)) errs.push(fieldError.invalid('reportingController', controller, m));
  const bounded = (field: string, value: string | undefined, limit: number, required: boolean) => {
    if (required && !value) errs.push(fieldError.required(field));
    if ((value?.length ?? 0) > limit) errs.push(fieldError.invalid(field, '', `can have at most ${limit} characters`));
  };
  bounded('reportingInstance', ev.reportingInstance, REPORTING_INSTANCE_LIMIT, true);
  bounded('action', ev.action, ACTION_LIMIT, true);
  bounded('reason', ev.reason, REASON_LIMIT, true);
  bounded('message', ev.message, NOTE_LIMIT, false);
  return errs;
}

/** legacyValidateEvent. */
function validateLegacy(ev: Event): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = ev.metadata.namespace ?? '';
  const involved = ev.involvedObject.namespace ?? '';
  if (!ev.eventTime) {
    // Old clients put events about cluster-scoped objects in "" or "default".
    const ok = involved ? namespace === involved : namespace === '' || namespace === 'default';
    if (!ok) errs.push(fieldError.invalid('involvedObject.namespace', involved, 'does not match event.namespace'));
  } else {
    // New-style Events are not held to involvedObject's namespace, only to a real one.
    errs.push(...validateNewStyle(ev));
  }
  for (const m of isDNS1123Subdomain(namespace)) errs.push(fieldError.invalid('namespace', namespace, m));
  return errs;
}

/** apimachinery's IsValidPathSegmentName: what the generic registry asks of every object's name. */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const problems: string[] = [];
  if (name.includes('/')) problems.push("may not contain '/'");
  if (name.includes('%')) problems.push("may not contain '%'");
  return problems;
}

export function validateEvent(ev: Event): FieldError[] {
  const errs = validateLegacy(ev);
  // The registry's own metadata check runs only once the kind's validation has passed.
  return errs.length > 0 ? errs : validateObjectMeta(ev.metadata, true, isValidPathSegmentName);
}

export const eventDef: KindDef<Event> = {
  kind: 'Event',
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  plural: 'events',
  singular: 'event',
  namespaced: true,
  shortNames: ['ev'],
  categories: [],
  statusSubresource: false,
  generationFromSpec: false,
  // kube-apiserver's --event-ttl default: an Event goes an hour after it was last written.
  ttlMs: 3_600_000,
  schema: EventSchema,
  validate: validateEvent,
};
