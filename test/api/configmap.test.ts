import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit } from '../../src/api/admit.js';
import { configMapDef, type ConfigMap } from '../../src/api/configmap.js';
import { decodeBase64, isConfigMapKey } from '../../src/api/validation/configmap.js';

const problems = (input: unknown, old?: ConfigMap): string[] => causesOf(() => admit(configMapDef, input, old));

const cm = (fields: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, ...fields });

describe('ConfigMap', () => {
  it('admits data as written and keeps unknown fields', () => {
    const input = cm({ data: { 'app.properties': 'a=1\n', LOG_LEVEL: 'debug' }, binaryData: { logo: 'iVBORw==' }, future: 1 });
    expect(admit(configMapDef, input)).toEqual(input);
  });

  const cases = [
    { name: 'valid keys', fields: { data: { 'key.name': '', KEY_NAME: '', 'key-name': '' } }, expected: [] },
    { name: 'a key cannot be "."', fields: { data: { '.': 'x' } }, expected: ['data[.]: Invalid value: ".": must not be \'.\''] },
    { name: 'a key may start with one dot', fields: { data: { '.env': 'x' } }, expected: [] },
    {
      name: 'a key in both bags',
      fields: { data: { logo: 'x' }, binaryData: { logo: 'eA==' } },
      expected: ['data[logo]: Invalid value: "logo": duplicate of key present in binaryData'],
    },
    {
      name: 'binaryData is base64',
      fields: { binaryData: { logo: 'not base64' } },
      expected: ['binaryData[logo]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3'],
    },
    {
      name: 'at most 1 MiB in all, reported on the whole object',
      fields: { data: { a: 'x'.repeat(512 * 1024) }, binaryData: { b: Buffer.alloc(512 * 1024 + 1).toString('base64') } },
      expected: [': Too long: may not be more than 1048576 bytes'],
    },
    { name: 'wrong type names the field', fields: { data: ['a'] }, expected: ['data: Invalid value: ["a"]: must be of type object'] },
  ];
  it.each(cases)('$name', ({ fields, expected }) => {
    expect(problems(cm(fields))).toEqual(expected);
  });

  const frozen = admit(configMapDef, cm({ data: { a: '1' }, binaryData: { b: 'eA==' }, immutable: true }));
  const updates = [
    { name: 'same contents', fields: { data: { a: '1' }, binaryData: { b: 'eA==' }, immutable: true }, expected: [] },
    { name: 'data is frozen', fields: { data: { a: '2' }, binaryData: { b: 'eA==' }, immutable: true }, expected: ['data: Forbidden: field is immutable when `immutable` is set'] },
    { name: 'binaryData is frozen', fields: { data: { a: '1' }, immutable: true }, expected: ['binaryData: Forbidden: field is immutable when `immutable` is set'] },
    {
      name: 'immutable stays',
      fields: { data: { a: '1' }, binaryData: { b: 'eA==' }, immutable: false },
      expected: ['immutable: Forbidden: field is immutable when `immutable` is set'],
    },
  ];
  it.each(updates)('update: $name', ({ fields, expected }) => {
    expect(problems(cm(fields), frozen)).toEqual(expected);
  });
});

describe('config keys and base64', () => {
  it.each([
    { key: 'a'.repeat(253), expected: [] },
    { key: 'a'.repeat(254), expected: ['must be no more than 253 characters'] },
    { key: '..', expected: ["must not be '..'"] },
  ])('isConfigMapKey($key.length chars)', ({ key, expected }) => {
    expect(isConfigMapKey(key)).toEqual(expected);
  });

  it.each([
    { name: 'canonical', input: 'YWJj', bytes: 'abc' },
    { name: 'one pad', input: 'YWI=', bytes: 'ab' },
    { name: 'two pads', input: 'YQ==', bytes: 'a' },
    { name: 'newlines skipped', input: 'YW\r\nJj', bytes: 'abc' },
    { name: 'empty', input: '', bytes: '' },
    { name: 'bad character', input: 'YW*j', error: 'illegal base64 data at input byte 2' },
    { name: 'missing padding', input: 'YWI', error: 'illegal base64 data at input byte 0' },
    { name: 'half padding', input: 'YQ=', error: 'illegal base64 data at input byte 3' },
    { name: 'pad too early', input: 'Y===', error: 'illegal base64 data at input byte 1' },
    { name: 'data after padding', input: 'YQ==YQ==', error: 'illegal base64 data at input byte 4' },
  ])('decodeBase64: $name', ({ input, bytes, error }) => {
    const got = decodeBase64(input);
    if (error) expect(got).toEqual({ error });
    else expect('bytes' in got && got.bytes.toString('utf8')).toBe(bytes);
  });
});
