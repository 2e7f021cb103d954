import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

function scenarioFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-cli-'));
  const file = join(dir, 'demo.yaml');
  writeFileSync(file, text);
  return file;
}

const DEMO = `name: demo
seed: 3
cluster: { nodes: 1 }
steps:
  - note: A config map, then a look at it.
  - apply: { yaml: "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: settings}\\ndata: {a: '1'}\\n" }
    expect: { stdout: "configmap/settings created\\n" }
  - advance: 90s
  - kubectl: get configmaps settings
    expect: { contains: "settings   1      90s" }
`;

describe('kubesim command', () => {
  it('prints usage without arguments, and with --help', async () => {
    const bare = await run();
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain('Usage: kubesim');
    expect(bare.stdout).toContain('run [options] <scenario...>');
    expect((await run('--help')).stdout).toBe(bare.stdout);
    expect((await run('--version')).stdout).toMatch(/^kubesim \d+\.\d+\.\d+\n$/);
  });

  it('runs a scenario and prints its transcript', async () => {
    const res = await run('run', scenarioFile(DEMO));
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toBe(
      [
        '# Scenario: demo',
        '',
        '# A config map, then a look at it.',
        '',
        '$ kubectl apply -f -',
        'configmap/settings created',
        '',
        '# 1m30s later (t=1m30s)',
        '',
        '$ kubectl get configmaps settings',
        'NAME       DATA   AGE',
        'settings   1      90s',
        '',
      ].join('\n'),
    );
  });

  it('fails a run whose expectation fails, naming the file, line and step', async () => {
    const file = scenarioFile(DEMO.replace('settings   1      90s', 'settings   2      90s'));
    const res = await run('run', '--quiet', file);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(`${file}:9: step 4: kubectl get configmaps settings: output does not contain "settings   2      90s"\n`);
  });

  it('writes every store change as JSON with --json', async () => {
    const res = await run('run', '--json', scenarioFile(DEMO));
    const out = JSON.parse(res.stdout) as { ok: boolean; trace: { kind: string; name: string; verb: string; time: number }[] };
    expect(out.ok).toBe(true);
    expect(out.trace.find((e) => e.kind === 'ConfigMap' && e.name === 'settings')).toMatchObject({ verb: 'create' });
  });

  it('is deterministic: the same file and seed give the same transcript', async () => {
    const file = scenarioFile(DEMO);
    expect((await run('run', file)).stdout).toBe((await run('run', file)).stdout);
  });

  it.each([
    [['frobnicate'], 'error: unknown command "frobnicate" for "kubesim"\nRun \'kubesim --help\' for usage.\n'],
    [['--frobnicate'], 'error: unknown flag: --frobnicate\nRun \'kubesim --help\' for usage.\n'],
    [['run'], "error: missing required argument 'scenario'\nRun 'kubesim --help' for usage.\n"],
    [['run', '--seed', 'abc', 'x.yaml'], 'error: --seed expects a non-negative integer, got "abc"\n'],
    [['run', 'no-such.yaml'], 'error: the path "no-such.yaml" does not exist\n'],
  ])('kubesim %j: says what is wrong and changes nothing', async (args, stderr) => {
    expect(await run(...args)).toMatchObject({ code: 1, stdout: '', stderr });
  });

  it('names the line of a mistake in a scenario file', async () => {
    const file = scenarioFile('name: x\nsteps:\n  - advance: soon\n');
    expect(await run('run', file)).toMatchObject({ code: 1, stderr: `error: ${file}:3: step 1: advance: expected a duration like "30s", "5m" or "1h30m"\n` });
  });
});

describe('kubesim serve', () => {
  it('serves a cluster that real clients can reach, prints the kubeconfig, and stops when told', async () => {
    let stdout = '';
    const stop = new AbortController();
    const running = main(['serve', '--port', '0', '--speed', '0', '--nodes', '2'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => undefined },
      signal: stop.signal,
    });
    for (let i = 0; i < 200 && !stdout.includes('current-context'); i++) await new Promise((r) => setTimeout(r, 20));
    const url = /kubesim serving (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect(stdout).toContain(`server: ${url}`);
    const nodes = (await (await fetch(`${url}/api/v1/nodes`)).json()) as { items: { metadata: { name: string } }[] };
    expect(nodes.items.map((n) => n.metadata.name)).toEqual(['node-1', 'node-2']);
    stop.abort();
    expect(await running).toBe(0);
  });

  it.each([
    [['serve', '--port', 'x'], 'error: --port expects a port number 0–65535, got "x"\n'],
    [['serve', '--speed', 'fast'], 'error: --speed: expected a number ≥ 0 or "max", got "fast"\n'],
    [['serve', '--scenario', 'no-such.yaml'], 'error: the path "no-such.yaml" does not exist\n'],
  ])('kubesim %j: says what is wrong', async (args, stderr) => {
    expect(await run(...args)).toMatchObject({ code: 1, stderr });
  });
});
