/**
 * `kubectl label` and `kubectl annotate`: `key=value` sets, `key-` removes, `--overwrite` allows
 * changing a value that is there. Every pair is checked, and every target checked against
 * `--overwrite`, before the first write, so a refused command changes nothing. Messages follow kubectl:
 * `pod/web labeled`, `unlabeled`, `not labeled`, `annotated`, and
 * `error: 'app' already has a value (v1), and --overwrite is false`.
 */
import { bool } from '../args.js';
import { kindSlashName, refOf, WRITE, type Command, type Invocation } from '../command.js';
import { clientError } from '../errors.js';
import { findTargets } from '../targets.js';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

interface Changes {
  set: Map<string, string>;
  remove: string[];
}

type Field = 'labels' | 'annotations';

/** Splits arguments into resources and `k=v` / `k-` changes, and checks the changes. */
function parseChanges(args: readonly string[], field: Field): { resources: string[]; changes: Changes } {
  const noun = field === 'labels' ? 'label' : 'annotation';
  const resources: string[] = [];
  const changes: Changes = { set: new Map(), remove: [] };
  let seenChange = false;
  for (const arg of args) {
    if (arg.includes('=')) {
      seenChange = true;
      const eq = arg.indexOf('=');
      const key = arg.slice(0, eq);
      const value = arg.slice(eq + 1);
      if (field === 'labels' && !LABEL_VALUE.test(value)) throw clientError(`invalid label value: "${arg}": ${LABEL_VALUE_MSG}`);
      if (!QUALIFIED_NAME.test(key) || key.length > 316) throw clientError(`invalid ${noun} format: ${arg}`);
      changes.set.set(key, value);
    } else if (arg.endsWith('-') && (seenChange || resources.length > 0)) {
      seenChange = true;
      changes.remove.push(arg.slice(0, -1));
    } else if (seenChange) {
      throw clientError(`all resources must be specified before ${noun} changes: ${arg}`);
    } else {
      resources.push(arg);
    }
  }
  for (const key of changes.remove) {
    if (changes.set.has(key)) throw clientError(`can not both modify and remove ${noun} in the same command`);
  }
  if (changes.set.size === 0 && changes.remove.length === 0) throw clientError(`at least one ${noun} update is required`);
  return { resources, changes };
}

function run(inv: Invocation, field: Field): number {
  if (inv.p.args.length === 0 && !inv.p.flags.has('filename')) {
    throw clientError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  }
  const { resources, changes } = parseChanges(inv.p.args, field);
  const overwrite = bool(inv.p, 'overwrite');
  const targets = findTargets(inv, resources, { command: field === 'labels' ? 'label' : 'annotate' });
  for (const { object } of targets) {
    const current = object.metadata[field] ?? {};
    for (const [key, value] of changes.set) {
      if (!overwrite && key in current && current[key] !== value) {
        throw clientError(`'${key}' already has a value (${current[key]}), and --overwrite is false`);
      }
    }
  }
  for (const { def, object } of targets) {
    const before = { ...(object.metadata[field] ?? {}) };
    const after = { ...before };
    for (const [key, value] of changes.set) after[key] = value;
    for (const key of changes.remove) delete after[key];
    const changed = JSON.stringify(before) !== JSON.stringify(after);
    if (changed) {
      inv.ctx.store.update(refOf(object), (d) => {
        d.metadata[field] = after;
      }, { ...WRITE, reason: field === 'labels' ? 'label' : 'annotate' });
    }
    const id = kindSlashName(def.group, def.kind, object.metadata.name ?? '');
    if (field === 'annotations') inv.out(`${id} annotated\n`);
    else inv.out(`${id} ${!changed ? 'not labeled' : !overwrite && Object.keys(after).length < Object.keys(before).length ? 'unlabeled' : 'labeled'}\n`);
  }
  return 0;
}

const FLAGS = [
  { name: 'overwrite', type: 'bool' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'all', type: 'bool' as const },
  { name: 'filename', short: 'f', type: 'strings' as const },
];

export const labelCommand: Command = { name: 'label', flags: FLAGS, run: (inv) => run(inv, 'labels') };
export const annotateCommand: Command = { name: 'annotate', flags: FLAGS, run: (inv) => run(inv, 'annotations') };
