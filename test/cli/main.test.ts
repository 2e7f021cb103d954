import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

describe('kubesim command', () => {
  it('shows the cluster as kubectl get namespaces would', async () => {
    const { code, stdout } = await run();
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        '$ kubectl get namespaces',
        'NAME              STATUS   AGE',
        'default           Active   5s',
        'kube-node-lease   Active   5s',
        'kube-public       Active   5s',
        'kube-system       Active   5s',
        '',
      ].join('\n'),
    );
  });

  it('prints usage and the version', async () => {
    expect((await run('--help')).stdout).toContain('Usage:');
    expect((await run('--version')).stdout).toMatch(/^kubesim \d+\.\d+\.\d+\n$/);
  });

  it('names a bad flag and a bad seed, and fails', async () => {
    expect(await run('--frobnicate')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unknown command or flag "--frobnicate" for "kubesim"\nRun \'kubesim --help\' for usage.\n',
    });
    expect(await run('--seed', 'abc')).toMatchObject({ code: 1, stderr: 'error: --seed expects a non-negative integer, got "abc"\n' });
    expect(await run('--seed')).toMatchObject({ code: 1, stderr: 'error: --seed expects a non-negative integer, got nothing\n' });
  });
});
