/**
 * What the API server knows about one kind: its names (for discovery, kubectl and error messages), its
 * schema (types, structural validation and plain defaults, all in one zod definition), the defaulting that
 * depends on other fields, and the semantic validation with the API server's messages.
 */
import type { z } from 'zod';
import type { FieldError } from './errors.js';
import type { KubeObject } from './meta.js';

export interface KindDef<T extends KubeObject = KubeObject> {
  kind: string;
  /** '' for the core group. */
  group: string;
  version: string;
  /** `v1`, `apps/v1`, ... */
  apiVersion: string;
  /** Lower-case plural resource name: `pods`, `deployments`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Kinds with a status subresource ignore status on plain updates and everything but status on /status. */
  statusSubresource: boolean;
  /** Kinds whose `metadata.generation` moves when `spec` changes. */
  generationFromSpec: boolean;
  /** Structure, types and unconditional defaults. Unknown fields pass through. */
  schema: z.ZodType<T>;
  /** Defaults that depend on other fields (imagePullPolicy by tag, targetPort = port). Mutates `obj`. */
  applyDefaults?(obj: T): void;
  /**
   * Validation of an object, metadata included. Returns every error found. On an update `old` is the
   * stored version: a part the new version shares with it (the same object, which the store keeps frozen)
   * was validated when it was written, and a rule that depends on nothing outside that part may skip it.
   */
  validate(obj: T, old?: T): FieldError[];
  /** Extra rules for an update (immutable fields). Runs after `validate`. */
  validateUpdate?(obj: T, old: T): FieldError[];
  /** Rules for an update through the status subresource. Defaults to `validate`. */
  validateStatus?(obj: T, old: T): FieldError[];
  /**
   * Objects of this kind are removed this many milliseconds after their last write — the TTL the
   * API server gives Events (`--event-ttl`, one hour), so that they do not pile up for ever.
   */
  ttlMs?: number;
}

/** `Deployment.apps`, or `Pod` for the core group: how the API server names a kind in messages. */
export function qualifiedKind(def: Pick<KindDef, 'kind' | 'group'>): string {
  return def.group ? `${def.kind}.${def.group}` : def.kind;
}

/** `deployments.apps`, or `pods` for the core group: how the API server names a resource in messages. */
export function qualifiedResource(def: Pick<KindDef, 'plural' | 'group'>): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}
