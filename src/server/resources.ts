/**
 * The resource endpoints: GET (one object or a list), POST, PUT, PATCH and DELETE (one object or a
 * collection) for every kind in the registry, namespaced and across all namespaces, as the API server's
 * REST handlers answer them (apiserver/pkg/endpoints/handlers). Every write goes through the Store, so it
 * is admitted, defaulted and validated there and either commits whole or changes nothing; `dryRun=All`
 * runs the same checks and writes nothing. Subresources and watch live beside this file.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError } from '../api/errors.js';
import type { KindDef } from '../api/kind.js';
import type { KubeObject } from '../api/meta.js';
import type { KindRegistry } from '../api/registry.js';
import { parsePatchType } from '../store/patch/index.js';
import type { ListOptions, ObjectRef } from '../store/types.js';
import { deleteOptions, dropNullCreationTimestamps, objectForEndpoint, parseBody, writeQuery, type WriteQuery } from './body.js';
import { checkFields, unknownFields } from './field-validation.js';
import { intParam, methodNotAllowed, readBody, sendJson, unsupportedMediaType } from './http.js';
import type { ResourcePath } from './path.js';
import { handleSubresource } from './subresources.js';
import { negotiate, parseIncludeObject, toTable } from './table.js';
import type { ServeTarget } from './target.js';
import { serveWatch, type WatchRegistry } from './watch.js';

export interface ApiContext {
  target: ServeTarget;
  registry: KindRegistry;
  watches: WatchRegistry;
}

/** A request already matched to a kind: what every handler below needs. */
export interface ResourceRequest {
  ctx: ApiContext;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  path: ResourcePath;
  def: KindDef;
}

// Kinds whose DELETE answers with the removed object rather than a Status (ReturnDeletedObject in their
// registry storage); an object that stays, terminating, is always returned.
const RETURN_DELETED = new Set(['Pod', 'Service', 'Namespace']);

function notServed(): StatusError {
  return new StatusError('NotFound', 'the server could not find the requested resource');
}

/** The kind a path names, or a 404 as the API server gives for an unknown resource. */
export function resolveKind(registry: KindRegistry, path: ResourcePath): KindDef {
  const def = registry.kinds.find((d) => d.plural === path.resource && d.group === path.group && d.version === path.version);
  if (!def) throw notServed();
  if (!def.namespaced && path.namespace !== undefined) throw notServed();
  if (def.namespaced && path.name !== undefined && path.namespace === undefined) throw notServed();
  return def;
}

export async function handleResource(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, query: URLSearchParams, path: ResourcePath): Promise<void> {
  const def = resolveKind(ctx.registry, path);
  const r: ResourceRequest = { ctx, req, res, query, path, def };
  const method = req.method ?? 'GET';
  if (path.subresource !== undefined) return handleSubresource(r, method);
  const watching = path.watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
  if (path.name === undefined) {
    if (method === 'GET' && watching) return serveWatch(r);
    if (method === 'GET') return list(r);
    if (method === 'POST') return create(r);
    if (method === 'DELETE') return deleteCollection(r);
    throw methodNotAllowed(method, def.plural);
  }
  if (method === 'GET' && watching) return serveWatch(r);
  if (method === 'GET') return get(r);
  if (method === 'PUT') return replace(r);
  if (method === 'PATCH') return patch(r);
  if (method === 'DELETE') return remove(r);
  throw methodNotAllowed(method, `${def.plural}/${path.name}`);
}

export function refOf(r: ResourceRequest): ObjectRef {
  return { kind: r.def.kind, name: r.path.name!, ...(r.path.namespace !== undefined ? { namespace: r.path.namespace } : {}) };
}

/** Sends one object, as a one-row Table when the client asked for a Table. */
export function sendObject(r: ResourceRequest, code: number, obj: KubeObject, warnings: string[] = []): void {
  const rep = negotiate(r.req.headers.accept);
  const headers = warnings.length ? { Warning: warnings.map((m) => `299 - ${JSON.stringify(m)}`).join(', ') } : undefined;
  if (rep.table) {
    const include = parseIncludeObject(r.query.get('includeObject'));
    const body = toTable(r.def.kind, [obj], { now: r.ctx.target.clock.now(), include, version: rep.table, resourceVersion: obj.metadata.resourceVersion });
    return sendJson(r.res, code, body, headers);
  }
  sendJson(r.res, code, obj, headers);
}

function get(r: ResourceRequest): void {
  const obj = r.ctx.target.store.mustGet(r.def.kind, r.path.namespace, r.path.name!);
  sendObject(r, 200, obj);
}

export function listOptions(r: ResourceRequest): ListOptions {
  const q = r.query;
  const limit = intParam(q, 'limit');
  return {
    ...(r.path.namespace !== undefined ? { namespace: r.path.namespace } : {}),
    ...(q.get('labelSelector') ? { labelSelector: q.get('labelSelector')! } : {}),
    ...(q.get('fieldSelector') ? { fieldSelector: q.get('fieldSelector')! } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(q.get('continue') ? { continue: q.get('continue')! } : {}),
  };
}

function list(r: ResourceRequest): void {
  const rep = negotiate(r.req.headers.accept);
  const result = r.ctx.target.store.list(r.def.kind, listOptions(r));
  const meta = { resourceVersion: result.resourceVersion, ...(result.continue ? { continue: result.continue } : {}) };
  if (rep.table) {
    const include = parseIncludeObject(r.query.get('includeObject'));
    const table = toTable(r.def.kind, result.items, { now: r.ctx.target.clock.now(), include, version: rep.table, ...meta });
    return sendJson(r.res, 200, table);
  }
  sendJson(r.res, 200, { kind: `${r.def.kind}List`, apiVersion: r.def.apiVersion, metadata: meta, items: result.items });
}

function writeOptions(w: WriteQuery): { actor: string; reason: string; dryRun: boolean } {
  return { actor: w.fieldManager ?? 'http-client', reason: 'API request', dryRun: w.dryRun };
}

/** The warnings for `body`'s unknown fields, or a thrown 400 under `fieldValidation=Strict`. */
function validateFields(def: KindDef, w: WriteQuery, body: unknown): string[] {
  return checkFields(w.fieldValidation, unknownFields(def.schema, body));
}

async function create(r: ResourceRequest): Promise<void> {
  const w = writeQuery(r.query);
  const body = parseBody(await readBody(r.req), r.req.headers['content-type'], `a ${r.def.kind} object`);
  const input = objectForEndpoint(r.def, body, r.path.namespace);
  const warnings = validateFields(r.def, w, input);
  const obj = r.ctx.target.store.create(input as { kind: string }, writeOptions(w));
  sendObject(r, 201, obj, warnings);
}

async function replace(r: ResourceRequest): Promise<void> {
  const w = writeQuery(r.query);
  const body = parseBody(await readBody(r.req), r.req.headers['content-type'], `a ${r.def.kind} object`);
  const input = objectForEndpoint(r.def, body, r.path.namespace, r.path.name);
  const warnings = validateFields(r.def, w, input);
  const obj = r.ctx.target.store.replace(input as { kind: string }, writeOptions(w));
  sendObject(r, 200, obj, warnings);
}

/** The patch type of a PATCH; server-side apply is answered 415, as a server without it would. */
export function patchTypeOf(r: ResourceRequest): ReturnType<typeof parsePatchType> {
  const contentType = r.req.headers['content-type'] ?? '';
  try {
    return parsePatchType(contentType);
  } catch {
    const apply = contentType.startsWith('application/apply-patch');
    throw unsupportedMediaType(
      (apply ? 'server-side apply is not supported by kubesim; use kubectl apply without --server-side. ' : '') +
        `the body of the request was in an unknown format - accepted media types include: ` +
        `application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
    );
  }
}

/**
 * A JSON patch's values decode like a body (a null creationTimestamp is no timestamp); in merge and
 * strategic merge patches null means "delete", so they are left as they are.
 */
export function patchBody(type: string, body: unknown): unknown {
  if (type !== 'application/json-patch+json' || !Array.isArray(body)) return body;
  return body.map((op: unknown) => {
    if (op === null || typeof op !== 'object' || !('value' in op)) return op;
    const o = op as { value: unknown; path?: unknown };
    // A value that is itself a metadata object (`/spec/template/metadata`) or holds one.
    const value = typeof o.path === 'string' && o.path.endsWith('/metadata') ? dropNullCreationTimestamps({ metadata: o.value }).metadata : dropNullCreationTimestamps(o.value);
    return { ...o, value };
  });
}

/** Unknown fields of a merge or strategic merge patch; directives (`$setElementOrder/...`) are not fields. */
export function patchWarnings(def: KindDef, w: WriteQuery, type: string, body: unknown): string[] {
  if (type === 'application/json-patch+json') return [];
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).filter(([k, x]) => !k.startsWith('$') && x !== null).map(([k, x]) => [k, strip(x)]));
  };
  return validateFields(def, w, strip(body));
}

async function patch(r: ResourceRequest): Promise<void> {
  const w = writeQuery(r.query);
  const type = patchTypeOf(r);
  const body = patchBody(type, parseBody(await readBody(r.req), 'application/json', 'a patch'));
  const warnings = patchWarnings(r.def, w, type, body);
  const obj = r.ctx.target.store.patch(refOf(r), type, body, writeOptions(w));
  sendObject(r, 200, obj, warnings);
}

async function remove(r: ResourceRequest): Promise<void> {
  const text = await readBody(r.req);
  const opts = deleteOptions(text.toString('utf8').trim() === '' ? undefined : parseBody(text, r.req.headers['content-type'], 'DeleteOptions'), r.query);
  const { object, removed } = r.ctx.target.store.delete(refOf(r), { ...opts, actor: 'http-client', reason: 'API request' });
  if (!removed || RETURN_DELETED.has(r.def.kind)) return sendObject(r, 200, object);
  sendJson(r.res, 200, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: object.metadata.name, ...(r.def.group ? { group: r.def.group } : {}), kind: r.def.plural, uid: object.metadata.uid },
  });
}

/** DELETE on a collection: every object the selectors match, each as a DELETE would; the list of them. */
async function deleteCollection(r: ResourceRequest): Promise<void> {
  const text = await readBody(r.req);
  const opts = deleteOptions(text.toString('utf8').trim() === '' ? undefined : parseBody(text, r.req.headers['content-type'], 'DeleteOptions'), r.query);
  const { limit: _limit, continue: _continue, ...selection } = listOptions(r);
  const store = r.ctx.target.store;
  const items: KubeObject[] = [];
  for (const obj of store.items(r.def.kind, selection)) {
    const ref = { kind: r.def.kind, name: obj.metadata.name!, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}) };
    if (!store.get(ref.kind, ref.namespace, ref.name)) continue; // gone with an owner already
    items.push(store.delete(ref, { ...opts, actor: 'http-client', reason: 'API request (deletecollection)' }).object);
  }
  sendJson(r.res, 200, { kind: `${r.def.kind}List`, apiVersion: r.def.apiVersion, metadata: { resourceVersion: store.resourceVersion }, items });
}
