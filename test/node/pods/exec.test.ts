import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runExec, type ExecContext } from '../../../src/node/pods/exec.js';

const ctx: ExecContext = {
  env: { PATH: '/bin', HOSTNAME: 'web-1', GREETING: 'hello world' },
  files: { '/etc/app/config.yaml': 'port: 8080\n', '/tmp/healthy': 'ok\n' },
  hostname: 'web-1',
};

describe('the container shell', () => {
  const cases: [string, string[], { stdout?: string; stderr?: string; exitCode: number }][] = [
    ['true', ['true'], { stdout: '', exitCode: 0 }],
    ['false', ['false'], { exitCode: 1 }],
    ['/bin/true by path', ['/bin/true'], { exitCode: 0 }],
    ['cat a file', ['cat', '/tmp/healthy'], { stdout: 'ok\n', exitCode: 0 }],
    ['cat a missing file', ['cat', '/tmp/ready'], { stderr: "cat: can't open '/tmp/ready': No such file or directory\n", exitCode: 1 }],
    ['test -f present', ['test', '-f', '/tmp/healthy'], { exitCode: 0 }],
    ['test -f missing', ['test', '-f', '/nope'], { exitCode: 1 }],
    ['[ -d ] on a directory of the image', ['[', '-d', '/etc/app', ']'], { exitCode: 0 }],
    ['hostname', ['hostname'], { stdout: 'web-1\n', exitCode: 0 }],
    ['echo', ['echo', 'a', 'b'], { stdout: 'a b\n', exitCode: 0 }],
    ['printenv', ['printenv', 'GREETING'], { stdout: 'hello world\n', exitCode: 0 }],
    ['env', ['env'], { stdout: 'PATH=/bin\nHOSTNAME=web-1\nGREETING=hello world\n', exitCode: 0 }],
    ['ls a directory', ['ls', '/etc'], { stdout: 'app\n', exitCode: 0 }],
    ['ls the root', ['ls'], { stdout: 'bin\ndev\netc\nhome\nproc\nroot\nsys\ntmp\nusr\nvar\n', exitCode: 0 }],
    ['ls a missing path', ['ls', '/data'], { stderr: 'ls: /data: No such file or directory\n', exitCode: 1 }],
    ['a program the image lacks', ['curl', 'localhost'], {
      stderr: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown\n',
      exitCode: 126,
    }],
    ['sh alone: no stdin, exits at once', ['sh'], { stdout: '', stderr: '', exitCode: 0 }],
    ['sh -c with exit', ['sh', '-c', 'exit 3'], { exitCode: 3 }],
    ['sh -c &&', ['sh', '-c', 'test -f /tmp/healthy && echo up'], { stdout: 'up\n', exitCode: 0 }],
    ['sh -c && short-circuits', ['sh', '-c', 'test -f /nope && echo up'], { stdout: '', exitCode: 1 }],
    ['sh -c ||', ['sh', '-c', 'test -f /nope || echo down'], { stdout: 'down\n', exitCode: 0 }],
    ['sh -c ; runs both', ['sh', '-c', 'false; echo after'], { stdout: 'after\n', exitCode: 0 }],
    ['sh -c quotes and variables', ['sh', '-c', `echo "$GREETING from \${HOSTNAME}" '$HOME'`], { stdout: 'hello world from web-1 $HOME\n', exitCode: 0 }],
    ['sh -c unknown command', ['/bin/sh', '-c', 'curl -f localhost'], { stderr: 'sh: curl: not found\n', exitCode: 127 }],
    ['sh -c without a script', ['sh', '-c'], { stderr: 'sh: -c requires an argument\n', exitCode: 2 }],
    ['sh -c unterminated quote', ['sh', '-c', 'echo "oops'], { stderr: 'sh: syntax error: unterminated quoted string\n', exitCode: 2 }],
    ['bash -c exit stops the script', ['bash', '-c', 'echo a; exit 4; echo b'], { stdout: 'a\n', exitCode: 4 }],
    ['a name only the prototype knows', ['sh', '-c', 'toString; cat constructor; printenv __proto__'], { stderr: "sh: toString: not found\ncat: can't open 'constructor': No such file or directory\n", exitCode: 1 }],
    ['no command', [], { stderr: 'error: you must specify at least one command for the container\n', exitCode: 1 }],
  ];
  it.each(cases)('%s', (_name, argv, want) => {
    const got = runExec(argv, ctx);
    expect(got.exitCode).toBe(want.exitCode);
    if (want.stdout !== undefined) expect(got.stdout).toBe(want.stdout);
    if (want.stderr !== undefined) expect(got.stderr).toBe(want.stderr);
  });

  it('never throws, whatever the script', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (script) => {
        const r = runExec(['sh', '-c', script], ctx);
        return Number.isInteger(r.exitCode) && r.exitCode >= 0 && r.exitCode <= 255;
      }),
    );
  });
});
