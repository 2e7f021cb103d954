/**
 * `kubectl apply -f` and `kubectl create -f`. Both read every file first and check every object's kind
 * and namespace before the first write, so a bad file or flag changes nothing. Then each object is sent
 * in order, as kubectl does: an object the server rejects is reported
 * (`Error from server (Invalid): error when creating "web.yaml": ...`) and the others still go, exit 1.
 * apply creates what is missing (with the last-applied-configuration annotation) and otherwise applies
 * the three-way merge of apply-merge.ts, printing `created`, `configured` or `unchanged`.
 */
import type { KindDef } from '../../api/kind.js';
import type { KubeObject } from '../../api/meta.js';
import { isStatusError } from '../../api/errors.js';
import { bool, str, strings, type FlagSpec } from '../args.js';
import { kindSlashName, WRITE, type Command, type Invocation } from '../command.js';
import { LAST_APPLIED, threeWayMerge, withLastApplied } from '../apply-merge.js';
import { clientError, errorText, KubectlError } from '../errors.js';
import { readFilenames } from '../filenames.js';
import { generate, GENERATOR_FLAGS } from './create-generators.js';
import { printJson, printYaml } from '../printers/index.js';

interface Planned {
  source: string;
  def: KindDef;
  manifest: KubeObject;
  namespace: string | undefined;
  name: string;
}

const FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'dry-run', type: 'string' },
  { name: 'validate', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'server-side', type: 'bool' },
];

type DryRun = 'none' | 'client' | 'server';

function dryRunOf(inv: Invocation): DryRun {
  const v = str(inv.p, 'dry-run');
  if (v === undefined || v === 'none' || v === 'false') return 'none';
  if (v === 'client' || v === 'server') return v;
  if (v === 'true') return 'client';
  throw clientError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** Reads and checks everything the command will send, before anything is sent. */
function plan(inv: Invocation, verb: 'apply' | 'create'): Planned[] {
  const filenames = strings(inv.p, 'filename');
  if (filenames.length === 0) throw clientError('must specify one of -f and -k');
  if (inv.p.args.length > 0 && verb === 'apply') throw clientError(`Unexpected args: [${inv.p.args.join(' ')}]\nSee 'kubectl apply -h' for help and examples`);
  if (bool(inv.p, 'server-side')) throw clientError('--server-side is not supported in-process: client-side apply only');
  const out = str(inv.p, 'output');
  if (out !== undefined && !['name', 'yaml', 'json'].includes(out)) {
    throw clientError(`unable to match a printer suitable for the output format "${out}", allowed formats are: json,name,yaml`);
  }
  dryRunOf(inv);
  return readFilenames(inv.ctx, filenames, inv.io, verb).map(({ source, object }) => {
    const def = inv.ctx.store.registry.get(object.kind);
    if (!def || (object.apiVersion && object.apiVersion !== def.apiVersion)) {
      throw clientError(
        `resource mapping not found for name: "${object.metadata?.name ?? ''}" namespace: "${object.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`,
      );
    }
    const own = object.metadata?.namespace;
    if (def.namespaced && own && inv.explicitNamespace && own !== inv.namespace) {
      throw clientError(
        `the namespace from the provided object "${own}" does not match the namespace "${inv.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
      );
    }
    const namespace = def.namespaced ? (own ?? inv.namespace) : undefined;
    const name = object.metadata?.name ?? '';
    if (name === '' && verb === 'apply') throw clientError(`error when retrieving current configuration of ${def.kind} from "${source}": resource name may not be empty`);
    const manifest = { ...object, metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) } } as KubeObject;
    return { source, def, manifest, namespace, name };
  });
}

function report(inv: Invocation, item: Planned, obj: KubeObject, verb: string, dryRun: DryRun): void {
  const output = str(inv.p, 'output');
  const id = kindSlashName(item.def.group, item.def.kind, obj.metadata.name ?? item.name);
  if (output === 'name') inv.out(`${id}\n`);
  else if (output === 'yaml') inv.out(printYaml(obj));
  else if (output === 'json') inv.out(printJson(obj));
  else inv.out(`${id} ${verb}${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}\n`);
}

function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : val,
  );
}

function applyOne(inv: Invocation, item: Planned, dryRun: DryRun): void {
  const { store } = inv.ctx;
  const modified = withLastApplied(item.manifest as unknown as Record<string, unknown>);
  const current = store.get(item.def.kind, item.namespace, item.name);
  if (!current) {
    try {
      const created = dryRun === 'client' ? (modified as unknown as KubeObject) : store.create(modified as { kind: string }, { ...WRITE, reason: 'apply', dryRun: dryRun === 'server' });
      report(inv, item, created, 'created', dryRun);
    } catch (e) {
      throw withSource(e, `error when creating "${item.source}"`);
    }
    return;
  }
  const annotation = current.metadata.annotations?.[LAST_APPLIED];
  if (annotation === undefined) {
    inv.err(
      `Warning: resource ${item.def.group ? `${item.def.plural}.${item.def.group}` : item.def.plural}/${item.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
    );
  }
  let original: Record<string, unknown> | undefined;
  try {
    original = annotation ? (JSON.parse(annotation) as Record<string, unknown>) : undefined;
  } catch {
    original = undefined;
  }
  const merged = threeWayMerge(item.def.kind, original, modified, current as unknown as Record<string, unknown>);
  if (sortedJson(merged) === sortedJson(current)) {
    report(inv, item, current, 'unchanged', dryRun);
    return;
  }
  try {
    const updated =
      dryRun === 'client'
        ? (merged as KubeObject)
        : store.replace(merged as { kind: string }, { ...WRITE, reason: 'apply', resourceVersion: current.metadata.resourceVersion, dryRun: dryRun === 'server' });
    report(inv, item, updated, 'configured', dryRun);
  } catch (e) {
    throw withSource(e, `error when applying patch to ${item.def.kind.toLowerCase()} "${item.name}" from "${item.source}"`);
  }
}

/** kubectl's AddSourceToErr: the server's message, prefixed with what was being done to which file. */
function withSource(e: unknown, what: string): KubectlError {
  if (isStatusError(e)) return new KubectlError(`Error from server (${e.reason}): ${what}: ${e.message}`, 1, e);
  return new KubectlError(errorText(e));
}

/**
 * Sends each object; the errors are reported after, as kubectl reports them: one error alone goes
 * through checkErr (so an Invalid one reads `The Pod "x" is invalid: ...`), several each print with
 * their source (`Error from server (Invalid): error when creating "x.yaml": ...`).
 */
function runEach(inv: Invocation, items: Planned[], one: (item: Planned) => void): number {
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      one(item);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) {
    const e = errors[0];
    const original = e instanceof KubectlError ? e.original : undefined;
    inv.err(`${errorText(original?.reason === 'Invalid' ? original : e)}\n`);
  } else {
    for (const e of errors) inv.err(`${errorText(e)}\n`);
  }
  return errors.length > 0 ? 1 : 0;
}

export const applyCommand: Command = {
  name: 'apply',
  flags: FLAGS,
  run(inv) {
    const items = plan(inv, 'apply');
    const dryRun = dryRunOf(inv);
    return runEach(inv, items, (item) => applyOne(inv, item, dryRun));
  },
};

/** `kubectl create deployment web --image=nginx` and the other generators. */
function createFromGenerator(inv: Invocation): number {
  const manifest = generate(inv.p);
  if (!manifest) throw new KubectlError(`error: Unexpected args: [${inv.p.args.join(' ')}]\nSee 'kubectl create -h' for help and examples`);
  const out = str(inv.p, 'output');
  if (out !== undefined && !['name', 'yaml', 'json'].includes(out)) {
    throw clientError(`unable to match a printer suitable for the output format "${out}", allowed formats are: json,name,yaml`);
  }
  const dryRun = dryRunOf(inv);
  const def = inv.ctx.store.registry.get(manifest.kind as string)!;
  const meta = manifest.metadata as { name: string };
  const namespace = def.namespaced ? inv.namespace : undefined;
  const body = { ...manifest, metadata: { ...meta, ...(namespace ? { namespace } : {}) } } as unknown as KubeObject;
  const item: Planned = { source: '', def, manifest: body, namespace, name: meta.name };
  // kubectl sets the namespace in what it prints client-side only when -n was given.
  const created = dryRun === 'client' ? (inv.explicitNamespace ? body : (manifest as unknown as KubeObject)) : inv.ctx.store.create(body as { kind: string }, { ...WRITE, reason: 'create', dryRun: dryRun === 'server' });
  report(inv, item, created, 'created', dryRun);
  return 0;
}

export const createCommand: Command = {
  name: 'create',
  flags: [...FLAGS, ...GENERATOR_FLAGS],
  run(inv) {
    if (inv.p.args.length > 0) return createFromGenerator(inv);
    const items = plan(inv, 'create');
    const dryRun = dryRunOf(inv);
    const save = bool(inv.p, 'save-config');
    return runEach(inv, items, (item) => {
      const body = save ? (withLastApplied(item.manifest as unknown as Record<string, unknown>) as unknown as KubeObject) : item.manifest;
      try {
        const created = dryRun === 'client' ? body : inv.ctx.store.create(body as { kind: string }, { ...WRITE, reason: 'create', dryRun: dryRun === 'server' });
        report(inv, item, created, 'created', dryRun);
      } catch (e) {
        throw withSource(e, `error when creating "${item.source}"`);
      }
    });
  },
};
