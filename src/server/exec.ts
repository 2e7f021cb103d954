/**
 * `pods/exec` arrives as an upgrade request: WebSocket (kubectl 1.29+, client libraries) or SPDY/3.1
 * (older kubectl, and newer kubectl's fallback). Neither protocol is spoken here yet, so the upgrade is
 * refused with a clean 400 Status that kubectl prints as `Error from server (BadRequest): ...`, after the
 * pod has been checked (a missing pod is the usual 404).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { StatusError } from '../api/errors.js';
import { parseResourcePath } from './path.js';
import { resolveKind, type ApiContext } from './resources.js';

export function handleExecUpgrade(ctx: ApiContext, req: IncomingMessage, _socket: Duplex, _head: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://kubesim');
  const path = parseResourcePath(url.pathname);
  if (!path || path.subresource === undefined) throw new StatusError('BadRequest', 'only pods/exec can be upgraded to a streaming protocol');
  const def = resolveKind(ctx.registry, path);
  if (def.kind !== 'Pod' || path.subresource !== 'exec') throw new StatusError('BadRequest', `${def.plural}/${path.subresource} does not stream`);
  ctx.target.store.mustGet('Pod', path.namespace, path.name!);
  throw new StatusError('BadRequest', 'exec is not supported over this transport by kubesim: neither WebSocket nor SPDY streaming is served yet');
}
