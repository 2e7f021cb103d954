/**
 * `kubectl get`: lists or named objects of one or more kinds, printed as kubectl prints them — tables
 * (one per kind, a blank line between, `kind/name` when several kinds were asked for), `-o wide`,
 * `--show-labels`, `-A`, `-o yaml|json|name|jsonpath=...`. Missing names are reported one per line
 * (`Error from server (NotFound): pods "x" not found`) while the rest still print, and the command then
 * exits 1, as kubectl does. Cost: one store list or get per kind or name.
 */
import { notFound as apiNotFound } from '../../api/errors.js';
import { qualifiedResource, type KindDef } from '../../api/kind.js';
import type { KubeObject } from '../../api/meta.js';
import { bool, str, strings } from '../args.js';
import type { Command, Invocation } from '../command.js';
import { clientError, errorText } from '../errors.js';
import { readFilenames } from '../filenames.js';
import { printJsonPath } from '../jsonpath.js';
import { GET_FORMATS, parseOutput, type OutputFormat } from '../output-format.js';
import { asList, noResourcesMessage, printJson, printName, printTable, printYaml } from '../printers/index.js';
import { multipleTypesRequested, resourceRequests, resolveType } from '../resources.js';

interface Group {
  def: KindDef;
  objects: KubeObject[];
}

export const getCommand: Command = {
  name: 'get',
  flags: [
    { name: 'output', short: 'o', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'field-selector', type: 'string' },
    { name: 'show-labels', type: 'bool' },
    { name: 'label-columns', short: 'L', type: 'strings' },
    { name: 'show-kind', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'filename', short: 'f', type: 'strings' },
    { name: 'watch', short: 'w', type: 'bool' },
  ],
  run: runGet,
};

function runGet(inv: Invocation): number {
  const { p, ctx } = inv;
  const format = parseOutput(str(p, 'output'), GET_FORMATS);
  if (bool(p, 'watch')) {
    throw clientError('--watch is not supported in-process: advance simulated time, then get again');
  }
  const allNamespaces = bool(p, 'all-namespaces');
  const labelSelector = str(p, 'selector');
  const fieldSelector = str(p, 'field-selector');
  const errors: string[] = [];
  const groups: Group[] = [];
  const add = (def: KindDef, obj: KubeObject) => {
    const g = groups.find((x) => x.def === def);
    if (g) g.objects.push(obj);
    else groups.push({ def, objects: [obj] });
  };

  const filenames = strings(p, 'filename');
  let single = false;
  let withKind = bool(p, 'show-kind');
  let clusterScopedAsked = false;
  if (filenames.length > 0) {
    if (p.args.length > 0) throw clientError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    const sourced = readFilenames(ctx, filenames, inv.io, 'get');
    single = sourced.length === 1;
    withKind ||= new Set(sourced.map((s) => s.object.kind)).size > 1;
    for (const { object } of sourced) {
      const def = resolveType(ctx.store.registry, object.kind);
      const ns = def.namespaced ? (object.metadata.namespace ?? inv.namespace) : undefined;
      const found = ctx.store.get(def.kind, ns, object.metadata.name ?? '');
      if (found) add(def, found);
      else errors.push(errorText(notFound(def, object.metadata.name ?? '')));
    }
  } else {
    const requests = resourceRequests(ctx.store.registry, p.args, 'get');
    if (allNamespaces && requests.some((r) => r.names.length > 0 && r.def.namespaced)) {
      throw clientError('a resource cannot be retrieved by name across all namespaces');
    }
    withKind ||= multipleTypesRequested(p.args);
    single = requests.length === 1 && requests[0]!.names.length === 1;
    clusterScopedAsked = requests.some((r) => !r.def.namespaced);
    for (const { def, names } of requests) {
      const ns = def.namespaced && !allNamespaces ? inv.namespace : undefined;
      if (names.length > 0) {
        for (const name of names) {
          const found = ctx.store.get(def.kind, def.namespaced ? inv.namespace : undefined, name);
          if (found) add(def, found);
          else if (!bool(p, 'ignore-not-found')) errors.push(errorText(notFound(def, name)));
        }
      } else {
        const items = ctx.store.list(def.kind, {
          ...(ns ? { namespace: ns } : {}),
          ...(labelSelector ? { labelSelector } : {}),
          ...(fieldSelector ? { fieldSelector } : {}),
        }).items;
        for (const obj of items) add(def, obj);
      }
    }
  }

  print(inv, format, groups, { single, withKind, allNamespaces });
  const printed = groups.some((g) => g.objects.length > 0);
  for (const e of errors) inv.err(`${e}\n`);
  if (!printed && errors.length === 0 && format.kind === 'table' && !bool(p, 'ignore-not-found')) {
    // `get` names the namespace only when every kind asked for lives in one (`describe` always names it).
    inv.err(`${noResourcesMessage(allNamespaces || clusterScopedAsked ? undefined : inv.namespace)}\n`);
  }
  return errors.length > 0 ? 1 : 0;
}

function notFound(def: KindDef, name: string): Error {
  return apiNotFound(qualifiedResource(def), name);
}

function print(inv: Invocation, format: OutputFormat, groups: Group[], o: { single: boolean; withKind: boolean; allNamespaces: boolean }): void {
  const objects = groups.flatMap((g) => g.objects);
  const data = o.single && objects.length === 1 ? objects[0]! : objects;
  switch (format.kind) {
    case 'yaml':
      if (objects.length > 0 || !o.single) inv.out(printYaml(data));
      return;
    case 'json':
      if (objects.length > 0 || !o.single) inv.out(printJson(data));
      return;
    case 'name':
      for (const g of groups) inv.out(printName(g.def.kind, g.objects));
      return;
    case 'jsonpath': {
      const input = Array.isArray(data) ? JSON.parse(JSON.stringify(asList(data))) : data;
      inv.out(printJsonPath(format.template, input));
      return;
    }
    case 'table': {
      let first = true;
      for (const g of groups) {
        if (g.objects.length === 0) continue;
        if (!first) inv.out('\n');
        first = false;
        inv.out(
          printTable(g.def.kind, g.objects, {
            now: inv.ctx.clock.now(),
            wide: format.wide,
            showLabels: bool(inv.p, 'show-labels'),
            labelColumns: strings(inv.p, 'label-columns'),
            withKindPrefix: o.withKind,
            showNamespace: o.allNamespaces && g.def.namespaced,
            noHeaders: bool(inv.p, 'no-headers'),
          }),
        );
      }
    }
  }
}
