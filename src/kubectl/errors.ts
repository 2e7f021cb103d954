/**
 * How kubectl reports a failure: a client-side error as `error: ...`, an API error as
 * `Error from server (Reason): message`, both with exit code 1. A command throws a KubectlError to stop
 * with its exact text; a StatusError from the store becomes the server form.
 */
import { isStatusError, type StatusError } from '../api/errors.js';
import { ManifestError } from '../api/manifest.js';

export class KubectlError extends Error {
  override readonly name = 'KubectlError';
  /** `text` is printed as is on stderr (a newline is added). */
  constructor(
    readonly text: string,
    readonly exitCode = 1,
    /** The API error behind it, when kubectl prefixed one with the file it came from. */
    readonly original?: StatusError,
  ) {
    super(text);
  }
}

/**
 * kubectl's checkErr prints an Invalid (422) error its own way, without `Error from server`:
 * `The Deployment "api" is invalid: spec.replicas: Invalid value: -1: ...`, one `* field: message`
 * line per cause when there are several.
 */
function invalidText(e: StatusError): string {
  const d = e.status.details;
  if (!d) return 'The request is invalid';
  const head = d.kind || d.name ? `The ${d.kind ?? ''} "${d.name ?? ''}" is invalid` : 'The request is invalid';
  const causes = [...new Set((d.causes ?? []).map((c) => `${c.field}: ${c.message}`))];
  if (causes.length === 0) return head;
  if (causes.length === 1) return `${head}: ${causes[0]}`;
  return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
}

/** `error: <message>`, kubectl's client-side wording. */
export function clientError(message: string): KubectlError {
  return new KubectlError(`error: ${message}`);
}

/** The line kubectl prints for `e`: `Error from server (NotFound): pods "x" not found`, or `error: ...`. */
export function errorText(e: unknown): string {
  if (e instanceof KubectlError) return e.text;
  if (isStatusError(e) && e.reason === 'Invalid') return invalidText(e);
  if (isStatusError(e)) return `Error from server (${e.reason}): ${e.message}`;
  if (e instanceof ManifestError) return `error: ${e.message}`;
  return `error: ${e instanceof Error ? e.message : String(e)}`;
}
