/**
 * The `kubesim` command line: `run` plays scenario files and prints their transcripts, `shell` opens an
 * interactive prompt on a live simulated cluster, `serve` puts a cluster behind a Kubernetes API. Parsing is commander's; errors are worded the way
 * kubectl words them (`error: unknown command "x" for "kubesim"` and a hint), and nothing runs when the
 * command line is wrong.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { parseScenario, ScenarioError } from '../scenario/parse.js';
import { runScenario } from '../scenario/runner.js';
import { serve, ServeError, type ServeFlags } from './serve.js';
import { runShell } from './shell.js';

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  /** Where `shell` reads commands from; the process's stdin by default. */
  stdin?: NodeJS.ReadableStream;
  /** Stops `serve` (which otherwise runs until SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function seedOption(v: string): number {
  if (!/^\d+$/.test(v)) throw new CliError(`--seed expects a non-negative integer, got ${JSON.stringify(v)}`);
  return Number(v);
}

class CliError extends Error {}

interface RunFlags {
  seed?: number;
  json?: boolean;
  quiet?: boolean;
}

function runFiles(files: string[], flags: RunFlags, io: Io): number {
  let failed = false;
  const traces: unknown[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new CliError(`the path "${file}" does not exist`);
    }
    const scenario = parseScenario(text, file);
    const toTerminal = !flags.quiet && !flags.json;
    const result = runScenario(scenario, {
      baseDir: resolve(file, '..'),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.json ? { trace: true } : {}),
      ...(toTerminal ? { onOutput: (s: string) => io.stdout.write(s) } : {}),
    });
    if (flags.json) traces.push({ scenario: scenario.name, file, ok: result.ok, elapsed: result.elapsed, failures: result.failures, trace: result.trace });
    for (const f of result.failures) io.stderr.write(`${file}:${f.line}: step ${f.step}: ${f.message}\n`);
    if (!result.ok) failed = true;
    else if (toTerminal && files.length > 1) io.stdout.write('\n');
  }
  if (flags.json) io.stdout.write(`${JSON.stringify(traces.length === 1 ? traces[0] : traces, null, 2)}\n`);
  return failed ? 1 : 0;
}

/** commander's error lines, in kubectl's words (`unknown flag: --x`, `unknown command "x" for "kubesim"`). */
function kubectlWording(message: string): string {
  return message
    .replace(/^error: unknown command '([^']*)'/m, 'error: unknown command "$1" for "kubesim"')
    .replace(/^error: unknown option '([^']*)'/m, 'error: unknown flag: $1')
    .replace(/\(Did you mean (.*)\?\)/, 'Did you mean this?\n\t$1');
}

function program(io: Io, done: (code: number) => void): Command {
  const cmd = new Command('kubesim')
    .description('An in-memory Kubernetes control plane on a simulated clock')
    .version(`kubesim ${version()}`, '--version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: (s, write) => write(kubectlWording(s)) })
    .exitOverride()
    .showSuggestionAfterError(true);
  cmd
    .command('run')
    .description('run scenario files and print their transcripts (kubectl commands and what they print)')
    .argument('<scenario...>', 'scenario YAML files')
    .option('--seed <n>', 'override the scenario seed', seedOption)
    .option('--json', 'print, instead of the transcript, every store change with its simulated time as JSON')
    .option('-q, --quiet', 'print only failures')
    .action((files: string[], flags: RunFlags) => done(runFiles(files, flags, io)));
  cmd
    .command('shell')
    .description('an interactive prompt on a simulated cluster: kubectl commands, advance, crash, recover, time, help')
    .option('--seed <n>', 'seed of the cluster', seedOption)
    .option('--nodes <n>', 'number of nodes', '3')
    .action(async (flags: { seed?: number; nodes: string }) => {
      const nodes = Number(flags.nodes);
      if (!Number.isInteger(nodes) || nodes < 0) throw new CliError(`--nodes expects a whole number, got ${JSON.stringify(flags.nodes)}`);
      done(await runShell({ seed: flags.seed ?? 1, nodes }, { input: io.stdin ?? process.stdin, output: io.stdout }));
    });
  cmd
    .command('serve')
    .description('serve a simulated cluster as a Kubernetes API on 127.0.0.1, for real kubectl and client libraries')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8080')
    .option('--speed <s>', 'simulated seconds per real second: 1, 10, max, or 0 (time moves only when told)', '1')
    .option('--seed <n>', 'seed of the cluster', seedOption)
    .option('--nodes <n>', 'number of nodes', '3')
    .option('--scenario <file>', 'play a scenario file first, then serve the cluster it leaves')
    .option('--kubeconfig <path>', 'write the kubeconfig to this file instead of printing it')
    .action(async (flags: ServeFlags) => done(await serve(flags, io.stdout, io.signal)));
  return cmd;
}

/** Runs the command line `args` (without `node kubesim`); resolves to the exit code. */
export async function main(args: string[], io: Io): Promise<number> {
  let code = 0;
  const cmd = program(io, (c) => (code = c));
  if (args.length === 0) {
    io.stdout.write(cmd.helpInformation());
    return 0;
  }
  try {
    await cmd.parseAsync(args, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      // commander has already written its message; add kubectl's hint.
      io.stderr.write(`Run 'kubesim --help' for usage.\n`);
      return 1;
    }
    if (e instanceof CliError || e instanceof ScenarioError || e instanceof ServeError) {
      io.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    const err = e as Error;
    if (err?.message) {
      io.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    throw e;
  }
}
