/**
 * Resource arguments as kubectl's resource builder reads them: `pods`, `po`, `deployments.apps`,
 * `pods,services`, `all` (every kind in the `all` category, in discovery order), `pod/web`, and
 * `pods web api` (a type, then names). The namespace comes from `-n`, else the context's default.
 */
import type { KindDef } from '../api/kind.js';
import type { KindRegistry } from '../api/registry.js';
import { clientError, KubectlError } from './errors.js';

/** One kind to act on, with the names asked for (none: every object that matches). */
export interface ResourceRequest {
  def: KindDef;
  names: string[];
}

export function resolveType(registry: KindRegistry, word: string): KindDef {
  const def = registry.resolve(word);
  if (!def) throw clientError(`the server doesn't have a resource type "${word}"`);
  return def;
}

/** Every kind `word` stands for: `all` expands to the `all` category, commas separate kinds. */
export function resolveTypes(registry: KindRegistry, word: string): KindDef[] {
  const defs: KindDef[] = [];
  for (const part of word.split(',')) {
    if (part === '') continue;
    if (part === 'all') defs.push(...registry.kinds.filter((d) => d.categories.includes('all')));
    else defs.push(resolveType(registry, part));
  }
  return defs.filter((d, i) => defs.indexOf(d) === i);
}

/**
 * Turns `args` into requests. `command` is only for the error text (`get`, `describe`). Throws kubectl's
 * error when no resource is given, or when a type is followed by `type/name` arguments.
 */
export function resourceRequests(registry: KindRegistry, args: readonly string[], command: string): ResourceRequest[] {
  if (args.length === 0) {
    throw new KubectlError(
      `You must specify the type of resource to ${command}. Use "kubectl api-resources" for a complete list of supported resources.\n\n` +
        `error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl ${command} -h' for help and examples`,
    );
  }
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) {
      throw clientError(
        `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${command} resource/<resource_name>' instead of 'kubectl ${command} resource resource/<resource_name>'`,
      );
    }
    const requests: ResourceRequest[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      const def = resolveType(registry, arg.slice(0, slash));
      const name = arg.slice(slash + 1);
      if (name === '') throw clientError(`arguments in resource/name form must have a single resource and name`);
      const existing = requests.find((r) => r.def === def);
      if (existing) existing.names.push(name);
      else requests.push({ def, names: [name] });
    }
    return requests;
  }
  const [types, ...names] = args;
  const defs = resolveTypes(registry, types!);
  if (names.length > 0 && defs.length > 1) {
    throw clientError(`you may only specify a single resource type`);
  }
  return defs.map((def) => ({ def, names: [...names] }));
}

/** Whether kubectl prints kinds with names (`pod/web`): `all`, or more than one type asked for. */
export function multipleTypesRequested(args: readonly string[]): boolean {
  const types = new Set<string>();
  for (const arg of args) {
    const type = arg.includes('/') ? arg.slice(0, arg.indexOf('/')) : arg;
    for (const t of type.split(',')) {
      if (t === 'all') return true;
      if (t) types.add(t);
    }
    if (!arg.includes('/')) break; // `pods a b`: the rest are names
  }
  return types.size > 1;
}
