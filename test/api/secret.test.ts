import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit } from '../../src/api/admit.js';
import { secretDef, type Secret } from '../../src/api/secret.js';

const problems = (input: unknown, old?: Secret): string[] => causesOf(() => admit(secretDef, input, old));

const secret = (fields: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-secret', namespace: 'default' }, ...fields });
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', " +
  "regex used for validation is '[-._a-zA-Z0-9]+')";

describe('Secret defaults', () => {
  it('is Opaque unless told', () => {
    expect(admit(secretDef, secret({ data: { url: b64('postgres://db') } }))).toEqual(
      secret({ type: 'Opaque', data: { url: 'cG9zdGdyZXM6Ly9kYg==' } }),
    );
    expect(admit(secretDef, secret({ type: '' })).type).toBe('Opaque');
  });

  const merges = [
    { name: 'stringData alone becomes data', input: { stringData: { url: 'postgres://db' } }, data: { url: b64('postgres://db') } },
    { name: 'stringData joins data', input: { data: { user: b64('admin') }, stringData: { pass: 'hunter2' } }, data: { user: b64('admin'), pass: b64('hunter2') } },
    { name: 'stringData wins over data', input: { data: { pass: b64('old') }, stringData: { pass: 'new' } }, data: { pass: b64('new') } },
    { name: 'UTF-8, not Latin-1', input: { stringData: { greeting: 'héllo ✓' } }, data: { greeting: 'aMOpbGxvIOKckw==' } },
    { name: 'data is made canonical', input: { data: { a: 'YWJj\nZGVm' } }, data: { a: 'YWJjZGVm' } },
  ];
  it.each(merges)('$name', ({ input, data }) => {
    const got = admit(secretDef, secret(input));
    expect(got.data).toEqual(data);
    expect(got).not.toHaveProperty('stringData');
    expect(admit(secretDef, structuredClone(got))).toEqual(got);
  });

  it('keeps fields it does not model', () => {
    expect(admit(secretDef, secret({ future: { x: 1 } }))).toMatchObject({ future: { x: 1 } });
  });
});

describe('Secret validation', () => {
  const cases = [
    { name: 'valid', fields: { data: { 'tls.crt': b64('x'), KEY_NAME: b64('y') } }, expected: [] },
    { name: 'key characters', fields: { data: { 'a b': b64('x') } }, expected: [`data[a b]: Invalid value: "a b": ${KEY_MSG}`] },
    { name: 'key from stringData', fields: { stringData: { 'a/b': 'x' } }, expected: [`data[a/b]: Invalid value: "a/b": ${KEY_MSG}`] },
    { name: 'key may not climb out of a volume', fields: { data: { '..data': b64('x') } }, expected: [`data[..data]: Invalid value: "..data": must not start with '..'`] },
    {
      name: 'invalid base64 names data[key] without echoing the secret',
      fields: { data: { password: 'hunter2!' } },
      expected: ['data[password]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 7'],
    },
    { name: 'base64 must be padded', fields: { data: { a: 'YWJjZA' } }, expected: ['data[a]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 4'] },
    { name: 'at most 1 MiB', fields: { data: { big: Buffer.alloc(1024 * 1024 + 1).toString('base64') } }, expected: ['data: Too long: may not be more than 1048576 bytes'] },
    { name: 'exactly 1 MiB is fine', fields: { data: { big: Buffer.alloc(1024 * 1024).toString('base64') } }, expected: [] },
    {
      name: 'TLS secrets need a certificate and a key',
      fields: { type: 'kubernetes.io/tls', data: { 'tls.crt': b64('cert') } },
      expected: ['data[tls.key]: Required value'],
    },
    {
      name: 'basic-auth needs a username or a password',
      fields: { type: 'kubernetes.io/basic-auth', data: {} },
      expected: ['data[username]: Required value', 'data[password]: Required value'],
    },
    {
      name: 'service account tokens name their account',
      fields: { type: 'kubernetes.io/service-account-token' },
      expected: ['metadata.annotations[kubernetes.io/service-account.name]: Required value'],
    },
    { name: 'wrong type names the field', fields: { immutable: 'yes' }, expected: ['immutable: Invalid value: "yes": must be of type boolean'] },
  ];
  it.each(cases)('$name', ({ fields, expected }) => {
    expect(problems(secret(fields))).toEqual(expected);
  });
});

describe('Secret updates', () => {
  const mutable = admit(secretDef, secret({ data: { a: b64('1') } }));
  const frozen = admit(secretDef, secret({ data: { a: b64('1') }, immutable: true }));
  const cases = [
    { name: 'a mutable secret changes', old: mutable, fields: { data: { a: b64('2') } }, expected: [] },
    { name: 'an immutable secret can be relabelled', old: frozen, fields: { metadata: { name: 'db-secret', namespace: 'default', labels: { a: 'b' } }, data: { a: b64('1') }, immutable: true }, expected: [] },
    { name: 'its data cannot change', old: frozen, fields: { data: { a: b64('2') }, immutable: true }, expected: ['data: Forbidden: field is immutable when `immutable` is set'] },
    { name: 'not even through stringData', old: frozen, fields: { stringData: { a: '2' }, immutable: true }, expected: ['data: Forbidden: field is immutable when `immutable` is set'] },
    { name: 'it cannot become mutable', old: frozen, fields: { data: { a: b64('1') } }, expected: ['immutable: Forbidden: field is immutable when `immutable` is set'] },
    { name: 'the type is immutable', old: mutable, fields: { type: 'example.com/custom', data: { a: b64('1') } }, expected: ['type: Invalid value: "example.com/custom": field is immutable'] },
  ];
  it.each(cases)('$name', ({ old, fields, expected }) => {
    expect(problems(secret(fields), old)).toEqual(expected);
  });
});
