/**
 * Decoding what a client sends with a write: the object (JSON, or YAML as the API server also accepts),
 * checked against the endpoint it was sent to — kind, apiVersion, namespace and name must agree with the
 * URL, in the API server's words — and the write options in the query (`dryRun`, `fieldManager`,
 * `fieldValidation`) and in a DELETE's body (DeleteOptions). Pure; nothing here touches the store.
 */
import { parse as parseYaml } from 'yaml';
import { StatusError } from '../api/errors.js';
import type { KindDef } from '../api/kind.js';
import type { DeleteOptions, PropagationPolicy } from '../store/types.js';
import { parseJsonBody, unsupportedMediaType } from './http.js';
import { parseFieldValidation, type FieldValidation } from './field-validation.js';
import { decodeProtobufObject } from './protobuf.js';

type Json = Record<string, unknown>;

/**
 * Go clients serialise an unset `metav1.Time` as `null`: every typed object client-go sends carries
 * `"metadata":{"creationTimestamp":null}`, and `kubectl rollout undo` sends a template that does. The
 * API server decodes that null as the zero time, i.e. no value; so does this, for every `metadata`
 * in the body. Returns a copy; the input is not changed.
 */
export function dropNullCreationTimestamps<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropNullCreationTimestamps) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'metadata' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const { creationTimestamp, ...rest } = v as Record<string, unknown>;
      out[k] = dropNullCreationTimestamps(creationTimestamp === null ? rest : v);
    } else {
      out[k] = dropNullCreationTimestamps(v);
    }
  }
  return out as T;
}

/**
 * Parses a body by its Content-Type: JSON by default, YAML for `application/yaml`, Kubernetes protobuf
 * for the kinds protobuf.ts knows (what kubectl's typed commands such as `create deployment` send).
 */
export function parseBody(body: Buffer, contentType: string | undefined, what: string): unknown {
  const media = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (media === 'application/vnd.kubernetes.protobuf') return decodeProtobufObject(body);
  const text = body.toString('utf8');
  if (media === 'application/yaml' || media === 'application/x-yaml') {
    if (text.trim() === '') throw new StatusError('BadRequest', `the request body is empty: expected ${what} as YAML`);
    try {
      return parseYaml(text) as unknown;
    } catch (e) {
      throw new StatusError('BadRequest', `the request body is not valid YAML (${(e as Error).message}): expected ${what}`);
    }
  }
  if (media !== '' && media !== 'application/json' && !media.endsWith('+json')) {
    // CBOR and anything else: the client library falls back to JSON or says why.
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got ${media})`,
    );
  }
  return parseJsonBody(text, what);
}

/**
 * The object of a POST or PUT to `def`'s endpoint, with kind and apiVersion filled in where the client
 * left them out (as the API server's decoder defaults them from the URL), and the URL's namespace.
 */
export function objectForEndpoint(def: KindDef, body: unknown, namespace: string | undefined, urlName?: string): Json {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new StatusError('BadRequest', `the request body must be a ${def.kind} object`);
  }
  const obj = dropNullCreationTimestamps(body as Json);
  if (obj.kind !== undefined && obj.kind !== def.kind) {
    throw new StatusError('BadRequest', `the object provided is unrecognized (must be of type ${def.kind}): kind "${String(obj.kind)}"`);
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== def.apiVersion) {
    throw new StatusError('BadRequest', `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${def.apiVersion})`);
  }
  const meta = obj.metadata ?? {};
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) throw new StatusError('BadRequest', `${def.kind}.metadata must be an object`);
  const m = { ...(meta as Json) };
  if (def.namespaced) {
    if (m.namespace !== undefined && m.namespace !== '' && m.namespace !== namespace) {
      throw new StatusError('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    m.namespace = namespace;
  } else {
    delete m.namespace;
  }
  if (urlName !== undefined) {
    if (m.name !== undefined && m.name !== '' && m.name !== urlName) {
      throw new StatusError('BadRequest', `the name of the object (${String(m.name)}) does not match the name on the URL (${urlName})`);
    }
    m.name = urlName;
  }
  return { ...obj, kind: def.kind, apiVersion: def.apiVersion, metadata: m };
}

export interface WriteQuery {
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation: FieldValidation;
}

/** `dryRun=All` (the only value the API server accepts), `fieldManager`, `fieldValidation`. */
export function writeQuery(q: URLSearchParams): WriteQuery {
  const dry = q.getAll('dryRun');
  for (const v of dry) {
    if (v !== 'All') throw new StatusError('BadRequest', `dryRun: Unsupported value: "${v}": supported values: "All"`);
  }
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) {
    throw new StatusError('BadRequest', `fieldManager: Too long: may not be more than 128 bytes`);
  }
  return {
    dryRun: dry.length > 0,
    ...(fieldManager ? { fieldManager } : {}),
    fieldValidation: parseFieldValidation(q.get('fieldValidation')),
  };
}

const POLICIES: readonly PropagationPolicy[] = ['Foreground', 'Background', 'Orphan'];

/** DeleteOptions from a DELETE's body (kubectl sends `{"propagationPolicy":"Background"}`) and its query. */
export function deleteOptions(body: unknown, q: URLSearchParams): DeleteOptions & { dryRun: boolean } {
  const b = (body ?? {}) as Json;
  if (typeof b !== 'object' || Array.isArray(b)) throw new StatusError('BadRequest', 'the request body must be a DeleteOptions object');
  const dryRun = q.getAll('dryRun').length > 0 || (Array.isArray(b.dryRun) && b.dryRun.length > 0);
  for (const v of [...q.getAll('dryRun'), ...(Array.isArray(b.dryRun) ? b.dryRun : [])]) {
    if (v !== 'All') throw new StatusError('BadRequest', `dryRun: Unsupported value: "${String(v)}": supported values: "All"`);
  }
  const out: DeleteOptions & { dryRun: boolean } = { dryRun };
  const grace = q.get('gracePeriodSeconds') ?? b.gracePeriodSeconds;
  if (grace !== undefined && grace !== null && grace !== '') {
    const n = Number(grace);
    if (!Number.isInteger(n)) throw new StatusError('BadRequest', `gracePeriodSeconds: Invalid value: "${String(grace)}": must be an integer`);
    // The API server treats a negative grace period as 1 second (rest.BeforeDelete).
    out.gracePeriodSeconds = n < 0 ? 1 : n;
  }
  let policy = q.get('propagationPolicy') ?? b.propagationPolicy;
  const orphan = q.get('orphanDependents') ?? b.orphanDependents;
  if ((policy === undefined || policy === null) && orphan !== undefined && orphan !== null) {
    policy = orphan === true || orphan === 'true' ? 'Orphan' : 'Background';
  }
  if (policy !== undefined && policy !== null) {
    if (!POLICIES.includes(policy as PropagationPolicy)) {
      throw new StatusError('Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`, {
        kind: 'DeleteOptions',
        group: 'meta.k8s.io',
        causes: [{ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(policy)}`, field: 'propagationPolicy' }],
      });
    }
    out.propagationPolicy = policy as PropagationPolicy;
  }
  const pre = b.preconditions as { uid?: unknown; resourceVersion?: unknown } | undefined;
  if (pre && typeof pre === 'object') {
    out.preconditions = {
      ...(typeof pre.uid === 'string' ? { uid: pre.uid } : {}),
      ...(typeof pre.resourceVersion === 'string' ? { resourceVersion: pre.resourceVersion } : {}),
    };
  }
  return out;
}
