/**
 * Watch over HTTP, as the API server streams it: `200`, chunked `application/json`, headers flushed at
 * once (a client waits for them before it does anything else), then one JSON event per line —
 * `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{...}}` — written the moment the store
 * commits the change. From a `resourceVersion` it replays every change after it; one older than the
 * store's watch cache gets a single `ERROR` event carrying a 410 Expired Status, which tells client-go
 * to list again. `allowWatchBookmarks` adds a BOOKMARK every few (wall) seconds, which keeps clients with
 * an inactivity timeout connected; `timeoutSeconds` ends the stream cleanly; a client that goes away,
 * or stops reading while more than 16 MiB wait for it, ends its watch. With a Table Accept each event
 * carries a one-row Table, the first with the column definitions, which is what `kubectl get -w` reads.
 */
import { StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/meta.js';
import type { Watch, WatchEvent } from '../store/types.js';
import { boolParam, intParam, toStatus } from './http.js';
import { listOptions, type ResourceRequest } from './resources.js';
import { negotiate, parseIncludeObject, toTable } from './table.js';

/** The watches a server has open, so that closing the server ends them. */
export class WatchRegistry {
  private readonly open = new Set<() => void>();
  /** Wall-clock ms between BOOKMARK events on watches that allow them. */
  constructor(readonly bookmarkIntervalMs = 5000) {}

  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  get size(): number {
    return this.open.size;
  }

  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}

const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** The API server's default for a watch without timeoutSeconds (--min-request-timeout, 1800 s). */
const DEFAULT_TIMEOUT_SECONDS = 1800;

export function serveWatch(r: ResourceRequest): void {
  const { res, req, ctx, def } = r;
  const store = ctx.target.store;
  const rep = negotiate(req.headers.accept);
  const include = parseIncludeObject(r.query.get('includeObject'));
  const bookmarks = boolParam(r.query, 'allowWatchBookmarks');
  const timeoutSeconds = intParam(r.query, 'timeoutSeconds') ?? DEFAULT_TIMEOUT_SECONDS;
  const { limit: _limit, continue: _continue, ...selection } = listOptions(r);
  if (r.path.name !== undefined) {
    const byName = `metadata.name=${r.path.name}`;
    selection.fieldSelector = selection.fieldSelector ? `${selection.fieldSelector},${byName}` : byName;
  }
  // sendInitialEvents=true (a "watch list", client-go's streaming replacement for LIST): the current
  // objects as ADDED events whatever resourceVersion is given, then a BOOKMARK marking their end.
  const sendInitial = boolParam(r.query, 'sendInitialEvents');
  if (sendInitial && !bookmarks) {
    throw new StatusError('Invalid', 'ListOptions.meta.k8s.io "" is invalid: allowWatchBookmarks: Required value: allowWatchBookmarks must be set to true when sendInitialEvents is set');
  }
  const rv = sendInitial ? undefined : (r.query.get('resourceVersion') ?? undefined);

  let columnsSent = false;
  const present = (obj: KubeObject): unknown => {
    if (!rep.table) return obj;
    const table = toTable(def.kind, [obj], { now: ctx.target.clock.now(), include, version: rep.table, resourceVersion: obj.metadata.resourceVersion, omitColumns: columnsSent });
    columnsSent = true;
    return table;
  };
  const send = (type: string, object: unknown) => {
    if (res.writableEnded || res.destroyed) return;
    res.write(`${JSON.stringify({ type, object })}\n`);
    if (res.writableLength > MAX_BUFFERED_BYTES) end();
  };

  /** A BOOKMARK's object: the kind (or an empty Table) carrying only the store's resourceVersion. */
  const bookmark = (annotations?: Record<string, string>) => {
    const metadata = { resourceVersion: store.resourceVersion, ...(annotations ? { annotations } : {}) };
    return rep.table
      ? { kind: 'Table', apiVersion: `meta.k8s.io/${rep.table}`, metadata, columnDefinitions: [], rows: [] }
      : { kind: def.kind, apiVersion: def.apiVersion, metadata };
  };

  let watch: Watch | undefined;
  let bookmarkTimer: ReturnType<typeof setInterval> | undefined;
  let timeoutTimer: ReturnType<typeof setTimeout> | undefined;
  let ended = false;
  let unregister = (): void => {};
  const end = () => {
    if (ended) return;
    ended = true;
    watch?.stop();
    clearInterval(bookmarkTimer);
    clearTimeout(timeoutTimer);
    unregister();
    if (!res.writableEnded) res.end();
  };
  // Subscribe before answering: a bad selector or resourceVersion is a plain 400, while the events the
  // subscription delivers at once (initial ADDEDs, a replay) wait for the headers.
  let pending: [string, unknown][] | undefined = [];
  // A failure here must never reach the store's writer (watch handlers run inside its commit): the
  // watch ends with an ERROR event instead, and the client watches again.
  const deliver = (e: WatchEvent) => {
    try {
      const object = present(e.object);
      if (pending) pending.push([e.type, object]);
      else send(e.type, object);
    } catch (err) {
      if (pending) {
        pending.push(['ERROR', toStatus(err)]);
        failed = true;
      } else {
        send('ERROR', toStatus(err));
        end();
      }
    }
  };
  let failed = false;
  let expired: unknown;
  try {
    watch = store.watch(def.kind, { ...selection, ...(rv !== undefined ? { resourceVersion: rv } : {}) }, deliver);
  } catch (e) {
    if (!(e instanceof StatusError) || e.code !== 410) throw e;
    expired = e;
  }
  unregister = ctx.watches.add(end);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  req.on('close', end);
  res.on('close', end);
  if (expired !== undefined) {
    // Too old a resourceVersion: one ERROR event with the 410 Status, then the end; the client lists again.
    send('ERROR', toStatus(expired));
    return end();
  }
  const queued = pending;
  pending = undefined;
  for (const [type, object] of queued) send(type, object);
  if (sendInitial) send('BOOKMARK', bookmark({ 'k8s.io/initial-events-end': 'true' }));
  if (failed) return end();
  if (bookmarks) bookmarkTimer = setInterval(() => send('BOOKMARK', bookmark()), ctx.watches.bookmarkIntervalMs);
  timeoutTimer = setTimeout(end, timeoutSeconds * 1000);
}
