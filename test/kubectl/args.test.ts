// The command-line tokenizer and pflag-style flag parsing.
import { describe, expect, it } from 'vitest';
import { parseArgs, tokenize } from '../../src/kubectl/args.js';

describe('tokenize', () => {
  it.each([
    { name: 'plain words', line: 'get pods  -o wide', want: ['get', 'pods', '-o', 'wide'] },
    { name: 'single quotes keep everything', line: `get pods -o 'jsonpath={.items[*].metadata.name}'`, want: ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'] },
    { name: 'double quotes with escapes', line: 'annotate pod web note="say \\"hi\\""', want: ['annotate', 'pod', 'web', 'note=say "hi"'] },
    { name: 'quotes inside a word join it', line: `label pod web a='b'c`, want: ['label', 'pod', 'web', 'a=bc'] },
    { name: 'an empty quoted word stays', line: `exec web -- echo ''`, want: ['exec', 'web', '--', 'echo', ''] },
    { name: 'backslash escapes a space', line: 'get pod my\\ pod', want: ['get', 'pod', 'my pod'] },
  ])('$name', ({ line, want }) => {
    expect(tokenize(line)).toEqual(want);
  });

  it('refuses an unterminated quote', () => {
    expect(() => tokenize(`get pods -l 'app=web`)).toThrow('unterminated single quote');
  });
});

describe('parseArgs', () => {
  const specs = [
    { name: 'output', short: 'o', type: 'string' as const },
    { name: 'all-namespaces', short: 'A', type: 'bool' as const },
    { name: 'stdin', short: 'i', type: 'bool' as const },
    { name: 'tty', short: 't', type: 'bool' as const },
    { name: 'replicas', type: 'int' as const },
    { name: 'filename', short: 'f', type: 'strings' as const },
  ];

  it('flags before and after arguments, = and separate values, grouped short booleans', () => {
    const p = parseArgs('get', ['-A', 'pods', '--output=wide', '-nteam', '-it', '--replicas', '3', '-f', 'a.yaml', '-f=b.yaml'], specs);
    expect(p.args).toEqual(['pods']);
    expect(Object.fromEntries(p.flags)).toEqual({
      'all-namespaces': true,
      output: 'wide',
      namespace: 'team',
      stdin: true,
      tty: true,
      replicas: 3,
      filename: ['a.yaml', 'b.yaml'],
    });
  });

  it('keeps what follows -- apart', () => {
    const p = parseArgs('exec', ['web', '-i', '--', 'ls', '-l'], specs);
    expect(p.args).toEqual(['web']);
    expect(p.rest).toEqual(['ls', '-l']);
  });

  it('--bool=false and bad values in pflag words', () => {
    expect(parseArgs('get', ['--all-namespaces=false'], specs).flags.get('all-namespaces')).toBe(false);
    expect(() => parseArgs('scale', ['--replicas=abc'], specs)).toThrow(
      `error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee 'kubectl scale --help' for usage.`,
    );
    expect(() => parseArgs('get', ['--output'], specs)).toThrow('error: flag needs an argument: --output');
  });
});
