/**
 * In-process kubectl: `runKubectl(ctx, 'get pods -o wide')` → `{ stdout, stderr, exitCode }`, with
 * kubectl's output and messages. The line is tokenized like a shell would, the command found (a leading
 * `kubectl` is allowed), its flags parsed with pflag's rules, and the command run against the store.
 * Every error prints as kubectl prints it and exits 1; commands validate everything they were given before
 * their first write, so a rejected command changes nothing. Blocking commands let simulated time run
 * through ctx.advance.
 */
import { parseArgs, str, tokenize } from './args.js';
import type { Command, Invocation } from './command.js';
import type { KubectlContext, KubectlResult, RunOptions } from './context.js';
import { errorText, KubectlError } from './errors.js';
import { COMMANDS, GROUPS } from './commands.js';

/** `-n x` and `--namespace x` take the next word; other flags before a verb or subcommand stand alone. */
const takesValue = (w: string) => w === '-n' || w === '--namespace';

/** Global flags may come before the verb (`kubectl -n team get pods`): set them aside, then find the command. */
function findCommand(all: string[]): { command: Command; argv: string[] } {
  const leading: string[] = [];
  let i = 0;
  while (i < all.length && all[i]!.startsWith('-') && all[i] !== '--') {
    leading.push(all[i]!);
    if (takesValue(all[i]!) && i + 1 < all.length) leading.push(all[++i]!);
    i++;
  }
  const found = findVerb(all.slice(i));
  return { command: found.command, argv: [...leading, ...found.argv] };
}

function findVerb(words: string[]): { command: Command; argv: string[] } {
  const [verb, ...rest] = words;
  if (verb === undefined) throw new KubectlError('error: no command given: try "get pods"');
  const group = GROUPS[verb];
  if (group) {
    const sub = rest.find((w, j) => !w.startsWith('-') && !(j > 0 && takesValue(rest[j - 1]!)));
    const command = sub === undefined ? undefined : group[sub];
    if (!command) {
      throw new KubectlError(`error: ${sub === undefined ? 'a subcommand is required' : `unknown command "${sub}"`}\nSee 'kubectl ${verb} -h' for help and examples`);
    }
    rest.splice(rest.indexOf(sub!), 1);
    return { command, argv: rest };
  }
  const command = COMMANDS[verb];
  if (!command) throw new KubectlError(`error: unknown command "${verb}" for "kubectl"`);
  return { command, argv: rest };
}

export function runKubectl(ctx: KubectlContext, commandLine: string, opts: RunOptions = {}): KubectlResult {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  try {
    const words = tokenize(commandLine);
    if (words[0] === 'kubectl') words.shift();
    const { command, argv } = findCommand(words);
    const p = parseArgs(command.name, argv, command.flags);
    const explicit = str(p, 'namespace');
    const inv: Invocation = {
      ctx,
      p,
      namespace: explicit || ctx.defaultNamespace || 'default',
      explicitNamespace: explicit !== undefined && explicit !== '',
      io: opts,
      out: (t) => (stdout += t),
      err: (t) => (stderr += t),
    };
    exitCode = command.run(inv);
  } catch (e) {
    stderr += `${errorText(e)}\n`;
    exitCode = e instanceof KubectlError ? e.exitCode : 1;
  }
  return { stdout, stderr, exitCode };
}
