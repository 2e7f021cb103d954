/**
 * `kubectl logs POD|TYPE/NAME [-c C] [--tail N] [-p] [-f]` and `kubectl exec POD [-c C] [-it] -- CMD`.
 * Both reach the kubelet through the context. `logs -f` follows in simulated time: it lets the world
 * run a second at a time, printing what the container wrote since, until the container stops, the
 * pod goes, or `--request-timeout` (5 minutes by default) passes — a bound a terminal user would
 * supply with Ctrl-C.
 */
import { StatusError } from '../../api/errors.js';
import { parseDuration } from '../../sim/duration.js';
import { bool, int, str } from '../args.js';
import type { Command, Invocation } from '../command.js';
import { clientError, KubectlError } from '../errors.js';
import { findContainer, findPod } from './pod-target.js';

const FOLLOW_STEP_MS = 1000;
const FOLLOW_DEFAULT_MS = 300_000;

function followLimit(inv: Invocation): number {
  const t = str(inv.p, 'request-timeout');
  if (t === undefined || t === '0') return FOLLOW_DEFAULT_MS;
  try {
    return parseDuration(/^\d+$/.test(t) ? `${t}s` : t);
  } catch {
    throw clientError(`invalid argument "${t}" for "--request-timeout" flag: time: invalid duration "${t}"`);
  }
}

export const logsCommand: Command = {
  name: 'logs',
  flags: [
    { name: 'container', short: 'c', type: 'string' },
    { name: 'tail', type: 'int' },
    { name: 'previous', short: 'p', type: 'bool' },
    { name: 'follow', short: 'f', type: 'bool' },
    { name: 'timestamps', type: 'bool' },
  ],
  run(inv) {
    if (inv.p.args.length !== 1) {
      throw new KubectlError(
        "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
      );
    }
    const tail = int(inv.p, 'tail');
    const previous = bool(inv.p, 'previous');
    const { ctx } = inv;
    if (!ctx.logs) throw clientError('logs are not available: this cluster has no kubelets');
    const pod = findPod(inv, inv.p.args[0]!);
    const container = findContainer(inv, pod);
    const ns = pod.metadata.namespace!;
    const read = (t?: number) => ctx.logs!(ns, pod.metadata.name!, container, { previous, ...(t !== undefined && t >= 0 ? { tail: t } : {}) });
    let text = read(tail);
    inv.out(text);
    if (!bool(inv.p, 'follow') || previous) return 0;
    // Follow: the whole log is re-read after each step; what was printed is a prefix of it.
    let printed = read().length;
    const limit = followLimit(inv);
    for (let waited = 0; waited < limit; waited += FOLLOW_STEP_MS) {
      ctx.advance(Math.min(FOLLOW_STEP_MS, limit - waited));
      const live = ctx.store.get('Pod', ns, pod.metadata.name!);
      if (!live || live.metadata.uid !== pod.metadata.uid) break;
      try {
        text = read();
      } catch (e) {
        if (e instanceof StatusError) break;
        throw e;
      }
      if (text.length > printed) inv.out(text.slice(printed));
      printed = text.length;
      const status = live.status?.containerStatuses?.find((c) => c.name === container);
      if (status?.state?.terminated) break;
    }
    return 0;
  },
};

export const execCommand: Command = {
  name: 'exec',
  flags: [
    { name: 'container', short: 'c', type: 'string' },
    { name: 'stdin', short: 'i', type: 'bool' },
    { name: 'tty', short: 't', type: 'bool' },
    { name: 'quiet', short: 'q', type: 'bool' },
  ],
  run(inv) {
    const { ctx, p } = inv;
    if (p.args.length === 0) throw clientError('pod, type/name or --filename must be specified');
    if (p.args.length > 1) {
      throw new KubectlError("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
    }
    const argv = p.rest ?? [];
    if (argv.length === 0) throw clientError('you must specify at least one command for the container');
    if (!ctx.exec) throw clientError('exec is not available: this cluster has no kubelets');
    const pod = findPod(inv, p.args[0]!);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') throw clientError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
    const container = findContainer(inv, pod);
    const res = ctx.exec(pod.metadata.namespace!, pod.metadata.name!, container, argv);
    inv.out(res.stdout);
    inv.err(res.stderr);
    if (res.exitCode !== 0) {
      inv.err(`command terminated with exit code ${res.exitCode}\n`);
      return res.exitCode;
    }
    return 0;
  },
};
