/**
 * What `kubesim shell` understands, one line at a time: kubectl command lines (with or without the word
 * `kubectl`), and the simulator's own verbs — `advance 30s`, `crash node-2`, `recover node-2`,
 * `partition node-2`, `heal node-2`, `time`, `help`, `exit`. A mistake prints a message and changes
 * nothing; the prompt never dies on bad input.
 */
import { formatTimestamp } from '../api/meta.js';
import type { Cluster } from '../cluster.js';
import { formatDuration, parseDuration } from '../sim/duration.js';

export interface ShellReply {
  output: string;
  exit?: boolean;
}

const NODE_VERBS = {
  crash: 'crashNode',
  recover: 'recoverNode',
  partition: 'partitionNode',
  heal: 'healNode',
} as const;

export const SHELL_HELP = `Commands:
  kubectl <args>      run a kubectl command (the word "kubectl" is optional: "get pods" works too)
  advance <duration>  let simulated time pass, e.g. "advance 30s", "advance 5m"
  crash <node>        the node loses power: kubelet and containers stop
  recover <node>      the node boots again
  partition <node>    cut the node off from the control plane (its containers keep running)
  heal <node>         reconnect the node
  time                how much simulated time has passed
  help                this help
  exit                leave the shell
`;

/** Words to complete: the shell's verbs, then kubectl's, then what follows them. */
export const SHELL_VERBS = ['kubectl', 'advance', 'crash', 'recover', 'partition', 'heal', 'time', 'help', 'exit'];
export const KUBECTL_VERBS = [
  'get', 'describe', 'apply', 'create', 'delete', 'logs', 'exec', 'set', 'scale', 'rollout', 'label', 'annotate',
  'cordon', 'uncordon', 'drain', 'wait', 'expose',
];
const RESOURCES = ['pods', 'deployments', 'replicasets', 'services', 'endpoints', 'endpointslices', 'nodes', 'events', 'secrets', 'configmaps', 'namespaces', 'all'];

export function shellCommand(cluster: Cluster, line: string, started: number): ShellReply {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const verb = words[0];
  if (verb === undefined) return { output: '' };
  if (verb === 'exit' || verb === 'quit') return { output: '', exit: true };
  if (verb === 'help') return { output: SHELL_HELP };
  if (verb === 'time') return { output: `${formatDuration(cluster.now() - started)} of simulated time have passed (${formatTimestamp(cluster.now())})\n` };
  if (verb === 'advance') {
    if (words.length !== 2) return { output: 'error: advance takes one duration, e.g. "advance 30s"\n' };
    let ms: number;
    try {
      ms = parseDuration(words[1]!);
    } catch (e) {
      return { output: `error: advance: ${(e as Error).message}\n` };
    }
    if (ms < 0) return { output: 'error: advance: time only moves forward\n' };
    cluster.advance(ms);
    return { output: `${formatDuration(ms)} later (t=${formatDuration(cluster.now() - started)})\n` };
  }
  if (verb in NODE_VERBS) {
    if (words.length !== 2) return { output: `error: ${verb} takes one node name, e.g. "${verb} node-2"\n` };
    try {
      cluster[NODE_VERBS[verb as keyof typeof NODE_VERBS]](words[1]!);
      return { output: '' };
    } catch (e) {
      return { output: `error: ${(e as Error).message}\n` };
    }
  }
  const kubectlLine = verb === 'kubectl' ? line.trim().slice('kubectl'.length).trim() : line.trim();
  if (verb !== 'kubectl' && !KUBECTL_VERBS.includes(verb)) {
    return { output: `error: unknown command "${verb}"; type "help" for the commands\n` };
  }
  const res = cluster.kubectl(kubectlLine);
  return { output: res.stdout + res.stderr };
}

/** Completions for the text before the cursor: readline's completer contract ([candidates, word]). */
export function completeShell(cluster: Cluster, before: string): [string[], string] {
  const words = before.split(/\s+/);
  const word = words[words.length - 1] ?? '';
  const position = words.length - 1;
  let candidates: string[];
  const first = words[0] === 'kubectl' ? 1 : 0;
  if (position === 0) candidates = [...SHELL_VERBS, ...KUBECTL_VERBS];
  else if (words[0]! in NODE_VERBS && position === 1) candidates = cluster.nodeNames();
  else if (position === first) candidates = KUBECTL_VERBS;
  else if (position === first + 1 && ['get', 'describe', 'delete'].includes(words[first]!)) candidates = RESOURCES;
  else candidates = [];
  return [candidates.filter((c) => c.startsWith(word)), word];
}
