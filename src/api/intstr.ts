/**
 * Int-or-string values (apimachinery's intstr.IntOrString) as rollouts use them: `maxSurge: 1` or
 * `maxUnavailable: '25%'`.
 *
 * Guarantees:
 * - `getScaledValueFromIntOrPercent` follows intstr.GetScaledValueFromIntOrPercent exactly, including
 *   its float arithmetic and its error messages.
 * - The validators return field errors worded as apps validation words them; they never throw.
 */
import { z } from 'zod';
import { fieldError, type FieldError } from './errors.js';

export type IntOrString = number | string;

const NOT_INT_OR_PERCENT = "must be an integer or percentage (e.g '5%')";

/** The wire shape. Whether a string is a valid percentage is the validators' business, as in Kubernetes. */
export const IntOrStringSchema = z.union([z.number().int(), z.string()], { error: NOT_INT_OR_PERCENT });

// validation.IsValidPercent: digits then `%`, no sign and no fraction.
const PERCENT = /^[0-9]+%$/;
const PERCENT_MSG =
  "a valid percent string must be a numeric string followed by an ending '%' " +
  "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** Whether `v` is a percentage Kubernetes' validation accepts (`25%`, not `-5%` or `2.5%`). */
export function isPercent(v: IntOrString | undefined): v is string {
  return typeof v === 'string' && PERCENT.test(v);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.Atoi, with its error text. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n < INT64_MIN || n > INT64_MAX) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return Number(n);
}

/**
 * An integer as is, or a percentage of `total`. Rounding is the caller's choice because rollouts need
 * both: maxSurge rounds up and maxUnavailable rounds down, so a rollout can always move. With 1
 * replica and 25%/25%, surge is ceil(0.25) = 1 and unavailability floor(0.25) = 0: one new pod may
 * start before the old one goes. With 10 replicas the same percentages give 3 and 2.
 */
export function getScaledValueFromIntOrPercent(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) throw new Error('nil value for IntOrString');
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error('invalid value for IntOrString: invalid type: neither int nor percentage');
    return v;
  }
  if (typeof v !== 'string') throw new Error('invalid value for IntOrString: invalid type: neither int nor percentage');
  if (!v.endsWith('%')) throw new Error('invalid value for IntOrString: invalid type: string is not a percentage');
  let percent: number;
  try {
    percent = atoi(v.slice(0, -1));
  } catch (e) {
    throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(v)}: ${(e as Error).message}`);
  }
  // The same float64 expression as Go, multiplying before dividing, so both round the same ties.
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * getIntOrPercentValue in apps validation: a valid percentage's number, else the integer. A string that
 * is neither reads as 0 (IntValue's Atoi ignoring its error), which the format check reports separately.
 */
export function getIntOrPercentValue(v: IntOrString | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return 0;
  const digits = isPercent(v) ? v.slice(0, -1) : v;
  try {
    return atoi(digits);
  } catch {
    return 0;
  }
}

/** ValidatePositiveIntOrPercent: a non-negative integer or a well-formed percentage. Absent is fine. */
export function validateIntOrPercent(v: IntOrString | undefined, path: string): FieldError[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return PERCENT.test(v) ? [] : [fieldError.invalid(path, v, PERCENT_MSG)];
  if (typeof v !== 'number' || !Number.isInteger(v)) return [fieldError.invalid(path, v, NOT_INT_OR_PERCENT)];
  return v < 0 ? [fieldError.invalid(path, v, 'must be greater than or equal to 0')] : [];
}

/**
 * IsNotMoreThan100Percent: only a well-formed percentage can exceed 100%; integers are not bounded here.
 * Kubernetes applies it to a Deployment's maxUnavailable (removing more than every pod means nothing).
 */
export function validateIntOrPercentAtMost100(v: IntOrString | undefined, path: string): FieldError[] {
  if (!isPercent(v) || getIntOrPercentValue(v) <= 100) return [];
  return [fieldError.invalid(path, v, 'must not be greater than 100%')];
}
