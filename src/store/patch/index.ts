/**
 * The three patch types the API server applies to an object, dispatched on the request's Content-Type.
 * Guarantees: pure (the stored object and the patch are never mutated); the result is a new object, or
 * a StatusError — BadRequest for an unsupported type or a body of the wrong shape, the rest as each
 * patch module documents. Validation of the result is the store's job, not this module's.
 */
import { badRequest } from '../../api/errors.js';
import { applyJsonPatch, decodeJsonPatch, unprocessablePatch } from './json-patch.js';
import { applyMergePatch, isJsonObject, type JsonObject } from './merge-patch.js';
import { applyStrategicMergePatch } from './strategic.js';

export type { JsonObject, JsonValue } from './merge-patch.js';
export type { JsonPatchOperation } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyJsonPatch } from './json-patch.js';
export { applyStrategicMergePatch } from './strategic.js';

export type PatchMediaType =
  | 'application/merge-patch+json'
  | 'application/json-patch+json'
  | 'application/strategic-merge-patch+json';

/** A media type, or its short name as `kubectl patch --type` spells it. */
export type PatchType = PatchMediaType | 'merge' | 'json' | 'strategic';

const MEDIA_TYPES: Readonly<Record<string, PatchMediaType>> = {
  'application/merge-patch+json': 'application/merge-patch+json',
  'application/json-patch+json': 'application/json-patch+json',
  'application/strategic-merge-patch+json': 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

/**
 * The media type of a PATCH request's Content-Type (parameters such as `; charset=utf-8` are ignored,
 * as the API server ignores them). The server answers any other type with 415 UnsupportedMediaType and
 * this message (negotiation.NewUnsupportedMediaTypeError); errors.ts has no such reason, so it is a
 * BadRequest here, with the same words. Server-side apply (`application/apply-patch+yaml`) is not served.
 */
export function parsePatchType(contentType: string): PatchMediaType {
  const bare = contentType.split(';', 1)[0]!.trim().toLowerCase();
  const media = Object.hasOwn(MEDIA_TYPES, bare) ? MEDIA_TYPES[bare] : undefined;
  if (media === undefined) {
    throw badRequest(
      `the body of the request was in an unknown format - accepted media types include: ` +
        `application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
    );
  }
  return media;
}

/**
 * Applies `patch` of `type` to `target`, an object of `kind` (the kind picks the strategic merge patch
 * metadata). Merge and strategic merge patches must be JSON objects; a JSON patch must be an array of
 * operation objects. `type` is checked at run time too: callers may pass a Content-Type header.
 */
export function applyPatch(kind: string, target: object, type: PatchType, patch: unknown): JsonObject {
  const media = parsePatchType(type);
  const object = target as JsonObject;
  switch (media) {
    case 'application/json-patch+json': {
      const result = applyJsonPatch(object, decodeJsonPatch(patch));
      // The server cannot decode a non-object into the kind's type: a 422, like a failed operation.
      if (!isJsonObject(result)) throw unprocessablePatch(`the patched document is not an object: ${JSON.stringify(result)}`);
      return result;
    }
    case 'application/merge-patch+json':
      return applyMergePatch(object, mustBeObject(patch, media)) as JsonObject;
    case 'application/strategic-merge-patch+json':
      return applyStrategicMergePatch(kind, object, mustBeObject(patch, media));
  }
}

function mustBeObject(patch: unknown, media: PatchMediaType): JsonObject {
  if (isJsonObject(patch)) return patch;
  const got = patch === null ? 'null' : Array.isArray(patch) ? 'an array' : `a ${typeof patch}`;
  throw badRequest(`a ${media} patch must be a JSON object, got ${got}`);
}
