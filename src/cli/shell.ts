/**
 * `kubesim shell`: a prompt on a live simulated cluster, with line editing, history and tab completion
 * from node's readline. Each line is handled by shellCommand; the cluster only moves when told.
 */
import { createInterface } from 'node:readline';
import { createCluster } from '../cluster.js';
import { completeShell, shellCommand } from './shell-commands.js';

export interface ShellOptions {
  seed: number;
  nodes: number;
}

export async function runShell(opts: ShellOptions, io: { input: NodeJS.ReadableStream; output: { write(s: string): unknown } }): Promise<number> {
  const cluster = createCluster({ seed: opts.seed, nodes: opts.nodes });
  const started = cluster.now();
  const terminal = (io.input as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({
    input: io.input,
    ...(terminal ? { output: io.output as NodeJS.WritableStream, terminal: true } : { terminal: false }),
    completer: (line: string) => completeShell(cluster, line),
    historySize: 1000,
  });
  const prompt = () => {
    if (terminal) rl.prompt();
    else io.output.write('kubesim> ');
  };
  rl.setPrompt('kubesim> ');
  io.output.write(`kubesim shell: a ${opts.nodes}-node cluster (seed ${opts.seed}). Type "help" for commands.\n`);
  prompt();
  for await (const line of rl) {
    const reply = shellCommand(cluster, line, started);
    if (!terminal) io.output.write(`${line}\n`);
    io.output.write(reply.output);
    if (reply.exit) break;
    prompt();
  }
  rl.close();
  return 0;
}
