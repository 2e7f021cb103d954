/**
 * The HTTP plumbing every handler shares: JSON answers with a JSON Content-Type (client libraries refuse
 * a body without one), failures as `metav1.Status` with Kubernetes' reasons and codes, and request
 * bodies read with a bound. Any error that is not a StatusError is a bug in kubesim and answers 500
 * InternalError, never a stack trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError, type Status } from '../api/errors.js';

/** The API server's own limit on a request body (3 MiB); larger bodies are refused before parsing. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, code: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(code, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** The Status for any thrown value: a StatusError as it is, anything else as a 500. */
export function toStatus(e: unknown): Status {
  if (e instanceof StatusError) return e.status;
  const message = e instanceof Error ? e.message : String(e);
  return new StatusError('InternalError', `Internal error occurred: ${message}`).status;
}

export function sendError(res: ServerResponse, e: unknown): void {
  const status = toStatus(e);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status.code, status);
}

/** Reasons only the HTTP front answers with, which errors.ts (the store's reasons) does not list. */
export type HttpOnlyReason = 'UnsupportedMediaType' | 'NotAcceptable' | 'RequestEntityTooLarge' | 'Unauthorized';

const HTTP_ONLY_CODES: Record<HttpOnlyReason, number> = { UnsupportedMediaType: 415, NotAcceptable: 406, RequestEntityTooLarge: 413, Unauthorized: 401 };

/** A StatusError with one of the reasons above, and the API server's code for it. */
export function httpStatusError(reason: HttpOnlyReason, message: string): StatusError {
  const err = new StatusError('BadRequest', message);
  Object.assign(err.status, { reason, code: HTTP_ONLY_CODES[reason] });
  return err;
}

/** 415, as the API server answers a body or patch in a format it does not decode. */
export function unsupportedMediaType(message: string): StatusError {
  return httpStatusError('UnsupportedMediaType', message);
}

/** 405, as the API server says it for a verb a resource does not serve. */
export function methodNotAllowed(method: string, what: string): StatusError {
  return new StatusError('MethodNotAllowed', `the server does not allow this method on the requested resource (${method.toLowerCase()} ${what})`);
}

/** The request body's bytes, up to MAX_BODY_BYTES; a larger one is a 413 RequestEntityTooLarge. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw httpStatusError('RequestEntityTooLarge', `the request body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body; an empty or malformed one is a 400 naming what was expected. */
export function parseJsonBody(text: string, what: string): unknown {
  if (text.trim() === '') throw new StatusError('BadRequest', `the request body is empty: expected ${what} as JSON`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new StatusError('BadRequest', `the request body is not valid JSON (${(e as Error).message}): expected ${what}`);
  }
}

/** `true`/`1`/`false`/`0`/absent as the API server's query decoding reads booleans. */
export function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw new StatusError('BadRequest', `${name}: Invalid value: "${v}": expected true or false`);
}

/** A non-negative integer query parameter, or undefined when absent. */
export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new StatusError('BadRequest', `${name}: Invalid value: "${v}": must be a non-negative integer`);
  return Number(v);
}
