/**
 * Command lines as kubectl reads them: a shell-like tokenizer (single and double quotes, backslash
 * escapes) and a flag parser with cobra/pflag's rules — flags before or after arguments, `--flag=value`,
 * `--flag value`, `-n value`, `-nvalue`, grouped short booleans (`-it`), `--bool=false`, and `--` ending
 * the flags (what follows is kept apart, for `exec`). Errors carry pflag's wording. Linear in the line.
 */
import { KubectlError } from './errors.js';

/** Splits a command line into words the way a POSIX shell would, without expansions. */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new KubectlError(`error: unterminated ${quote === '"' ? 'double' : 'single'} quote in command line`);
  if (inWord) words.push(word);
  return words;
}

/** `strings` splits on commas (pflag's StringSlice); `array` keeps each value whole (StringArray). */
export type FlagType = 'bool' | 'string' | 'int' | 'strings' | 'array';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
}

export type FlagValue = boolean | string | number | string[];

export interface ParsedArgs {
  args: string[];
  flags: Map<string, FlagValue>;
  /** Words after `--`, when there was one. */
  rest?: string[];
}

/** Flags every command accepts (kubectl's global options that mean something in-process). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'request-timeout', type: 'string' },
];

function usage(command: string, message: string): KubectlError {
  return new KubectlError(`error: ${message}\nSee 'kubectl ${command} --help' for usage.`);
}

function convert(command: string, spec: FlagSpec, raw: string, previous: FlagValue | undefined): FlagValue {
  switch (spec.type) {
    case 'int': {
      if (!/^[-+]?\d+$/.test(raw)) {
        throw usage(command, `invalid argument "${raw}" for "${spec.short ? `-${spec.short}, ` : ''}--${spec.name}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
      }
      return Number(raw);
    }
    case 'bool': {
      const b = { true: true, false: false, '1': true, '0': false, t: true, f: false, TRUE: true, FALSE: false, True: true, False: false }[raw];
      if (b === undefined) {
        throw usage(command, `invalid argument "${raw}" for "${spec.short ? `-${spec.short}, ` : ''}--${spec.name}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
      }
      return b;
    }
    case 'strings':
      return [...((previous as string[] | undefined) ?? []), ...raw.split(',').filter((s) => s !== '')];
    case 'array':
      return [...((previous as string[] | undefined) ?? []), raw];
    default:
      return raw;
  }
}

/** Parses `argv` against `specs` (plus the global flags). `command` names the command in errors: `get`, `rollout status`. */
export function parseArgs(command: string, argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const all = [...GLOBAL_FLAGS, ...specs];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags = new Map<string, FlagValue>();
  const args: string[] = [];
  let rest: string[] | undefined;
  const set = (spec: FlagSpec, raw: string) => flags.set(spec.name, convert(command, spec, raw, flags.get(spec.name)));

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw usage(command, `unknown flag: --${name}`);
      if (eq >= 0) set(spec, word.slice(eq + 1));
      else if (spec.type === 'bool') flags.set(spec.name, true);
      else if (i + 1 < argv.length) set(spec, argv[++i]!);
      else throw usage(command, `flag needs an argument: --${name}`);
    } else if (word.startsWith('-') && word.length > 1) {
      for (let j = 1; j < word.length; j++) {
        const c = word[j]!;
        const spec = byShort.get(c);
        if (!spec) throw usage(command, `unknown shorthand flag: '${c}' in ${word}`);
        if (spec.type === 'bool') {
          if (word[j + 1] === '=') {
            set(spec, word.slice(j + 2));
            break;
          }
          flags.set(spec.name, true);
          continue;
        }
        const inline = word.slice(j + 1);
        if (inline !== '') set(spec, inline.startsWith('=') ? inline.slice(1) : inline);
        else if (i + 1 < argv.length) set(spec, argv[++i]!);
        else throw usage(command, `flag needs an argument: '${c}' in ${word}`);
        break;
      }
    } else {
      args.push(word);
    }
  }
  return { args, flags, ...(rest ? { rest } : {}) };
}

/** Typed reads of parsed flags. */
export function str(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}
export function bool(p: ParsedArgs, name: string, dflt = false): boolean {
  const v = p.flags.get(name);
  return typeof v === 'boolean' ? v : dflt;
}
export function int(p: ParsedArgs, name: string): number | undefined {
  const v = p.flags.get(name);
  return typeof v === 'number' ? v : undefined;
}
export function strings(p: ParsedArgs, name: string): string[] {
  const v = p.flags.get(name);
  return Array.isArray(v) ? v : [];
}
