import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../src/kubectl/age.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    { name: 'just created', ms: 0, want: '0s' },
    { name: 'clock skew of under a second', ms: -500, want: '0s' },
    { name: 'far in the future', ms: -5 * s, want: '<invalid>' },
    { name: 'seconds', ms: 45 * s, want: '45s' },
    { name: 'seconds up to two minutes', ms: 119 * s, want: '119s' },
    { name: 'minutes and seconds', ms: 2 * m + 30 * s, want: '2m30s' },
    { name: 'whole minutes', ms: 5 * m, want: '5m' },
    { name: 'minutes only from ten', ms: 10 * m + 59 * s, want: '10m' },
    { name: 'minutes up to three hours', ms: 179 * m, want: '179m' },
    { name: 'hours and minutes', ms: 3 * h + 2 * m, want: '3h2m' },
    { name: 'whole hours', ms: 5 * h, want: '5h' },
    { name: 'hours only from eight', ms: 8 * h + 30 * m, want: '8h' },
    { name: 'days and hours', ms: 2 * d + 3 * h, want: '2d3h' },
    { name: 'days', ms: 12 * d + 5 * h, want: '12d' },
    { name: 'years and days', ms: (2 * 365 + 30) * d, want: '2y30d' },
    { name: 'years', ms: 9 * 365 * d, want: '9y' },
  ])('$name: $want', ({ ms, want }) => {
    expect(humanDuration(ms)).toBe(want);
  });
});
