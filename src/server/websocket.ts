/**
 * Just enough of RFC 6455 (WebSocket) for the Kubernetes streaming protocols: the handshake answer,
 * server frames (unmasked, never fragmented) and a parser for client frames (masked, possibly
 * fragmented, possibly split across TCP reads). Node has no WebSocket server of its own, and exec needs
 * only this much, so no dependency is taken. Pure; each parsed byte is looked at once.
 */
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** The `Sec-WebSocket-Accept` value for a client's `Sec-WebSocket-Key` (RFC 6455 §4.2.2). */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

/** One server frame: FIN set, no mask, the payload length in the shortest form. */
export function encodeFrame(opcode: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const len = payload.length;
  let header: Buffer;
  if (len < 126) {
    header = Buffer.from([0x80 | opcode, len]);
  } else if (len < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([header, payload]);
}

/** A close frame with a status code (1000: normal closure). */
export function closeFrame(code = 1000): Buffer {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(code, 0);
  return encodeFrame(OPCODE.close, payload);
}

export interface Message {
  opcode: number;
  payload: Buffer;
}

/** The largest client message accepted; a larger one ends the connection (exec sends small messages). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * Feeds bytes in, gets whole messages out: control frames as they come, data frames reassembled from
 * their fragments. Throws on a protocol violation (an unmasked client frame, an oversized message).
 */
export class FrameParser {
  private buffer: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;

  /** `masked: false` reads server frames instead (what a client, or a test playing one, receives). */
  constructor(private readonly opts: { masked?: boolean } = {}) {}

  push(chunk: Buffer): Message[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const out: Message[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return out;
      const { fin, opcode, payload } = frame;
      if (opcode >= 0x8) {
        out.push({ opcode, payload });
        continue;
      }
      if (opcode !== OPCODE.continuation) this.fragmentOpcode = opcode;
      this.fragments.push(payload);
      if (this.fragments.reduce((n, b) => n + b.length, 0) > MAX_MESSAGE_BYTES) throw new Error('websocket: message too large');
      if (fin) {
        out.push({ opcode: this.fragmentOpcode, payload: Buffer.concat(this.fragments) });
        this.fragments = [];
      }
    }
  }

  private next(): { fin: boolean; opcode: number; payload: Buffer } | undefined {
    const b = this.buffer;
    if (b.length < 2) return undefined;
    const fin = (b[0]! & 0x80) !== 0;
    const opcode = b[0]! & 0x0f;
    const masked = (b[1]! & 0x80) !== 0;
    const expectMasked = this.opts.masked ?? true;
    if (masked !== expectMasked) throw new Error(expectMasked ? 'websocket: client frames must be masked' : 'websocket: server frames must not be masked');
    let len = b[1]! & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (b.length < 4) return undefined;
      len = b.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (b.length < 10) return undefined;
      const big = b.readBigUInt64BE(2);
      if (big > BigInt(MAX_MESSAGE_BYTES)) throw new Error('websocket: message too large');
      len = Number(big);
      offset = 10;
    }
    const maskLen = masked ? 4 : 0;
    if (b.length < offset + maskLen + len) return undefined;
    const mask = b.subarray(offset, offset + maskLen);
    const payload = Buffer.from(b.subarray(offset + maskLen, offset + maskLen + len));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
    this.buffer = b.subarray(offset + maskLen + len);
    return { fin, opcode, payload };
  }
}

/** Masks a client frame: what a WebSocket client sends (used by tests that play the client). */
export function encodeClientFrame(opcode: number, payload: Uint8Array, mask = Buffer.from([1, 2, 3, 4])): Buffer {
  const server = encodeFrame(opcode, payload);
  const headerLen = server.length - payload.length;
  const header = Buffer.from(server.subarray(0, headerLen));
  header[1] = header[1]! | 0x80;
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, body]);
}
