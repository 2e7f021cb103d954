/**
 * Errors shaped like Kubernetes' `metav1.Status`, and field errors shaped like apimachinery's
 * `field.Error` (pkg/util/validation/field). Every failure a user can cause is one of these: a value
 * with a reason, a code and a message in the API server's wording, never a bare exception.
 */

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'Forbidden'
  | 'Gone'
  | 'Expired'
  | 'InternalError';

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

/** The wire shape of a failed request (`kind: Status`). */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

const CODES: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  BadRequest: 400,
  MethodNotAllowed: 405,
  Forbidden: 403,
  Gone: 410,
  Expired: 410,
  InternalError: 500,
};

export class StatusError extends Error {
  readonly status: Status;

  constructor(reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'StatusError';
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code: CODES[reason],
    };
  }

  get reason(): StatusReason {
    return this.status.reason;
  }

  get code(): number {
    return this.status.code;
  }
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

// ---- field errors -----------------------------------------------------------------------------

/** The error types of apimachinery's field package, with the words their messages start with. */
export type FieldErrorType = 'Required' | 'Invalid' | 'Duplicate' | 'NotSupported' | 'TooLong' | 'Forbidden' | 'TooMany';

export interface FieldError {
  type: FieldErrorType;
  /** Path in Kubernetes' notation: `spec.template.spec.containers[0].name`, `metadata.labels[app]`. */
  field: string;
  badValue?: unknown;
  detail?: string;
}

const CAUSE_REASON: Record<FieldErrorType, string> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  Duplicate: 'FieldValueDuplicate',
  NotSupported: 'FieldValueNotSupported',
  TooLong: 'FieldValueTooLong',
  Forbidden: 'FieldValueForbidden',
  TooMany: 'FieldValueTooMany',
};

/** Go's `%#v`-ish rendering of a bad value, as field.Error prints it: strings quoted, numbers bare. */
export function formatBadValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** The part of a field error's message after the field path, e.g. `Required value`. */
export function fieldErrorBody(e: FieldError): string {
  const detail = e.detail ? `: ${e.detail}` : '';
  switch (e.type) {
    case 'Required':
      return `Required value${detail}`;
    case 'Invalid':
      return `Invalid value: ${formatBadValue(e.badValue)}${detail}`;
    case 'Duplicate':
      return `Duplicate value: ${formatBadValue(e.badValue)}`;
    case 'NotSupported':
      return `Unsupported value: ${formatBadValue(e.badValue)}${detail}`;
    case 'TooLong':
      return `Too long${detail}`;
    case 'TooMany':
      return `Too many${detail}`;
    case 'Forbidden':
      return `Forbidden${detail}`;
  }
}

export function fieldErrorMessage(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** Shorthands in the style of `field.Required(path, detail)`. */
export const fieldError = {
  required: (field: string, detail?: string): FieldError => ({ type: 'Required', field, ...(detail ? { detail } : {}) }),
  invalid: (field: string, badValue: unknown, detail?: string): FieldError => ({
    type: 'Invalid',
    field,
    badValue,
    ...(detail ? { detail } : {}),
  }),
  duplicate: (field: string, badValue: unknown): FieldError => ({ type: 'Duplicate', field, badValue }),
  notSupported: (field: string, badValue: unknown, supported: readonly string[]): FieldError => ({
    type: 'NotSupported',
    field,
    badValue,
    detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  }),
  tooLong: (field: string, max: number): FieldError => ({
    type: 'TooLong',
    field,
    detail: `may not be more than ${max} bytes`,
  }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'Forbidden', field, detail }),
};

/**
 * The API server's 422: `Deployment.apps "web" is invalid: spec.selector: Required value`, or with several
 * errors `... is invalid: [a, b]`. `qualifiedKind` is `Kind.group` (just `Kind` for the core group).
 */
export function invalidError(qualifiedKind: string, name: string, errors: FieldError[]): StatusError {
  const messages = errors.map(fieldErrorMessage);
  const joined = messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
  const [kind, group] = splitQualifiedKind(qualifiedKind);
  return new StatusError('Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, {
    name,
    ...(group ? { group } : {}),
    kind,
    causes: errors.map((e) => ({ reason: CAUSE_REASON[e.type], message: fieldErrorBody(e), field: e.field })),
  });
}

function splitQualifiedKind(q: string): [string, string | undefined] {
  const dot = q.indexOf('.');
  return dot < 0 ? [q, undefined] : [q.slice(0, dot), q.slice(dot + 1)];
}

/** `pods "x" not found` — resource is the plural, with the group for non-core kinds (`deployments.apps`). */
export function notFound(resource: string, name: string): StatusError {
  const [kind, group] = splitQualifiedKind(resource);
  return new StatusError('NotFound', `${resource} "${name}" not found`, { name, ...(group ? { group } : {}), kind });
}

export function alreadyExists(resource: string, name: string): StatusError {
  const [kind, group] = splitQualifiedKind(resource);
  return new StatusError('AlreadyExists', `${resource} "${name}" already exists`, {
    name,
    ...(group ? { group } : {}),
    kind,
  });
}

export function conflict(resource: string, name: string, why: string): StatusError {
  const [kind, group] = splitQualifiedKind(resource);
  return new StatusError('Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${why}`, {
    name,
    ...(group ? { group } : {}),
    kind,
  });
}

export function badRequest(message: string): StatusError {
  return new StatusError('BadRequest', message);
}
