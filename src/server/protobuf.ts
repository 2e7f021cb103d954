/**
 * Decodes the protobuf bodies client-go's typed clients send (`Content-Type:
 * application/vnd.kubernetes.protobuf`): the `k8s\0` magic, a runtime.Unknown envelope naming the kind,
 * and the object in Kubernetes' generated protobuf encoding, into the JSON object the API server would
 * have decoded. Only the kinds and fields in protobuf-schema.ts are known; a field outside them that
 * carries a value is refused with 415 (send JSON instead) rather than dropped, so an object is never
 * stored with part of it missing. Zero values of non-pointer fields mean "unset", as in Go, and are
 * left out so the store's defaults apply. Pure; O(body size).
 */
import { StatusError } from '../api/errors.js';
import { formatTimestamp } from '../api/meta.js';
import { unsupportedMediaType } from './http.js';
import { MESSAGES, ROOT_MESSAGES, type FieldDef } from './protobuf-schema.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Field = { num: number; wire: number; varint?: bigint; bytes?: Buffer };

function malformed(why: string): StatusError {
  return new StatusError('BadRequest', `the protobuf body could not be decoded: ${why}`);
}

/** The fields of one message, in order, as raw wire values. */
export function readFields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (i >= buf.length) throw malformed('a varint runs past the end');
      const b = buf[i++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    throw malformed('a varint is longer than 10 bytes');
  };
  while (i < buf.length) {
    const key = varint();
    const num = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) out.push({ num, wire, varint: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      if (i + len > buf.length) throw malformed(`field ${num} is longer than the body`);
      out.push({ num, wire, bytes: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 1 || wire === 5) {
      const len = wire === 1 ? 8 : 4;
      if (i + len > buf.length) throw malformed(`field ${num} is longer than the body`);
      out.push({ num, wire, bytes: buf.subarray(i, i + len) });
      i += len;
    } else {
      throw malformed(`unsupported wire type ${wire} in field ${num}`);
    }
  }
  return out;
}

const isZero = (f: Field) => (f.wire === 0 ? f.varint === 0n : (f.bytes?.length ?? 0) === 0);

function expectWire(f: Field, wire: number, where: string): void {
  if (f.wire !== wire) throw malformed(`${where}: wire type ${f.wire}, expected ${wire}`);
}

function int(f: Field, where: string): number {
  expectWire(f, 0, where);
  return Number(BigInt.asIntN(64, f.varint!));
}

function text(f: Field, where: string): string {
  expectWire(f, 2, where);
  return f.bytes!.toString('utf8');
}

function sub(f: Field, where: string): Field[] {
  expectWire(f, 2, where);
  return readFields(f.bytes!);
}

/** A scalar or nested value of `def`, or undefined when it is Go's "unset". */
function decodeValue(def: FieldDef, f: Field, where: string): unknown {
  const keep = def.keepZero === true;
  const t = def.type;
  switch (t.t) {
    case 'string': {
      const v = text(f, where);
      return v === '' && !keep ? undefined : v;
    }
    case 'bytes':
      expectWire(f, 2, where);
      return f.bytes!.toString('base64');
    case 'int': {
      const v = int(f, where);
      return v === 0 && !keep ? undefined : v;
    }
    case 'bool': {
      const v = int(f, where) !== 0;
      return !v && !keep ? undefined : v;
    }
    case 'time': {
      let seconds = 0;
      for (const p of sub(f, where)) if (p.num === 1) seconds = int(p, `${where}.seconds`);
      return seconds === 0 ? undefined : formatTimestamp(seconds * 1000);
    }
    case 'quantity': {
      let s = '';
      for (const p of sub(f, where)) if (p.num === 1) s = text(p, `${where}.string`);
      return s;
    }
    case 'intstr': {
      let type = 0;
      let intVal = 0;
      let strVal = '';
      for (const p of sub(f, where)) {
        if (p.num === 1) type = int(p, where);
        else if (p.num === 2) intVal = int(p, where);
        else if (p.num === 3) strVal = text(p, where);
      }
      if (type === 1) return strVal;
      return intVal === 0 && !keep ? undefined : intVal;
    }
    case 'message': {
      const obj = decodeMessage(f.bytes ?? Buffer.alloc(0), t.m, where, f);
      return Object.keys(obj).length === 0 && !keep ? undefined : obj;
    }
    case 'map':
      throw malformed(`${where}: a map entry outside a map`);
  }
}

function decodeMessage(buf: Buffer, name: string, path: string, field?: Field): Record<string, unknown> {
  if (field) expectWire(field, 2, path);
  const defs = MESSAGES[name]!;
  const out: Record<string, unknown> = {};
  for (const f of readFields(buf)) {
    const def = defs[f.num];
    const where = path ? `${path}.${def?.name ?? `#${f.num}`}` : (def?.name ?? `#${f.num}`);
    if (!def) {
      if (isZero(f)) continue;
      throw unsupportedMediaType(
        `kubesim cannot decode field ${f.num} of ${name} (at ${where}) in a protobuf body; send the object as JSON or YAML, e.g. with kubectl apply -f`,
      );
    }
    if (def.type.t === 'map') {
      let key = '';
      let value: unknown = def.type.value === 'bytes' ? '' : '';
      for (const p of sub(f, where)) {
        if (p.num === 1) key = text(p, `${where} key`);
        else if (p.num === 2) {
          if (def.type.value === 'bytes') value = p.bytes!.toString('base64');
          else if (def.type.value === 'quantity') value = decodeValue({ name: key, type: { t: 'quantity' } }, p, `${where}[${key}]`);
          else value = text(p, `${where}[${key}]`);
        }
      }
      const m = (out[def.name] ??= {}) as Record<string, unknown>;
      m[key] = value;
      continue;
    }
    const value = decodeValue(def, f, where);
    if (def.repeated) {
      // A repeated element is never "unset": an empty string in a list is a value.
      const v = value ?? (def.type.t === 'string' ? '' : def.type.t === 'message' ? {} : value);
      ((out[def.name] ??= []) as unknown[]).push(v);
    } else if (value !== undefined) {
      out[def.name] = value;
    }
  }
  return out;
}

/** A protobuf request body as the JSON object it encodes (apiVersion and kind from its envelope). */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw malformed('it does not start with the "k8s\\x00" prefix of a Kubernetes protobuf object');
  }
  const envelope = readFields(body.subarray(MAGIC.length));
  let apiVersion = '';
  let kind = '';
  let raw: Buffer | undefined;
  for (const f of envelope) {
    if (f.num === 1) {
      for (const p of sub(f, 'typeMeta')) {
        if (p.num === 1) apiVersion = text(p, 'typeMeta.apiVersion');
        else if (p.num === 2) kind = text(p, 'typeMeta.kind');
      }
    } else if (f.num === 2) {
      expectWire(f, 2, 'raw');
      raw = f.bytes!;
    } else if (f.num === 3 && !isZero(f)) {
      throw unsupportedMediaType(`the protobuf body has content encoding "${text(f, 'contentEncoding')}", which kubesim does not decode`);
    }
  }
  const root = ROOT_MESSAGES[kind];
  if (!root) {
    throw unsupportedMediaType(
      `kubesim decodes protobuf bodies of ${Object.keys(ROOT_MESSAGES).join(', ')} only, not ${kind || 'an object without a kind'}; send it as JSON or YAML`,
    );
  }
  return { apiVersion, kind, ...decodeMessage(raw ?? Buffer.alloc(0), root, '') };
}
