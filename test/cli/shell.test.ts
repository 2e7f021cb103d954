import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { completeShell, shellCommand } from '../../src/cli/shell-commands.js';
import { runShell } from '../../src/cli/shell.js';
import { createCluster } from '../../src/index.js';

describe('kubesim shell', () => {
  it('runs kubectl lines with or without the word kubectl, and moves time only when told', () => {
    const cluster = createCluster({ nodes: 2 });
    const t0 = cluster.now();
    expect(shellCommand(cluster, 'get nodes', t0).output).toBe(
      'NAME     STATUS   ROLES    AGE   VERSION\nnode-1   Ready    <none>   0s    v1.32.2\nnode-2   Ready    <none>   0s    v1.32.2\n',
    );
    expect(shellCommand(cluster, 'advance 90s', t0).output).toBe('1m30s later (t=1m30s)\n');
    expect(shellCommand(cluster, 'kubectl get nodes node-1', t0).output).toContain('node-1   Ready    <none>   90s   v1.32.2');
    expect(shellCommand(cluster, 'time', t0).output).toBe('1m30s of simulated time have passed (2024-01-01T00:01:30Z)\n');
  });

  it('crashes and recovers nodes', () => {
    const cluster = createCluster({ nodes: 2 });
    const t0 = cluster.now();
    expect(shellCommand(cluster, 'crash node-2', t0).output).toBe('');
    shellCommand(cluster, 'advance 1m', t0);
    expect(shellCommand(cluster, 'get nodes node-2', t0).output).toContain('node-2   NotReady');
    expect(shellCommand(cluster, 'recover node-2', t0).output).toBe('');
    expect(cluster.kubelet('node-2').status).toBe('running');
  });

  it.each([
    ['frobnicate', 'error: unknown command "frobnicate"; type "help" for the commands\n'],
    ['advance', 'error: advance takes one duration, e.g. "advance 30s"\n'],
    ['advance soon', 'error: advance: '],
    ['crash', 'error: crash takes one node name, e.g. "crash node-2"\n'],
    ['crash node-9', 'error: crashNode: no node "node-9"; nodes: node-1\n'],
    ['get pods --bogus', 'error: unknown flag: --bogus'],
  ])('%s: says what is wrong and keeps the prompt', (line, message) => {
    const cluster = createCluster({ nodes: 1 });
    const before = cluster.store.resourceVersion;
    const reply = shellCommand(cluster, line, cluster.now());
    expect(reply.output.startsWith(message)).toBe(true);
    expect(reply.exit).toBeUndefined();
    expect(cluster.store.resourceVersion).toBe(before);
  });

  it('completes verbs, resource types and node names', () => {
    const cluster = createCluster({ nodes: 2 });
    expect(completeShell(cluster, 'adv')).toEqual([['advance'], 'adv']);
    expect(completeShell(cluster, 'get dep')).toEqual([['deployments'], 'dep']);
    expect(completeShell(cluster, 'kubectl describe no')).toEqual([['nodes'], 'no']);
    expect(completeShell(cluster, 'crash node-')).toEqual([['node-1', 'node-2'], 'node-']);
  });

  it('reads commands from a stream until exit', async () => {
    let out = '';
    const code = await runShell({ seed: 1, nodes: 1 }, { input: Readable.from(['get nodes\n', 'exit\n', 'get pods\n']), output: { write: (s: string) => (out += s) } });
    expect(code).toBe(0);
    expect(out).toBe(
      'kubesim shell: a 1-node cluster (seed 1). Type "help" for commands.\n' +
        'kubesim> get nodes\nNAME     STATUS   ROLES    AGE   VERSION\nnode-1   Ready    <none>   0s    v1.32.2\n' +
        'kubesim> exit\n',
    );
  });
});
