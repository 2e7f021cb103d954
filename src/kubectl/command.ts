/**
 * What every command is handed: the context, its parsed arguments, the namespace it works in, the
 * stdin/baseDir of the call, and the two output streams. A command returns its exit code, or throws a
 * KubectlError/StatusError that run.ts prints the way kubectl does.
 */
import type { KubeObject } from '../api/meta.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { KubectlContext, RunOptions } from './context.js';

export interface Invocation {
  ctx: KubectlContext;
  p: ParsedArgs;
  /** `-n`, else the context's default namespace. */
  namespace: string;
  /** Whether `-n` was given (some messages depend on it). */
  explicitNamespace: boolean;
  io: RunOptions;
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  /** `get`, `rollout status`: for usage errors. */
  name: string;
  flags: FlagSpec[];
  run(inv: Invocation): number;
}

/** The key a store call takes: namespaced kinds get the namespace, cluster-scoped ones none. */
export function refOf(obj: KubeObject): { kind: string; namespace?: string; name: string } {
  return { kind: obj.kind, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name ?? '' };
}

/** `deployment.apps/web`: how kubectl names an object in its one-line reports. */
export function kindSlashName(group: string, kind: string, name: string): string {
  return `${group ? `${kind.toLowerCase()}.${group}` : kind.toLowerCase()}/${name}`;
}

export const WRITE = { actor: 'kubectl' } as const;
