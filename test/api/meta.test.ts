import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp } from '../../src/api/meta.js';

describe('formatTimestamp', () => {
  it.each([
    { ms: 0, want: '1970-01-01T00:00:00Z' },
    { ms: 999, want: '1970-01-01T00:00:00Z' },
    { ms: 1000, want: '1970-01-01T00:00:01Z' },
    { ms: 1_767_225_600_500, want: '2026-01-01T00:00:00Z' },
    { ms: 59_999, want: '1970-01-01T00:00:59Z' },
    { ms: -1, want: '1969-12-31T23:59:59Z' },
  ])('$ms ms is $want (whole seconds, rounded down)', ({ ms, want }) => {
    expect(formatTimestamp(ms)).toBe(want);
  });

  it('gives each second its own text in any order of calls, and parses back to the second', () => {
    // 5, 261 and -251 share a place in the cache of recent seconds.
    const seconds = [5, 5, 6, 5, 120, 6, 6, 0, 261, 5, -251, 261, 5];
    for (const s of seconds) {
      const text = formatTimestamp(s * 1000 + 250);
      expect(text).toBe(new Date(s * 1000).toISOString().replace('.000Z', 'Z'));
      expect(parseTimestamp(text)).toBe(s * 1000);
    }
  });
});
