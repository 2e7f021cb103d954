/**
 * Subresources: `status` (GET/PUT/PATCH of a kind with a status: only status changes are kept),
 * `scale` of Deployments and ReplicaSets (an autoscaling/v1 Scale; a write changes only spec.replicas),
 * `pods/binding` (POST, what a scheduler sends), `pods/eviction` (POST, what `kubectl drain` sends),
 * `pods/log` and `pods/exec`. Anything else is a 404, as
 * the API server answers for a subresource it does not serve.
 */
import { StatusError } from '../api/errors.js';
import { applyPatch } from '../store/patch/index.js';
import { deleteOptions, objectForEndpoint, parseBody, writeQuery } from './body.js';
import { methodNotAllowed, readBody, sendJson } from './http.js';
import { serveLogs } from './logs.js';
import { patchBody, patchTypeOf, patchWarnings, refOf, sendObject, type ResourceRequest } from './resources.js';
import { replicasFromScale, toScale } from './scale.js';

export async function handleSubresource(r: ResourceRequest, method: string): Promise<void> {
  const sub = r.path.subresource!;
  const { def } = r;
  if (sub === 'status' && def.statusSubresource) return status(r, method);
  if (sub === 'scale' && (def.kind === 'Deployment' || def.kind === 'ReplicaSet')) return scale(r, method);
  if (def.kind === 'Pod' && sub === 'binding') {
    if (method !== 'POST') throw methodNotAllowed(method, `pods/${r.path.name}/binding`);
    return binding(r);
  }
  if (def.kind === 'Pod' && sub === 'eviction') {
    if (method !== 'POST') throw methodNotAllowed(method, `pods/${r.path.name}/eviction`);
    return eviction(r);
  }
  if (def.kind === 'Pod' && sub === 'log') {
    if (method !== 'GET') throw methodNotAllowed(method, `pods/${r.path.name}/log`);
    return serveLogs(r);
  }
  if (def.kind === 'Pod' && sub === 'exec') {
    r.ctx.target.store.mustGet('Pod', r.path.namespace, r.path.name!);
    throw new StatusError(
      'BadRequest',
      'exec needs a protocol upgrade: kubesim serves pods/exec over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io); SPDY is not supported',
    );
  }
  throw new StatusError('NotFound', 'the server could not find the requested resource');
}

async function status(r: ResourceRequest, method: string): Promise<void> {
  const store = r.ctx.target.store;
  const opts = { subresource: 'status' as const, actor: 'http-client', reason: 'API request (status)' };
  if (method === 'GET') return sendObject(r, 200, store.mustGet(r.def.kind, r.path.namespace, r.path.name!));
  if (method === 'PUT') {
    const w = writeQuery(r.query);
    const body = parseBody(await readBody(r.req), r.req.headers['content-type'], `a ${r.def.kind} object`);
    const input = objectForEndpoint(r.def, body, r.path.namespace, r.path.name);
    return sendObject(r, 200, store.replace(input as { kind: string }, { ...opts, dryRun: w.dryRun }));
  }
  if (method === 'PATCH') {
    const w = writeQuery(r.query);
    const type = patchTypeOf(r);
    const body = patchBody(type, parseBody(await readBody(r.req), 'application/json', 'a patch'));
    const warnings = patchWarnings(r.def, w, type, body);
    return sendObject(r, 200, store.patch(refOf(r), type, body, { ...opts, dryRun: w.dryRun }), warnings);
  }
  throw methodNotAllowed(method, `${r.def.plural}/${r.path.name}/status`);
}

async function scale(r: ResourceRequest, method: string): Promise<void> {
  const store = r.ctx.target.store;
  const current = store.mustGet(r.def.kind, r.path.namespace, r.path.name!);
  if (method === 'GET') return sendJson(r.res, 200, toScale(current));
  let wanted: unknown;
  let expectedRv: string | undefined;
  const w = writeQuery(r.query);
  if (method === 'PUT') {
    wanted = parseBody(await readBody(r.req), r.req.headers['content-type'], 'an autoscaling/v1 Scale');
    const rv = (wanted as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
    if (typeof rv === 'string' && rv !== '') expectedRv = rv;
  } else if (method === 'PATCH') {
    const type = patchTypeOf(r);
    const body = parseBody(await readBody(r.req), 'application/json', 'a patch');
    // The patch applies to the Scale, as the API server applies it, then spec.replicas is carried over.
    wanted = applyPatch('Scale', toScale(current), type, body);
  } else {
    throw methodNotAllowed(method, `${r.def.plural}/${r.path.name}/scale`);
  }
  const replicas = replicasFromScale(wanted, r.path.name!);
  const updated = store.update(
    refOf(r) as { kind: string; name: string },
    (d) => {
      (d as unknown as { spec: { replicas?: number } }).spec.replicas = replicas;
    },
    { actor: 'http-client', reason: `scale to ${replicas}`, dryRun: w.dryRun, ...(expectedRv ? { resourceVersion: expectedRv } : {}) },
  );
  sendJson(r.res, 200, toScale(updated));
}

async function binding(r: ResourceRequest): Promise<void> {
  const w = writeQuery(r.query);
  const body = parseBody(await readBody(r.req), r.req.headers['content-type'], 'a Binding') as { target?: { name?: unknown; kind?: unknown } } | null;
  const target = body?.target;
  if (!target || typeof target.name !== 'string' || target.name === '') {
    throw new StatusError('Invalid', `Binding "${r.path.name}" is invalid: target.name: Required value`, {
      name: r.path.name!,
      kind: 'Binding',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'target.name' }],
    });
  }
  if (target.kind !== undefined && target.kind !== 'Node' && target.kind !== '') {
    throw new StatusError('BadRequest', `Binding "${r.path.name}": target.kind must be "Node", got ${JSON.stringify(target.kind)}`);
  }
  r.ctx.target.store.bind({ ...(r.path.namespace ? { namespace: r.path.namespace } : {}), name: r.path.name! }, target.name, {
    actor: 'http-client',
    reason: 'binding',
    dryRun: w.dryRun,
  });
  sendJson(r.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

/**
 * An Eviction (policy/v1): the pod is deleted as a DELETE with the eviction's deleteOptions would delete
 * it. The API server would first check PodDisruptionBudgets; kubesim has none, so every eviction is
 * allowed. Answers 201 with a Success Status, as the API server does.
 */
async function eviction(r: ResourceRequest): Promise<void> {
  const w = writeQuery(r.query);
  const text = await readBody(r.req);
  const body = (text.length ? parseBody(text, r.req.headers['content-type'], 'a policy/v1 Eviction') : {}) as {
    metadata?: { name?: unknown };
    deleteOptions?: unknown;
  } | null;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new StatusError('BadRequest', 'the request body must be a policy/v1 Eviction object');
  const named = body.metadata?.name;
  if (named !== undefined && named !== '' && named !== r.path.name) {
    throw new StatusError('BadRequest', `name in URL does not match name in Eviction object: ${r.path.name} != ${String(named)}`);
  }
  const opts = deleteOptions(body.deleteOptions ?? undefined, new URLSearchParams());
  r.ctx.target.store.delete(refOf(r), { ...opts, dryRun: opts.dryRun || w.dryRun, actor: 'http-client', reason: 'eviction' });
  sendJson(r.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
