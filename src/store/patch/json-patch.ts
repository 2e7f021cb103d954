/**
 * RFC 6902 JSON Patch (`application/json-patch+json`): what `kubectl rollout undo` and client-node send.
 * Guarantees: pure — the target and the operations are never mutated (both may be deeply frozen); the
 * operations apply in order and all-or-nothing (a failing operation throws, nothing is returned half
 * done); only the containers on each operation's path are copied, the rest is shared with the target,
 * and values taken from the patch are copied so the result never aliases the caller's patch.
 *
 * Errors follow the API server (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go,
 * `applyJSPatch`): a body that does not decode as a list of operations is a 400 BadRequest
 * (`jsonpatch.DecodePatch` fails); an operation that cannot be applied — unknown op, bad or missing path,
 * failed `test` — is what `patchObj.Apply` returns, which the server wraps with
 * `NewGenericServerResponse(422, ...)`: reason Invalid, message "the server rejected our request due to an
 * error in our request". The server drops evanphx/json-patch's own text there; we keep it as a cause
 * (field `patch`) so a person can see which operation failed.
 */
import { StatusError, badRequest } from '../../api/errors.js';
import { deepEqual } from '../equal.js';
import { cloneJson, isJsonObject, setMember, type JsonObject, type JsonValue } from './merge-patch.js';

export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: JsonValue;
}

type Container = JsonObject | JsonValue[];

/** The message the API server gives for every 422 it builds with `NewGenericServerResponse`. */
export const JSON_PATCH_REJECTED = 'the server rejected our request due to an error in our request';

/**
 * The API server's 422 for a patch it could not apply (`NewGenericServerResponse(422, ...)`), with the
 * patch library's own words kept as the cause.
 */
export function unprocessablePatch(detail: string): StatusError {
  return new StatusError('Invalid', JSON_PATCH_REJECTED, {
    causes: [{ reason: 'FieldValueInvalid', message: detail, field: 'patch' }],
  });
}

const cannotApply = unprocessablePatch;

/**
 * The shape check of `jsonpatch.DecodePatch`: a JSON array of objects. Anything else is a BadRequest with
 * Go's decoding message.
 */
export function decodeJsonPatch(doc: unknown): JsonPatchOperation[] {
  if (!Array.isArray(doc)) {
    return badShape(doc);
  }
  for (const op of doc) if (!isJsonObject(op)) return badShape(op, 'jsonpatch.Operation');
  return doc as JsonPatchOperation[];
}

function badShape(v: unknown, goType = 'jsonpatch.Patch'): never {
  const got = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  throw badRequest(`json: cannot unmarshal ${got} into Go value of type ${goType}`);
}

/** Applies `ops` in order. Throws BadRequest for a malformed document, Invalid (422) for an op that fails. */
export function applyJsonPatch(target: JsonValue, ops: unknown): JsonValue {
  let doc = target;
  for (const op of decodeJsonPatch(ops)) doc = applyOperation(doc, op);
  return doc;
}

function applyOperation(doc: JsonValue, op: JsonPatchOperation): JsonValue {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  switch (kind) {
    case 'add':
      return add(doc, pathOf(op, kind), valueOf(op, kind), kind);
    case 'remove':
      return remove(doc, pathOf(op, kind), kind);
    case 'replace':
      return replace(doc, pathOf(op, kind), valueOf(op, kind));
    case 'move':
      return move(doc, fromOf(op, kind), pathOf(op, kind));
    case 'copy':
      return copy(doc, fromOf(op, kind), pathOf(op, kind));
    case 'test':
      return test(doc, pathOf(op, kind), valueOf(op, kind));
    default:
      throw cannotApply(`Unexpected kind: ${kind}`);
  }
}

interface Pointer {
  text: string;
  tokens: string[];
}

function pathOf(op: JsonPatchOperation, kind: string): Pointer {
  if (typeof op.path !== 'string') throw cannotApply(`${kind} operation failed to decode path: missing value`);
  return parsePointer(op.path);
}

function fromOf(op: JsonPatchOperation, kind: string): Pointer {
  if (typeof op.from !== 'string') throw cannotApply(`${kind} operation failed to decode from: missing value`);
  return parsePointer(op.from);
}

function valueOf(op: JsonPatchOperation, kind: string): JsonValue {
  if (!Object.hasOwn(op, 'value') || op.value === undefined) throw cannotApply(`${kind} operation has no value: missing value`);
  return op.value;
}

/** RFC 6901: `""` is the whole document; otherwise `/`-separated tokens with `~1` → `/` and `~0` → `~`. */
function parsePointer(text: string): Pointer {
  if (text === '') return { text, tokens: [] };
  if (!text.startsWith('/')) throw cannotApply(`invalid JSON pointer ${JSON.stringify(text)}: it must be empty or start with "/"`);
  const tokens = text
    .slice(1)
    .split('/')
    .map((t) => {
      if (/~(?![01])/.test(t)) throw cannotApply(`invalid JSON pointer ${JSON.stringify(text)}: "~" must be followed by 0 or 1`);
      return t.replace(/~1/g, '/').replace(/~0/g, '~');
    });
  return { text, tokens };
}

/** An array index token: `0` or a number without leading zeros; `-` (past the end) only where allowed. */
function arrayIndex(token: string, length: number, allowEnd: boolean): number | undefined {
  if (token === '-') return allowEnd ? length : undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const i = Number(token);
  return i < length || (allowEnd && i === length) ? i : undefined;
}

function childOf(node: JsonValue, token: string): JsonValue | undefined {
  if (Array.isArray(node)) {
    const i = arrayIndex(token, node.length, false);
    return i === undefined ? undefined : node[i];
  }
  if (isJsonObject(node)) return Object.hasOwn(node, token) ? node[token] : undefined;
  return undefined;
}

function lookup(doc: JsonValue, p: Pointer): JsonValue | undefined {
  let node: JsonValue | undefined = doc;
  for (const t of p.tokens) {
    if (node === undefined) return undefined;
    node = childOf(node, t);
  }
  return node;
}

/**
 * Rebuilds the containers from the root down to the parent of the pointer's last token, letting `leaf`
 * produce the new parent. Returns undefined when an intermediate member is missing or not a container.
 */
function updateParent(
  node: JsonValue,
  tokens: string[],
  leaf: (parent: Container, token: string) => JsonValue,
): JsonValue | undefined {
  if (!Array.isArray(node) && !isJsonObject(node)) return undefined;
  const [token, ...rest] = tokens as [string, ...string[]];
  if (rest.length === 0) return leaf(node, token);
  const child = childOf(node, token);
  if (child === undefined) return undefined;
  const updated = updateParent(child, rest, leaf);
  if (updated === undefined) return undefined;
  if (Array.isArray(node)) {
    const next = node.slice();
    next[arrayIndex(token, node.length, false)!] = updated;
    return next;
  }
  const next = { ...node };
  setMember(next, token, updated);
  return next;
}

function add(doc: JsonValue, p: Pointer, value: JsonValue, kind: string): JsonValue {
  if (p.tokens.length === 0) return cloneJson(value);
  const out = updateParent(doc, p.tokens, (parent, token) => {
    if (isJsonObject(parent)) {
      const next = { ...parent };
      setMember(next, token, cloneJson(value));
      return next;
    }
    const i = arrayIndex(token, parent.length, true);
    if (i === undefined) throw cannotApply(`error in ${kind} for path: '${p.text}': Unable to access invalid index: ${token}: invalid index referenced`);
    return [...parent.slice(0, i), cloneJson(value), ...parent.slice(i)];
  });
  if (out === undefined) throw cannotApply(`${kind} operation does not apply: doc is missing path: "${p.text}": missing value`);
  return out;
}

function remove(doc: JsonValue, p: Pointer, kind: string): JsonValue {
  if (p.tokens.length === 0) throw cannotApply(`${kind} operation does not apply: the whole document cannot be removed`);
  const out = updateParent(doc, p.tokens, (parent, token) => {
    if (isJsonObject(parent)) {
      if (!Object.hasOwn(parent, token)) {
        throw cannotApply(`error in ${kind} for path: '${p.text}': Unable to remove nonexistent key: ${token}: missing value`);
      }
      const next = { ...parent };
      delete next[token];
      return next;
    }
    const i = arrayIndex(token, parent.length, false);
    if (i === undefined) throw cannotApply(`error in ${kind} for path: '${p.text}': Unable to access invalid index: ${token}: invalid index referenced`);
    return [...parent.slice(0, i), ...parent.slice(i + 1)];
  });
  if (out === undefined) throw cannotApply(`${kind} operation does not apply: doc is missing path: "${p.text}": missing value`);
  return out;
}

/** `replace` needs its target to exist (RFC 6902 §4.3), which is why `rollout undo` needs annotations. */
function replace(doc: JsonValue, p: Pointer, value: JsonValue): JsonValue {
  if (p.tokens.length === 0) return cloneJson(value);
  const missing = () => cannotApply(`replace operation does not apply: doc is missing key: ${p.text}: missing value`);
  const out = updateParent(doc, p.tokens, (parent, token) => {
    if (childOf(parent, token) === undefined) throw missing();
    if (isJsonObject(parent)) {
      const next = { ...parent };
      setMember(next, token, cloneJson(value));
      return next;
    }
    const next = parent.slice();
    next[arrayIndex(token, parent.length, false)!] = cloneJson(value);
    return next;
  });
  if (out === undefined) throw missing();
  return out;
}

function move(doc: JsonValue, from: Pointer, p: Pointer): JsonValue {
  const value = lookup(doc, from);
  if (value === undefined) throw cannotApply(`move operation does not apply: doc is missing from path: ${from.text}: missing value`);
  if (from.text === p.text) return doc;
  // RFC 6902 §4.4: a location cannot be moved into one of its own children.
  if (p.text.startsWith(`${from.text}/`)) throw cannotApply(`move operation does not apply: from path ${from.text} is a prefix of path ${p.text}`);
  const without = remove(doc, from, 'move');
  if (p.tokens.length > 0 && lookup(without, { text: '', tokens: p.tokens.slice(0, -1) }) === undefined) {
    throw cannotApply(`move operation does not apply: doc is missing destination path: ${p.text}: missing value`);
  }
  return add(without, p, value, 'move');
}

function copy(doc: JsonValue, from: Pointer, p: Pointer): JsonValue {
  const value = lookup(doc, from);
  if (value === undefined) throw cannotApply(`copy operation does not apply: doc is missing from path: ${from.text}: missing value`);
  if (p.tokens.length > 0 && lookup(doc, { text: '', tokens: p.tokens.slice(0, -1) }) === undefined) {
    throw cannotApply(`copy operation does not apply: doc is missing destination path: ${p.text}: missing value`);
  }
  return add(doc, p, value, 'copy');
}

/** `test` compares as JSON: `10` and `"10"` differ, object member order does not matter. */
function test(doc: JsonValue, p: Pointer, value: JsonValue): JsonValue {
  const actual = lookup(doc, p);
  if (actual === undefined) throw cannotApply(`test operation does not apply: is missing path: ${p.text}: missing value`);
  if (!deepEqual(actual, value)) throw cannotApply(`testing value ${p.text} failed: test failed`);
  return doc;
}
