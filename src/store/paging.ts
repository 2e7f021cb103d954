/**
 * resourceVersion and continue-token parsing for list and watch requests. A continue token carries the
 * resourceVersion of the first page and the last key returned, in the API server's encoding (base64 of
 * `{"v":"meta.k8s.io/v1","rv":N,"start":"<key>\u0000"}`). Later pages show the store as it is then, not a
 * snapshot of the first page's moment (a simplification: etcd would serve the old revision).
 */
import { badRequest } from '../api/errors.js';

export function parseResourceVersion(rv: string): number {
  const n = Number(rv);
  if (!/^\d+$/.test(rv) || !Number.isSafeInteger(n)) {
    throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a non-negative integer`);
  }
  return n;
}

export function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` })).toString('base64');
}

/** The key after which the next page starts. */
export function decodeContinue(token: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data or JSON');
  }
  const p = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (p.v !== 'meta.k8s.io/v1' || typeof p.rv !== 'number' || typeof p.start !== 'string' || !p.start.endsWith('\u0000')) {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  return p.start.slice(0, -1);
}
