import { describe, expect, it } from 'vitest';
import { fieldErrorMessage } from '../../src/api/errors.js';
import {
  IntOrStringSchema,
  getIntOrPercentValue,
  getScaledValueFromIntOrPercent,
  isPercent,
  validateIntOrPercent,
  validateIntOrPercentAtMost100,
  type IntOrString,
} from '../../src/api/intstr.js';

const PERCENT_MSG =
  "a valid percent string must be a numeric string followed by an ending '%' " +
  "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

describe('getScaledValueFromIntOrPercent', () => {
  it.each([
    { name: 'an integer is itself', value: 3, total: 10, roundUp: true, scaled: 3 },
    { name: 'an integer ignores the total', value: 3, total: 1, roundUp: false, scaled: 3 },
    { name: 'quarter of ten rounded up', value: '25%', total: 10, roundUp: true, scaled: 3 },
    { name: 'quarter of ten rounded down', value: '25%', total: 10, roundUp: false, scaled: 2 },
    { name: 'quarter of one rounded up (maxSurge)', value: '25%', total: 1, roundUp: true, scaled: 1 },
    { name: 'quarter of one rounded down (maxUnavailable)', value: '25%', total: 1, roundUp: false, scaled: 0 },
    { name: 'exact percentages do not round', value: '50%', total: 4, roundUp: true, scaled: 2 },
    { name: 'zero percent', value: '0%', total: 7, roundUp: true, scaled: 0 },
    { name: 'over a hundred percent', value: '150%', total: 4, roundUp: false, scaled: 6 },
    { name: 'of zero replicas', value: '25%', total: 0, roundUp: true, scaled: 0 },
    { name: 'a signed percentage is read as Atoi reads it', value: '-10%', total: 10, roundUp: false, scaled: -1 },
  ])('$name', ({ value, total, roundUp, scaled }) => {
    expect(getScaledValueFromIntOrPercent(value, total, roundUp)).toBe(scaled);
  });

  it.each([
    { name: 'missing', value: undefined, message: 'nil value for IntOrString' },
    {
      name: 'an integer string',
      value: '5',
      message: 'invalid value for IntOrString: invalid type: string is not a percentage',
    },
    {
      name: 'a non-numeric percentage',
      value: 'abc%',
      message: 'invalid value for IntOrString: invalid value "abc%": strconv.Atoi: parsing "abc": invalid syntax',
    },
    {
      name: 'a fractional percentage',
      value: '2.5%',
      message: 'invalid value for IntOrString: invalid value "2.5%": strconv.Atoi: parsing "2.5": invalid syntax',
    },
    {
      name: 'an out-of-range percentage',
      value: '99999999999999999999%',
      message:
        'invalid value for IntOrString: invalid value "99999999999999999999%": ' +
        'strconv.Atoi: parsing "99999999999999999999": value out of range',
    },
    {
      name: 'a fractional number',
      value: 1.5,
      message: 'invalid value for IntOrString: invalid type: neither int nor percentage',
    },
  ])('rejects $name', ({ value, message }) => {
    expect(() => getScaledValueFromIntOrPercent(value, 10, true)).toThrow(new Error(message));
  });
});

describe('percent helpers', () => {
  it.each([
    { value: '25%', percent: true, number: 25 },
    { value: '0%', percent: true, number: 0 },
    { value: '-5%', percent: false, number: 0 },
    { value: '2.5%', percent: false, number: 0 },
    { value: '5', percent: false, number: 5 },
    { value: 5, percent: false, number: 5 },
    { value: undefined, percent: false, number: 0 },
  ])('$value: isPercent $percent, value $number', ({ value, percent, number }) => {
    expect(isPercent(value as IntOrString | undefined)).toBe(percent);
    expect(getIntOrPercentValue(value as IntOrString | undefined)).toBe(number);
  });
});

describe('validateIntOrPercent', () => {
  const path = 'spec.strategy.rollingUpdate.maxSurge';
  it.each([
    { name: 'absent', value: undefined, errors: [] },
    { name: 'zero', value: 0, errors: [] },
    { name: 'positive integer', value: 3, errors: [] },
    { name: 'percentage', value: '25%', errors: [] },
    { name: 'over a hundred percent is a valid format', value: '150%', errors: [] },
    { name: 'negative integer', value: -1, errors: [`${path}: Invalid value: -1: must be greater than or equal to 0`] },
    { name: 'integer string', value: '5', errors: [`${path}: Invalid value: "5": ${PERCENT_MSG}`] },
    { name: 'negative percentage', value: '-5%', errors: [`${path}: Invalid value: "-5%": ${PERCENT_MSG}`] },
    { name: 'fractional percentage', value: '2.5%', errors: [`${path}: Invalid value: "2.5%": ${PERCENT_MSG}`] },
    {
      name: 'fractional number',
      value: 1.5,
      errors: [`${path}: Invalid value: 1.5: must be an integer or percentage (e.g '5%')`],
    },
  ])('$name', ({ value, errors }) => {
    expect(validateIntOrPercent(value as IntOrString | undefined, path).map(fieldErrorMessage)).toEqual(errors);
  });

  const maxUnavailable = 'spec.strategy.rollingUpdate.maxUnavailable';
  it.each([
    { name: 'a hundred percent', value: '100%', errors: [] },
    { name: 'integers are not bounded', value: 500, errors: [] },
    { name: 'malformed strings are left to the format check', value: '500', errors: [] },
    {
      name: 'over a hundred percent',
      value: '101%',
      errors: [`${maxUnavailable}: Invalid value: "101%": must not be greater than 100%`],
    },
  ])('at most 100%: $name', ({ value, errors }) => {
    expect(validateIntOrPercentAtMost100(value, maxUnavailable).map(fieldErrorMessage)).toEqual(errors);
  });
});

describe('IntOrStringSchema', () => {
  it.each([
    { name: 'integer', value: 1, ok: true },
    { name: 'percentage', value: '25%', ok: true },
    { name: 'any string (validated later)', value: 'abc', ok: true },
    { name: 'fraction', value: 1.5, ok: false },
    { name: 'boolean', value: true, ok: false },
  ])('$name', ({ value, ok }) => {
    const parsed = IntOrStringSchema.safeParse(value);
    expect(parsed.success).toBe(ok);
    if (!ok) expect(parsed.error?.issues[0]?.message).toBe("must be an integer or percentage (e.g '5%')");
  });
});
