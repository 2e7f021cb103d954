// Decoding Kubernetes protobuf bodies: Go's zero values as "unset", pointers kept, maps, bytes,
// int-or-string, times, and refusals for what cannot be decoded. Bodies are built with a small encoder.
import { describe, expect, it } from 'vitest';
import { decodeProtobufObject } from '../../src/server/protobuf.js';

// ---- a minimal protobuf encoder, enough to write test bodies ----------------------------------------
type F = [number, 'v', number | bigint] | [number, 'b', Buffer | string];
function varint(n: bigint): Buffer {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}
function enc(...fields: F[]): Buffer {
  return Buffer.concat(
    fields.map(([num, kind, value]) => {
      if (kind === 'v') return Buffer.concat([varint(BigInt(num << 3)), varint(BigInt(value))]);
      const bytes = typeof value === 'string' ? Buffer.from(value) : value;
      return Buffer.concat([varint(BigInt((num << 3) | 2)), varint(BigInt(bytes.length)), bytes]);
    }),
  );
}
const entry = (k: string, v: string | Buffer) => enc([1, 'b', k], [2, 'b', v]);
function body(apiVersion: string, kind: string, raw: Buffer): Buffer {
  return Buffer.concat([Buffer.from('k8s\0', 'binary'), enc([1, 'b', enc([1, 'b', apiVersion], [2, 'b', kind])], [2, 'b', raw], [3, 'b', ''], [4, 'b', ''])]);
}
// Go writes every non-pointer field, zero or not: an ObjectMeta with only a name still carries the rest.
const meta = (name: string, labels: Record<string, string> = {}) =>
  enc([1, 'b', name], [2, 'b', ''], [3, 'b', ''], [7, 'v', 0], [8, 'b', enc()], ...Object.entries(labels).map(([k, v]): F => [11, 'b', entry(k, v)]));
const intstr = (v: number | string) => (typeof v === 'number' ? enc([1, 'v', 0], [2, 'v', v], [3, 'b', '']) : enc([1, 'v', 1], [2, 'v', 0], [3, 'b', v]));

describe('decodeProtobufObject', () => {
  it('a Deployment as kubectl create deployment sends it', () => {
    const container = enc([1, 'b', 'nginx'], [2, 'b', 'nginx:1.27'], [5, 'b', ''], [6, 'b', enc([1, 'b', ''], [2, 'v', 0], [3, 'v', 80], [4, 'b', 'TCP'], [5, 'b', ''])], [8, 'b', enc()], [13, 'b', ''], [14, 'b', ''], [16, 'v', 0], [18, 'v', 0]);
    const template = enc([1, 'b', meta('', { app: 'web' })], [2, 'b', enc([2, 'b', container], [3, 'b', ''], [6, 'b', ''], [11, 'v', 0], [14, 'b', enc()])]);
    const spec = enc([1, 'v', 0], [2, 'b', enc([1, 'b', entry('app', 'web')])], [3, 'b', template], [4, 'b', enc([1, 'b', ''])], [5, 'v', 0], [7, 'v', 0]);
    const got = decodeProtobufObject(body('apps/v1', 'Deployment', enc([1, 'b', meta('web', { app: 'web' })], [2, 'b', spec], [3, 'b', enc([1, 'v', 0])])));
    expect(got).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 0, // a pointer in Go: written only when set, so 0 is a value
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
        },
      },
    });
  });

  it('int-or-string values, pointer int-or-strings at zero, and negative numbers', () => {
    const rolling = enc([1, 'b', intstr(0)], [2, 'b', intstr('50%')]);
    const spec = enc([4, 'b', enc([1, 'b', 'RollingUpdate'], [2, 'b', rolling])], [6, 'v', -1n]);
    const got = decodeProtobufObject(body('apps/v1', 'Deployment', enc([1, 'b', meta('d')], [2, 'b', spec])));
    expect(got.spec).toEqual({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '50%' } }, revisionHistoryLimit: -1 });
    const port = enc([1, 'b', 'http'], [2, 'b', 'TCP'], [3, 'v', 80], [4, 'b', intstr(0)], [5, 'v', 0]);
    const svc = decodeProtobufObject(body('v1', 'Service', enc([1, 'b', meta('s')], [2, 'b', enc([1, 'b', port], [2, 'b', entry('app', 's')], [4, 'b', 'ClusterIP'])])));
    expect(svc.spec).toEqual({ ports: [{ name: 'http', protocol: 'TCP', port: 80 }], selector: { app: 's' }, type: 'ClusterIP' });
  });

  it('maps of bytes come out as base64, and times as RFC 3339', () => {
    const m = enc([1, 'b', 'sec'], [8, 'b', enc([1, 'v', 1704067200], [2, 'v', 0])]);
    const got = decodeProtobufObject(body('v1', 'Secret', enc([1, 'b', m], [2, 'b', entry('pw', Buffer.from('s3cret'))], [3, 'b', 'Opaque'])));
    expect(got).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec', creationTimestamp: '2024-01-01T00:00:00Z' }, data: { pw: 'czNjcmV0' }, type: 'Opaque' });
    const cm = decodeProtobufObject(body('v1', 'ConfigMap', enc([1, 'b', meta('c')], [2, 'b', entry('a', '1')], [2, 'b', entry('b', '')])));
    expect(cm.data).toEqual({ a: '1', b: '' });
  });

  it('a field it does not know is refused with 415 when it carries a value, ignored when zero', () => {
    const withProbe = enc([1, 'b', 'c'], [10, 'b', enc([1, 'v', 5])]);
    const pod = (c: Buffer) => body('v1', 'Pod', enc([1, 'b', meta('p')], [2, 'b', enc([2, 'b', c])]));
    expect(() => decodeProtobufObject(pod(withProbe))).toThrow(
      'kubesim cannot decode field 10 of Container (at spec.containers.#10) in a protobuf body; send the object as JSON or YAML, e.g. with kubectl apply -f',
    );
    try {
      decodeProtobufObject(pod(withProbe));
    } catch (e) {
      expect((e as { status: { code: number; reason: string } }).status).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    }
    expect(decodeProtobufObject(pod(enc([1, 'b', 'c'], [99, 'v', 0]))).spec).toEqual({ containers: [{ name: 'c' }] });
  });

  it('refuses kinds it has no schema for, and bodies that are not Kubernetes protobuf', () => {
    expect(() => decodeProtobufObject(body('v1', 'Lease', enc()))).toThrow('kubesim decodes protobuf bodies of Deployment, Pod, Service, ConfigMap, Secret, Namespace only, not Lease');
    expect(() => decodeProtobufObject(Buffer.from('{"kind":"Pod"}'))).toThrow('does not start with the "k8s\\x00" prefix');
    expect(() => decodeProtobufObject(Buffer.concat([Buffer.from('k8s\0', 'binary'), Buffer.from([0x0a, 0x7f])]))).toThrow('field 1 is longer than the body');
  });
});
