/**
 * The `kubesim` command line. For now it starts a cluster and shows what its API server holds, the way
 * `kubectl get namespaces` would; scenarios, the shell and the server come with their own commands.
 */
import { readFileSync } from 'node:fs';
import { createCluster } from '../cluster.js';
import { humanDuration } from '../kubectl/age.js';
import { formatTable } from '../kubectl/tabwriter.js';
import { parseTimestamp } from '../api/meta.js';

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const USAGE = `kubesim — an in-memory Kubernetes control plane on a simulated clock

Usage:
  kubesim [--seed N]     start a cluster and show its namespaces
  kubesim --help         show this help
  kubesim --version      print the version
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(args: string[], io: Io): Promise<number> {
  let seed = 1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (a === '--version') {
      io.stdout.write(`kubesim ${version()}\n`);
      return 0;
    }
    if (a === '--seed' || a.startsWith('--seed=')) {
      const v = a.includes('=') ? a.slice(7) : args[++i];
      if (v === undefined || !/^\d+$/.test(v)) {
        io.stderr.write(`error: --seed expects a non-negative integer, got ${v === undefined ? 'nothing' : JSON.stringify(v)}\n`);
        return 1;
      }
      seed = Number(v);
      continue;
    }
    io.stderr.write(`error: unknown command or flag "${a}" for "kubesim"\nRun 'kubesim --help' for usage.\n`);
    return 1;
  }
  const cluster = createCluster({ seed });
  cluster.advance('5s');
  io.stdout.write('$ kubectl get namespaces\n');
  const rows = cluster.store.items('Namespace').map((ns) => [
    ns.metadata.name!,
    String(ns.status?.phase ?? ''),
    humanDuration(cluster.now() - parseTimestamp(ns.metadata.creationTimestamp!)),
  ]);
  io.stdout.write(formatTable([['NAME', 'STATUS', 'AGE'], ...rows]));
  return 0;
}
