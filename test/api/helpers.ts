import { isStatusError } from '../../src/api/errors.js';

/** Each problem the API server reports for `run`, as `field: message`; empty when it is accepted. */
export function causesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    if (isStatusError(e)) return (e.status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
    throw e;
  }
  return [];
}
