/**
 * The objects a mutating command acts on, found the way kubectl's resource builder finds them: names
 * (`pod/web`, `pods web api`), `-l` selectors, `--all`, or `-f` files. Every name is looked up before
 * the command changes anything, so a missing one stops it with the server's NotFound and no write.
 */
import { notFound } from '../api/errors.js';
import { qualifiedResource, type KindDef } from '../api/kind.js';
import type { KubeObject } from '../api/meta.js';
import { bool, str, strings } from './args.js';
import type { Invocation } from './command.js';
import { KubectlError } from './errors.js';
import { readFilenames } from './filenames.js';
import { resourceRequests, resolveType } from './resources.js';

export interface Target {
  def: KindDef;
  object: KubeObject;
}

const EXAMPLES =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

export interface TargetOptions {
  /** Missing names are skipped instead of failing (`--ignore-not-found`). */
  ignoreNotFound?: boolean;
  /** The command name, for messages. */
  command: string;
}

/** Resolves the command's targets from `args` (resource words only), `-l`, `--all` and `-f`. */
export function findTargets(inv: Invocation, args: readonly string[], opts: TargetOptions): Target[] {
  const { store } = inv.ctx;
  const selector = str(inv.p, 'selector');
  const all = bool(inv.p, 'all');
  const filenames = inv.p.flags.has('filename') ? strings(inv.p, 'filename') : [];
  const out: Target[] = [];
  const lookup = (def: KindDef, namespace: string | undefined, name: string) => {
    const obj = store.get(def.kind, def.namespaced ? namespace : undefined, name);
    if (obj) out.push({ def, object: obj });
    else if (!opts.ignoreNotFound) throw notFound(qualifiedResource(def), name);
  };
  if (filenames.length > 0) {
    for (const { object } of readFilenames(inv.ctx, filenames, inv.io, opts.command)) {
      const def = resolveType(store.registry, object.kind);
      lookup(def, object.metadata?.namespace ?? inv.namespace, object.metadata?.name ?? '');
    }
    return out;
  }
  if (args.length === 0) throw new KubectlError(`error: ${EXAMPLES}`);
  for (const { def, names } of resourceRequests(store.registry, args, opts.command)) {
    if (names.length > 0) {
      if (selector || all) throw new KubectlError(`error: name cannot be provided when a selector is specified`);
      for (const name of names) lookup(def, inv.namespace, name);
      continue;
    }
    if (!selector && !all) {
      throw new KubectlError(`error: resource(s) were provided, but no name was specified`);
    }
    const ns = def.namespaced ? inv.namespace : undefined;
    const items = store.list(def.kind, { ...(ns ? { namespace: ns } : {}), ...(selector ? { labelSelector: selector } : {}) }).items;
    for (const object of items) out.push({ def, object });
  }
  return out;
}
