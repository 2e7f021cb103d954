// pods/exec over WebSocket (v5.channel.k8s.io): the framing, and a whole exchange played by a client.
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptKey, closeFrame, encodeClientFrame, encodeFrame, FrameParser, OPCODE, type Message } from '../../src/server/websocket.js';
import { podManifest, put, runningStatus, serve, type Served } from './helpers.js';

describe('websocket framing', () => {
  it('answers the RFC 6455 handshake example', () => {
    expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it.each([0, 5, 125, 126, 65535, 65536, 200_000])('a %i-byte message survives encoding and parsing, split anywhere', (size) => {
    const payload = Buffer.alloc(size, 7);
    const frame = encodeClientFrame(OPCODE.binary, payload);
    const parser = new FrameParser();
    const got: Message[] = [];
    for (let i = 0; i < frame.length; i += 4099) got.push(...parser.push(frame.subarray(i, i + 4099)));
    expect(got).toHaveLength(1);
    expect(got[0]!.opcode).toBe(OPCODE.binary);
    expect(got[0]!.payload.equals(payload)).toBe(true);
    const server = new FrameParser({ masked: false }).push(encodeFrame(OPCODE.binary, payload));
    expect(server[0]!.payload.length).toBe(size);
  });

  it('reassembles fragments and passes control frames through between them', () => {
    const first = encodeClientFrame(OPCODE.text, Buffer.from('hel'));
    first[0] = first[0]! & 0x7f; // not FIN
    const ping = encodeClientFrame(OPCODE.ping, Buffer.from('p'));
    const last = encodeClientFrame(OPCODE.continuation, Buffer.from('lo'));
    const got = new FrameParser().push(Buffer.concat([first, ping, last]));
    expect(got.map((m) => [m.opcode, m.payload.toString()])).toEqual([
      [OPCODE.ping, 'p'],
      [OPCODE.text, 'hello'],
    ]);
  });

  it('refuses an unmasked client frame', () => {
    expect(() => new FrameParser().push(encodeFrame(OPCODE.binary, Buffer.from('x')))).toThrow('client frames must be masked');
    expect(new FrameParser({ masked: false }).push(closeFrame(1000))[0]!.payload.readUInt16BE(0)).toBe(1000);
  });
});

describe('exec over WebSocket', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve({
      target: {
        exec: (ns, pod, container, argv) =>
          argv[0] === 'fail' ? { stdout: 'partial\n', stderr: 'boom\n', exitCode: 7 } : { stdout: `${ns}/${pod}/${container}: ${argv.join(' ')}\n`, stderr: '', exitCode: 0 },
      },
    });
    put(s.store, podManifest('web', { nodeName: 'node-1', containers: ['api', 'side'] }), runningStatus('10.244.1.5'));
  });
  afterAll(() => s.server.close());

  /** Plays a WebSocket client: the upgrade, then every message until the server closes. */
  function execOver(query: string, headers: Record<string, string> = {}): Promise<{ status: number; protocol?: string; messages: Message[]; body?: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${s.url}/api/v1/namespaces/default/pods/web/exec?${query}`, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          'sec-websocket-protocol': 'v5.channel.k8s.io',
          ...headers,
        },
      });
      req.on('upgrade', (res, socket: Socket, head: Buffer) => {
        const parser = new FrameParser({ masked: false });
        const messages: Message[] = [];
        const onData = (chunk: Buffer) => {
          for (const m of parser.push(chunk)) {
            messages.push(m);
            if (m.opcode === OPCODE.close) socket.end(encodeClientFrame(OPCODE.close, m.payload));
          }
        };
        onData(head);
        socket.on('data', onData);
        socket.on('close', () => resolve({ status: res.statusCode!, protocol: res.headers['sec-websocket-protocol'] as string, messages }));
        expect(res.headers['sec-websocket-accept']).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, messages: [], body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  const channels = (messages: Message[]) => messages.filter((m) => m.opcode === OPCODE.binary).map((m) => [m.payload[0], m.payload.subarray(1).toString()]);

  it('runs the command: stdout on channel 1, a Success Status on channel 3, then a normal close', async () => {
    const r = await execOver('command=ls&command=-l&container=side&stdout=true&stderr=true');
    expect(r.status).toBe(101);
    expect(r.protocol).toBe('v5.channel.k8s.io');
    expect(channels(r.messages)).toEqual([
      [1, 'default/web/side: ls -l\n'],
      [3, '{"metadata":{},"status":"Success"}'],
    ]);
    expect(r.messages.at(-1)!.opcode).toBe(OPCODE.close);
  });

  it('a non-zero exit is a NonZeroExitCode Status carrying the code', async () => {
    const r = await execOver('command=fail&stdout=true&stderr=true');
    const [, , status] = channels(r.messages);
    expect(channels(r.messages).slice(0, 2)).toEqual([
      [1, 'partial\n'],
      [2, 'boom\n'],
    ]);
    expect(JSON.parse(status![1] as string)).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: error executing command [fail], exit code 7',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '7' }] },
    });
  });

  it('refuses SPDY, an unknown protocol and a missing command with a 400 Status', async () => {
    const spdy = await execOver('command=ls', { upgrade: 'SPDY/3.1', 'x-stream-protocol-version': 'v4.channel.k8s.io' });
    expect(spdy.status).toBe(400);
    expect(JSON.parse(spdy.body!).message).toContain('exec over SPDY is not supported by kubesim');
    const old = await execOver('command=ls', { 'sec-websocket-protocol': 'channel.k8s.io' });
    expect(JSON.parse(old.body!).message).toBe('exec: none of the offered protocols [channel.k8s.io] is served; kubesim serves v5.channel.k8s.io, v4.channel.k8s.io');
    const none = await execOver('stdout=true');
    expect(JSON.parse(none.body!).message).toBe('you must specify at least 1 command');
  });
});
