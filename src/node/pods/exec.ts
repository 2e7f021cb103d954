/**
 * The little shell inside every simulated container: what `kubectl exec` and exec probes run. It knows
 * `true`, `false`, `exit N`, `echo`, `cat`, `test`/`[`, `ls`, `env`/`printenv`, `hostname`, `pwd`,
 * `sleep`, and `sh -c "…"` joining those with `&&`, `||` and `;`, with quotes and `$VAR`. Files come from
 * the image model; the environment from the container's env. Its messages are busybox's, the shell of
 * most small images.
 *
 * Guarantees: pure — the same argv and context give the same result; never throws; a command it does not
 * know fails as a missing program does (exit 127 in sh, 126 from the runtime). Cost: linear in the script.
 */
import type { ExecResult } from '../kubelet.js';

export interface ExecContext {
  env: Readonly<Record<string, string>>;
  files: Readonly<Record<string, string>>;
  hostname: string;
}

/** Directories every small Linux image has. */
const BASE_DIRS = ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/sys', '/tmp', '/usr', '/var'];
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

type Step = { words: string[]; op: '' | '&&' | '||' | ';' };

interface Out {
  stdout: string;
  stderr: string;
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** A record's own entry only: `toString` is not a program, a file or a variable. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Runs `argv` as the container runtime would: a program, or a shell with `-c`. */
export function runExec(argv: readonly string[], ctx: ExecContext): ExecResult {
  const [prog, ...args] = argv;
  if (prog === undefined || prog === '') {
    return { stdout: '', stderr: 'error: you must specify at least one command for the container\n', exitCode: 1 };
  }
  const name = basename(prog);
  if (SHELLS.has(name)) return runShell(name, args, ctx);
  const program = own(BUILTINS, name);
  if (!program || name === 'exit') {
    return {
      stdout: '',
      stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${prog}": executable file not found in $PATH: unknown\n`,
      exitCode: 126,
    };
  }
  const out: Out = { stdout: '', stderr: '' };
  const exitCode = program(args, ctx, out);
  return { ...out, exitCode };
}

function runShell(shell: string, args: string[], ctx: ExecContext): ExecResult {
  // No stdin is attached to a non-interactive exec: a shell without -c reads end-of-file and exits 0.
  if (args.length === 0) return { stdout: '', stderr: '', exitCode: 0 };
  if (args[0] !== '-c') return runScriptFile(shell, args[0]!, ctx);
  if (args.length < 2) return { stdout: '', stderr: `${shell}: -c requires an argument\n`, exitCode: 2 };
  return runScript(shell, args[1]!, ctx);
}

function runScriptFile(shell: string, path: string, ctx: ExecContext): ExecResult {
  const script = own(ctx.files, path);
  if (script === undefined) return { stdout: '', stderr: `${shell}: can't open '${path}': No such file or directory\n`, exitCode: 2 };
  return runScript(shell, script.replace(/^#!.*\n/, '').replace(/\n/g, ';'), ctx);
}

/** Runs a `sh -c` script: steps joined by `&&`, `||`, `;`, left to right as a POSIX shell does. */
export function runScript(shell: string, script: string, ctx: ExecContext): ExecResult {
  const parsed = parseScript(script, ctx.env);
  if (typeof parsed === 'string') return { stdout: '', stderr: `${shell}: ${parsed}\n`, exitCode: 2 };
  const out: Out = { stdout: '', stderr: '' };
  let status = 0;
  for (const [i, step] of parsed.entries()) {
    const prev = parsed[i - 1]?.op ?? '';
    if ((prev === '&&' && status !== 0) || (prev === '||' && status === 0)) continue;
    if (step.words.length === 0) continue;
    const [cmd, ...args] = step.words as [string, ...string[]];
    if (cmd === 'exit') return { ...out, exitCode: args[0] === undefined ? status : Number(args[0]) & 255 || 0 };
    const fn = own(BUILTINS, basename(cmd));
    if (!fn) {
      out.stderr += `${shell}: ${cmd}: not found\n`;
      status = 127;
      continue;
    }
    status = fn(args, ctx, out);
  }
  return { ...out, exitCode: status };
}

/**
 * Splits a script into steps of words: quotes group, `$VAR`/`${VAR}` expand outside single quotes.
 * Returns an error message (`syntax error: unterminated quoted string`) when it cannot.
 */
export function parseScript(script: string, env: Readonly<Record<string, string>>): Step[] | string {
  const steps: Step[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endStep = (op: Step['op']) => {
    endWord();
    steps.push({ words, op });
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    const two = script.slice(i, i + 2);
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) return 'syntax error: unterminated quoted string';
      word += script.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      const end = script.indexOf('"', i + 1);
      if (end < 0) return 'syntax error: unterminated quoted string';
      word += expand(script.slice(i + 1, end), env);
      inWord = true;
      i = end;
    } else if (two === '&&' || two === '||') {
      endStep(two);
      i++;
    } else if (c === ';' || c === '\n') {
      endStep(';');
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (c === '$') {
      const m = /^\$(?:\{(\w+)\}|(\w+)|(\?))/.exec(script.slice(i));
      if (m) {
        word += m[3] ? '0' : (own(env, m[1] ?? m[2]!) ?? '');
        inWord = true;
        i += m[0].length - 1;
      } else {
        word += c;
        inWord = true;
      }
    } else {
      word += c;
      inWord = true;
    }
  }
  endStep('');
  return steps;
}

function expand(s: string, env: Readonly<Record<string, string>>): string {
  return s.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_, a: string | undefined, b: string | undefined) => own(env, a ?? b!) ?? '');
}

// ---- the programs -----------------------------------------------------------------------------------

type Builtin = (args: string[], ctx: ExecContext, out: Out) => number;

function dirs(ctx: ExecContext): Set<string> {
  const out = new Set<string>(['/', ...BASE_DIRS]);
  for (const path of Object.keys(ctx.files)) {
    for (let at = path.indexOf('/', 1); at > 0; at = path.indexOf('/', at + 1)) out.add(path.slice(0, at));
  }
  return out;
}

function test(args: string[], ctx: ExecContext): boolean {
  const [a, b, c] = args;
  if (args.length === 0) return false;
  if (args.length === 1) return a !== '';
  if (args.length === 2) {
    if (a === '!') return !test([b!], ctx);
    if (a === '-f') return own(ctx.files, b!) !== undefined;
    if (a === '-d') return dirs(ctx).has(b!);
    if (a === '-e') return own(ctx.files, b!) !== undefined || dirs(ctx).has(b!);
    if (a === '-s') return (own(ctx.files, b!) ?? '') !== '';
    if (a === '-z') return b === '';
    if (a === '-n') return b !== '';
    return false;
  }
  if (a === '!') return !test(args.slice(1), ctx);
  if (b === '=' || b === '==') return a === c;
  if (b === '!=') return a !== c;
  const x = Number(a);
  const y = Number(c);
  const cmp: Record<string, boolean> = { '-eq': x === y, '-ne': x !== y, '-lt': x < y, '-le': x <= y, '-gt': x > y, '-ge': x >= y };
  return cmp[b!] ?? false;
}

const BUILTINS: Record<string, Builtin> = {
  true: () => 0,
  ':': () => 0,
  false: () => 1,
  exit: () => 0,
  sleep: () => 0,
  pwd: (_a, _c, out) => ((out.stdout += '/\n'), 0),
  hostname: (_a, ctx, out) => ((out.stdout += `${ctx.hostname}\n`), 0),
  echo: (args, _c, out) => {
    const noNewline = args[0] === '-n';
    out.stdout += (noNewline ? args.slice(1) : args).join(' ') + (noNewline ? '' : '\n');
    return 0;
  },
  cat: (args, ctx, out) => {
    let status = 0;
    for (const path of args) {
      const content = own(ctx.files, path);
      if (content === undefined) {
        out.stderr += dirs(ctx).has(path) ? `cat: read error: Is a directory\n` : `cat: can't open '${path}': No such file or directory\n`;
        status = 1;
      } else {
        out.stdout += content;
      }
    }
    return status;
  },
  test: (args, ctx) => (test(args, ctx) ? 0 : 1),
  '[': (args, ctx, out) => {
    if (args[args.length - 1] !== ']') {
      out.stderr += '[: missing ]\n';
      return 2;
    }
    return test(args.slice(0, -1), ctx) ? 0 : 1;
  },
  env: (_a, ctx, out) => {
    for (const [k, v] of Object.entries(ctx.env)) out.stdout += `${k}=${v}\n`;
    return 0;
  },
  printenv: (args, ctx, out) => {
    if (args.length === 0) return BUILTINS.env!(args, ctx, out);
    let status = 0;
    for (const name of args) {
      const value = own(ctx.env, name);
      if (value === undefined) status = 1;
      else out.stdout += `${value}\n`;
    }
    return status;
  },
  ls: (args, ctx, out) => {
    const all = dirs(ctx);
    let status = 0;
    for (const path of args.length ? args : ['/']) {
      if (own(ctx.files, path) !== undefined) {
        out.stdout += `${path}\n`;
        continue;
      }
      if (!all.has(path)) {
        out.stderr += `ls: ${path}: No such file or directory\n`;
        status = 1;
        continue;
      }
      const prefix = path === '/' ? '/' : `${path}/`;
      const children = new Set<string>();
      for (const p of [...all, ...Object.keys(ctx.files)]) {
        if (p.startsWith(prefix) && p.length > prefix.length) children.add(p.slice(prefix.length).split('/')[0]!);
      }
      for (const child of [...children].sort()) out.stdout += `${child}\n`;
    }
    return status;
  },
};
