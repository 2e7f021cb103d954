import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity } from '../../src/api/quantity.js';

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_WRONG = "unable to parse quantity's suffix";

describe('parseQuantity', () => {
  it.each([
    { name: 'zero', input: '0', canonical: '0', format: 'DecimalSI' },
    { name: 'binary zero', input: '0Mi', canonical: '0', format: 'BinarySI' },
    { name: 'negative zero', input: '-0', canonical: '0', format: 'DecimalSI' },
    { name: 'integer', input: '2', canonical: '2', format: 'DecimalSI' },
    { name: 'millis', input: '100m', canonical: '100m', format: 'DecimalSI' },
    { name: 'a tenth is exact', input: '0.1', canonical: '100m', format: 'DecimalSI' },
    { name: 'a half', input: '0.5', canonical: '500m', format: 'DecimalSI' },
    { name: 'one and a half', input: '1.5', canonical: '1500m', format: 'DecimalSI' },
    { name: 'millis stay millis', input: '1500m', canonical: '1500m', format: 'DecimalSI' },
    { name: 'whole thousands of millis', input: '2000m', canonical: '2', format: 'DecimalSI' },
    { name: 'thousands without a suffix', input: '1500', canonical: '1500', format: 'DecimalSI' },
    { name: 'kilo', input: '1000', canonical: '1k', format: 'DecimalSI' },
    { name: 'giga', input: '1G', canonical: '1G', format: 'DecimalSI' },
    { name: 'fractional giga', input: '1.5G', canonical: '1500M', format: 'DecimalSI' },
    { name: 'exa, not an exponent', input: '1E', canonical: '1E', format: 'DecimalSI' },
    { name: 'nano', input: '1n', canonical: '1n', format: 'DecimalSI' },
    { name: 'micro', input: '5u', canonical: '5u', format: 'DecimalSI' },
    { name: 'below nano rounds up', input: '0.0000000001', canonical: '1n', format: 'DecimalSI' },
    { name: 'negative below nano rounds away from zero', input: '-0.0000000001', canonical: '-1n', format: 'DecimalSI' },
    { name: 'negative', input: '-1.5', canonical: '-1500m', format: 'DecimalSI' },
    { name: 'explicit plus', input: '+1', canonical: '1', format: 'DecimalSI' },
    { name: 'leading zeros', input: '0010', canonical: '10', format: 'DecimalSI' },
    { name: 'mebibytes', input: '128Mi', canonical: '128Mi', format: 'BinarySI' },
    { name: 'kibibytes fold into mebibytes', input: '1024Ki', canonical: '1Mi', format: 'BinarySI' },
    { name: 'fractional gibibytes', input: '1.5Gi', canonical: '1536Mi', format: 'BinarySI' },
    { name: 'half a gibibyte', input: '0.5Gi', canonical: '512Mi', format: 'BinarySI' },
    { name: 'binary below 1024 prints decimal', input: '0.5Ki', canonical: '512', format: 'BinarySI' },
    { name: 'binary with a fraction prints decimal', input: '0.1Ki', canonical: '102400m', format: 'BinarySI' },
    { name: 'binary below one becomes decimal', input: '0.0001Ki', canonical: '102400u', format: 'DecimalSI' },
    { name: 'binary capped at 2^63-1', input: '8Ei', canonical: '9223372036854775807', format: 'BinarySI' },
    { name: 'exponent', input: '1e3', canonical: '1e3', format: 'DecimalExponent' },
    { name: 'upper-case exponent', input: '1E6', canonical: '1e6', format: 'DecimalExponent' },
    { name: 'exponent kept a multiple of three', input: '1e4', canonical: '10e3', format: 'DecimalExponent' },
    { name: 'negative exponent', input: '1e-3', canonical: '1e-3', format: 'DecimalExponent' },
    { name: 'exponent with a fraction', input: '1.5e3', canonical: '1500', format: 'DecimalExponent' },
    { name: 'plus-signed exponent', input: '2e+3', canonical: '2e3', format: 'DecimalExponent' },
    { name: 'beyond int64 stays exact', input: '12345678901234567890', canonical: '12345678901234567890', format: 'DecimalSI' },
    { name: 'a lone point is zero, as in Go', input: '.', canonical: '0', format: 'DecimalSI' },
    { name: 'a trailing point', input: '5.', canonical: '5', format: 'DecimalSI' },
    { name: 'a JavaScript number', input: 0.25, canonical: '250m', format: 'DecimalSI' },
    { name: 'a large JavaScript number', input: 1e21, canonical: '1e21', format: 'DecimalExponent' },
  ])('$name: $input → $canonical', ({ input, canonical, format }) => {
    const q = parseQuantity(input);
    expect(q.toString()).toBe(canonical);
    expect(q.format).toBe(format);
    expect(parseQuantity(canonical).cmp(q)).toBe(0);
  });

  it.each([
    { name: 'empty', input: '', message: FORMAT_WRONG },
    { name: 'letters only', input: 'abc', message: FORMAT_WRONG },
    { name: 'two points', input: '1.2.3', message: FORMAT_WRONG },
    { name: 'a space', input: '1 Gi', message: FORMAT_WRONG },
    { name: 'fractional exponent', input: '1e3.5', message: FORMAT_WRONG },
    { name: 'NaN', input: Number.NaN, message: FORMAT_WRONG },
    { name: 'unknown suffix', input: '1Kii', message: SUFFIX_WRONG },
    { name: 'lower-case binary', input: '1ki', message: SUFFIX_WRONG },
    { name: 'bare e', input: '1e', message: SUFFIX_WRONG },
    { name: 'digits after a unit', input: '1m5', message: SUFFIX_WRONG },
  ])('rejects $name', ({ input, message }) => {
    expect(() => parseQuantity(input)).toThrow(new Error(message));
  });
});

describe('values', () => {
  it.each([
    { name: 'millicores', input: '100m', value: 1, milli: 100 },
    { name: 'whole cores', input: '2', value: 2, milli: 2000 },
    { name: 'fraction rounds up', input: '1.1', value: 2, milli: 1100 },
    { name: 'sub-milli rounds up', input: '1.5m', value: 1, milli: 2 },
    { name: 'negative rounds away from zero', input: '-1.5m', value: -1, milli: -2 },
    { name: 'nano', input: '1n', value: 1, milli: 1 },
    { name: 'mebibytes', input: '128Mi', value: 134217728, milli: 134217728000 },
    { name: 'binary fraction', input: '0.1Ki', value: 103, milli: 102400 },
    { name: 'exponent', input: '1e3', value: 1000, milli: 1000000 },
    { name: 'zero', input: '0', value: 0, milli: 0 },
  ])('$name', ({ input, value, milli }) => {
    const q = parseQuantity(input);
    expect(q.value()).toBe(value);
    expect(q.milliValue()).toBe(milli);
  });

  it.each([
    { input: '1', sign: 1, negative: false },
    { input: '-1m', sign: -1, negative: true },
    { input: '0', sign: 0, negative: false },
  ])('sign of $input', ({ input, sign, negative }) => {
    const q = parseQuantity(input);
    expect(q.sign).toBe(sign);
    expect(q.isNegative).toBe(negative);
    expect(q.isZero()).toBe(sign === 0);
  });
});

describe('arithmetic', () => {
  it.each([
    { a: '100m', b: '0.1', cmp: 0 },
    { a: '1Gi', b: '1G', cmp: 1 },
    { a: '999m', b: '1', cmp: -1 },
    { a: '-1', b: '0', cmp: -1 },
    { a: '1e3', b: '1k', cmp: 0 },
  ])('cmp($a, $b) = $cmp', ({ a, b, cmp }) => {
    expect(parseQuantity(a).cmp(parseQuantity(b))).toBe(cmp);
  });

  it.each([
    { name: 'millis', a: '100m', b: '250m', sum: '350m', difference: '-150m' },
    { name: 'keeps the left format', a: '1Gi', b: '1Gi', sum: '2Gi', difference: '0' },
    { name: 'mixed formats', a: '1', b: '500m', sum: '1500m', difference: '500m' },
    { name: 'zero takes the other format', a: '0', b: '1Mi', sum: '1Mi', difference: '-1Mi' },
  ])('add and sub: $name', ({ a, b, sum, difference }) => {
    expect(parseQuantity(a).add(parseQuantity(b)).toString()).toBe(sum);
    expect(parseQuantity(a).sub(parseQuantity(b)).toString()).toBe(difference);
  });
});

describe('formatQuantity', () => {
  it.each([
    { input: '0.5', canonical: '500m' },
    { input: 1.5, canonical: '1500m' },
    { input: '2048Ki', canonical: '2Mi' },
  ])('$input → $canonical', ({ input, canonical }) => {
    expect(formatQuantity(input)).toBe(canonical);
    expect(formatQuantity(parseQuantity(input))).toBe(canonical);
  });

  it('serialises to its canonical string', () => {
    expect(JSON.stringify({ cpu: parseQuantity('0.5') })).toBe('{"cpu":"500m"}');
  });
});
