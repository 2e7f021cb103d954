/**
 * `GET pods/<name>/log`: a container's log as plain text, with `container`, `tailLines`, `limitBytes`,
 * `previous` and `follow`. A pod with several containers needs `container`, in the API server's words.
 * With `follow`, the answer stays open and streams what the container writes as simulated time moves,
 * until the pod is gone or finished, the client leaves, or the follow bound (10 minutes of wall time)
 * runs out. Reading the log costs what the kubelet's log read costs; following polls it every 200 ms.
 */
import { StatusError } from '../api/errors.js';
import { boolParam, intParam, sendText } from './http.js';
import type { ResourceRequest } from './resources.js';

const FOLLOW_POLL_MS = 200;
const FOLLOW_LIMIT_MS = 10 * 60 * 1000;

/** The last `n` lines of `text` (a trailing newline does not start a line), as the kubelet cuts them. */
export function tailLines(text: string, n: number): string {
  if (n === 0) return '';
  const lines = text.split('\n');
  const trailing = lines[lines.length - 1] === '';
  if (trailing) lines.pop();
  const kept = lines.slice(Math.max(0, lines.length - n));
  return kept.join('\n') + (trailing && kept.length ? '\n' : '');
}

export function serveLogs(r: ResourceRequest): void {
  const { target } = r.ctx;
  const ns = r.path.namespace ?? 'default';
  const name = r.path.name!;
  const pod = target.store.mustGet('Pod', ns, name);
  const names = (pod.spec.containers ?? []).map((c) => c.name);
  let container = r.query.get('container') || undefined;
  if (container === undefined) {
    if (names.length !== 1) throw new StatusError('BadRequest', `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
    container = names[0];
  } else if (!names.includes(container) && !(pod.spec.initContainers ?? []).some((c) => c.name === container)) {
    throw new StatusError('BadRequest', `container ${container} is not valid for pod ${name}`);
  }
  const read = target.logs;
  if (!read) throw new StatusError('BadRequest', 'pods/log is not served here: the server runs over a store without kubelets');
  const previous = boolParam(r.query, 'previous');
  const tail = intParam(r.query, 'tailLines');
  const limit = intParam(r.query, 'limitBytes');
  const readText = (): string => {
    try {
      return read.call(target, ns, name, container, { previous });
    } catch (e) {
      if (e instanceof StatusError) throw e;
      throw new StatusError('BadRequest', (e as Error).message);
    }
  };
  let text = readText();
  if (tail !== undefined) text = tailLines(text, tail);
  if (limit !== undefined) text = Buffer.from(text).subarray(0, limit).toString('utf8');
  if (!boolParam(r.query, 'follow') || previous) return sendText(r.res, 200, text);
  follow(r, text, readText, tail);
}

function follow(r: ResourceRequest, first: string, readText: () => string, tail: number | undefined): void {
  const { res, ctx } = r;
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  if (first) res.write(first);
  // The full log already accounted for: later reads send only what comes after it.
  let seen = tail === undefined ? first : readText();
  const started = Date.now();
  const done = () => {
    clearInterval(timer);
    unregister();
    if (!res.writableEnded) res.end();
  };
  // Closing the server ends follows too, like watches.
  const unregister = ctx.watches.add(done);
  const timer = setInterval(() => {
    const pod = ctx.target.store.get('Pod', r.path.namespace ?? 'default', r.path.name!);
    let now: string;
    try {
      now = readText();
    } catch {
      return done();
    }
    if (now.length > seen.length && now.startsWith(seen)) res.write(now.slice(seen.length));
    seen = now;
    const phase = pod?.status?.phase;
    if (!pod || phase === 'Succeeded' || phase === 'Failed' || Date.now() - started > FOLLOW_LIMIT_MS) done();
  }, FOLLOW_POLL_MS);
  r.req.on('close', done);
  res.on('close', done);
}
