/**
 * How kubectl reports a failure: a client-side error as `error: ...`, an API error as
 * `Error from server (Reason): message`, both with exit code 1. A command throws a KubectlError to stop
 * with its exact text; a StatusError from the store becomes the server form.
 */
import { isStatusError } from '../api/errors.js';
import { ManifestError } from '../api/manifest.js';

export class KubectlError extends Error {
  override readonly name = 'KubectlError';
  /** `text` is printed as is on stderr (a newline is added). */
  constructor(
    readonly text: string,
    readonly exitCode = 1,
  ) {
    super(text);
  }
}

/** `error: <message>`, kubectl's client-side wording. */
export function clientError(message: string): KubectlError {
  return new KubectlError(`error: ${message}`);
}

/** The line kubectl prints for `e`: `Error from server (NotFound): pods "x" not found`, or `error: ...`. */
export function errorText(e: unknown): string {
  if (e instanceof KubectlError) return e.text;
  if (isStatusError(e)) return `Error from server (${e.reason}): ${e.message}`;
  if (e instanceof ManifestError) return `error: ${e.message}`;
  return `error: ${e instanceof Error ? e.message : String(e)}`;
}
