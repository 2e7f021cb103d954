/**
 * `pods/exec` over WebSocket with the Kubernetes channel protocol (`v5.channel.k8s.io`, and
 * `v4.channel.k8s.io`): what kubectl 1.30+ and client libraries use. Each binary message starts with a
 * channel byte — 0 stdin, 1 stdout, 2 stderr, 3 error (the final Status), 4 resize, 255 close (v5) — and
 * the server closes the connection normally once the command has ended. The command runs through the
 * target's `exec` (the kubelet of the pod's node) as soon as the connection opens; stdin is not passed
 * to it (kubesim's containers read no input), so `-i` sessions see the output of the command only.
 * A non-zero exit is the `NonZeroExitCode` Status that makes kubectl exit with the same code.
 *
 * SPDY/3.1 (kubectl before 1.30, and newer kubectl's fallback) is refused with a 400 Status, which
 * kubectl prints as `Error from server (BadRequest): ...`. So is a plain request without an upgrade.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { StatusError } from '../api/errors.js';
import { parseResourcePath } from './path.js';
import { resolveKind, type ApiContext } from './resources.js';
import type { ExecOutput } from './target.js';
import { acceptKey, closeFrame, encodeFrame, FrameParser, OPCODE } from './websocket.js';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const CHANNEL = { stdout: 1, stderr: 2, error: 3 } as const;
/** How long to wait for the client's close answer before dropping the connection. */
const CLOSE_WAIT_MS = 2000;
/**
 * How long the output waits after the upgrade. kubectl starts reading the connection before it has set up
 * its streams, and drops any message that comes in between ("Unknown stream id 1, discarding message").
 * A real exec never writes that early — the API server first connects to the kubelet, which then starts
 * the process in the container — so kubesim gives the client that moment too.
 */
const FIRST_OUTPUT_DELAY_MS = 100;

export const SPDY_NOT_SUPPORTED =
  'exec over SPDY is not supported by kubesim: use a client that speaks WebSocket (v5.channel.k8s.io), such as kubectl 1.30 or later';

/** The exec request an upgrade carries: which pod and container, which command, which streams. */
export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string | undefined;
  command: string[];
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export function execRequest(ctx: ApiContext, req: IncomingMessage): ExecRequest {
  const url = new URL(req.url ?? '/', 'http://kubesim');
  const path = parseResourcePath(url.pathname);
  if (!path || path.subresource === undefined) throw new StatusError('BadRequest', 'only pods/exec can be upgraded to a streaming protocol');
  const def = resolveKind(ctx.registry, path);
  if (def.kind !== 'Pod' || path.subresource !== 'exec') throw new StatusError('BadRequest', `${def.plural}/${path.subresource} does not stream`);
  const pod = ctx.target.store.mustGet('Pod', path.namespace, path.name!);
  const q = url.searchParams;
  const command = q.getAll('command');
  if (command.length === 0) throw new StatusError('BadRequest', 'you must specify at least 1 command');
  const container = q.get('container') || pod.spec.containers?.[0]?.name;
  const flag = (name: string) => q.get(name) === 'true' || q.get(name) === '1';
  return { namespace: path.namespace ?? 'default', pod: path.name!, container, command, stdout: flag('stdout'), stderr: flag('stderr'), tty: flag('tty') };
}

/** The Status written on the error channel when the command has ended, as the kubelet writes it. */
export function exitStatus(out: ExecOutput, command: string[]): Record<string, unknown> {
  if (out.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${out.exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(out.exitCode) }] },
  };
}

export function handleExecUpgrade(ctx: ApiContext, req: IncomingMessage, socket: Duplex, _head: Buffer): void {
  const exec = execRequest(ctx, req);
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') throw new StatusError('BadRequest', SPDY_NOT_SUPPORTED);
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const protocol = offered.find((p) => PROTOCOLS.includes(p));
  if (!protocol) throw new StatusError('BadRequest', `exec: none of the offered protocols [${offered.join(', ')}] is served; kubesim serves ${PROTOCOLS.join(', ')}`);
  const key = req.headers['sec-websocket-key'];
  if (!key) throw new StatusError('BadRequest', 'exec: the WebSocket upgrade has no Sec-WebSocket-Key header');
  const run = ctx.target.exec;
  if (!run) throw new StatusError('BadRequest', 'pods/exec is not served here: the server runs over a store without kubelets');

  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${acceptKey(key)}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
  );
  const parser = new FrameParser();
  socket.on('data', (chunk: Buffer) => {
    let messages;
    try {
      messages = parser.push(chunk);
    } catch {
      return void socket.destroy();
    }
    for (const m of messages) {
      if (m.opcode === OPCODE.ping) socket.write(encodeFrame(OPCODE.pong, m.payload));
      else if (m.opcode === OPCODE.close) socket.end();
      // Data messages (stdin, resize, v5 close signals) are read and dropped: the command takes no input.
    }
  });
  socket.on('error', () => socket.destroy());

  let out: ExecOutput;
  let status: Record<string, unknown>;
  try {
    out = run.call(ctx.target, exec.namespace, exec.pod, exec.container, exec.command);
    status = exitStatus(out, exec.command);
  } catch (e) {
    out = { stdout: '', stderr: '', exitCode: 1 };
    status = { metadata: {}, status: 'Failure', message: e instanceof Error ? e.message : String(e), reason: 'InternalError', code: 500 };
  }
  const frames: Buffer[] = [];
  const send = (channel: number, text: string) => {
    if (text) frames.push(encodeFrame(OPCODE.binary, Buffer.concat([Buffer.from([channel]), Buffer.from(text)])));
  };
  // With a TTY there is no stderr stream: a terminal shows both on one screen.
  if (exec.tty) send(CHANNEL.stdout, out.stdout + out.stderr);
  else {
    if (exec.stdout) send(CHANNEL.stdout, out.stdout);
    if (exec.stderr) send(CHANNEL.stderr, out.stderr);
  }
  send(CHANNEL.error, JSON.stringify(status));
  frames.push(closeFrame(1000));
  const write = setTimeout(() => {
    for (const frame of frames) socket.write(frame);
    drop = setTimeout(() => socket.destroy(), CLOSE_WAIT_MS);
  }, FIRST_OUTPUT_DELAY_MS);
  let drop: NodeJS.Timeout | undefined;
  socket.on('close', () => {
    clearTimeout(write);
    clearTimeout(drop);
  });
}
