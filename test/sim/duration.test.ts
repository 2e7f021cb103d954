import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/sim/duration.js';

describe('parseDuration', () => {
  const cases: [name: string, input: number | string, ms: number][] = [
    ['a number is milliseconds', 1500, 1500],
    ['zero without a unit', '0', 0],
    ['milliseconds', '500ms', 500],
    ['seconds', '30s', 30_000],
    ['minutes', '5m', 300_000],
    ['hours and minutes', '1h30m', 5_400_000],
    ['fractions', '1.5h', 5_400_000],
    ['leading dot', '.5s', 500],
    ['every unit', '1h1m1s1ms1000us1000000ns', 3_661_003],
    ['negative', '-2s', -2000],
    ['surrounding spaces', ' 10s ', 10_000],
  ];
  it.each(cases)('%s: %s', (_name, input, ms) => {
    expect(parseDuration(input)).toBeCloseTo(ms, 9);
  });

  const bad: [name: string, input: string, message: string][] = [
    ['empty', '', 'time: invalid duration ""'],
    ['no unit', '30', 'time: missing unit in duration "30"'],
    ['unknown unit', '3d', 'time: unknown unit "d" in duration "3d"'],
    ['words', 'soon', 'time: invalid duration "soon"'],
    ['space inside', '1h 30m', 'time: invalid duration "1h 30m"'],
  ];
  it.each(bad)('rejects %s', (_name, input, message) => {
    expect(() => parseDuration(input)).toThrow(message);
  });

  it('rejects a number that is not finite', () => {
    expect(() => parseDuration(Number.NaN)).toThrow('must be a finite number of milliseconds');
  });
});

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [65_000, '1m5s'],
    [5_400_000, '1h30m0s'],
    [-2000, '-2s'],
  ];
  it.each(cases)('%d ms is %s, as Go prints it', (ms, s) => {
    expect(formatDuration(ms)).toBe(s);
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 1000, 61_000, 3_600_000, 86_400_000 + 1]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
