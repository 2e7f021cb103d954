/** The shapes the store speaks in: references, options, watch events and trace entries. */
import type { KubeObject } from '../api/meta.js';

/** Names one object. `namespace` is omitted for cluster-scoped kinds (and defaults to `default` otherwise). */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** Who writes, and why: kept in the trace so a learner (or a failing property) can see why objects changed. */
export interface WriteOptions {
  /** `deployment-controller`, `kubelet/node-2`, `kubectl`, ... */
  actor?: string;
  /** A short reason: `scale up to 3`, `readiness probe succeeded`. */
  reason?: string;
  /** Validate and return what would be stored, write nothing (the API server's `dryRun=All`). */
  dryRun?: boolean;
}

export interface UpdateOptions extends WriteOptions {
  /** Optimistic concurrency: fail with Conflict unless the stored object still has this resourceVersion. */
  resourceVersion?: string;
}

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions extends WriteOptions {
  /** Seconds the object may take to terminate (pods); 0 removes it at once. */
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ListOptions {
  namespace?: string;
  /** `app=api,tier!=db` or an already parsed selector. */
  labelSelector?: string;
  /** `spec.nodeName=node-1,status.phase!=Running`. */
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  /** The store's resourceVersion when the list was taken: a watch from here misses nothing. */
  resourceVersion: string;
  /** Set when `limit` cut the list short: pass it back to get the next page. */
  continue?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
  /**
   * For MODIFIED (and for ADDED/DELETED caused by a selector transition), the version before this
   * change, as an informer's UpdateFunc(old, new) gets it. Absent on a watch's initial ADDED events.
   */
  previous?: T;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * Start after this resourceVersion. Absent or `"0"`: start now, with a synthetic ADDED for every object
   * that exists (as the API server does).
   */
  resourceVersion?: string;
}

export interface Watch {
  stop(): void;
}

export type Verb = 'create' | 'update' | 'patch' | 'delete';

/** The subresources kubesim serves: `/status` on kinds with a status, `/binding` on pods. */
export type Subresource = 'status' | 'binding';

/** One line of the store's history: who changed what, when, and why. */
export interface TraceEntry {
  /** Simulated time, ms since the Unix epoch. */
  time: number;
  resourceVersion: number;
  verb: Verb;
  /** What the write did to the object: ADDED, MODIFIED or DELETED. */
  type: WatchEventType;
  kind: string;
  namespace?: string;
  name: string;
  actor: string;
  reason?: string;
  subresource?: Subresource;
}
