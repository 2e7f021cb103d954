/**
 * Durations as Kubernetes and Go write them (`500ms`, `30s`, `5m`, `1h30m`, `1.5h`), or plain numbers of
 * milliseconds. Parsing follows Go's time.ParseDuration: a sequence of decimal numbers, each with a unit,
 * summed; `0` alone needs no unit. Results are milliseconds and may be fractional below 1 ms.
 */

export type Duration = number | string;

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const TERM = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

function invalid(input: string, why = 'invalid duration'): Error {
  return new Error(`time: ${why} "${input}"`);
}

/** Milliseconds in `d`. Throws `time: invalid duration "x"` (Go's message) on anything else. */
export function parseDuration(d: Duration): number {
  if (typeof d === 'number') {
    if (!Number.isFinite(d)) throw new Error(`invalid duration ${String(d)}: must be a finite number of milliseconds`);
    return d;
  }
  let s = d.trim();
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid(d);
  let total = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < s.length) {
    const at = TERM.lastIndex;
    const m = TERM.exec(s);
    if (!m || m.index !== at) {
      // Go distinguishes a number without a unit from an unknown unit; so do we.
      const rest = s.slice(at);
      if (/^(\d+\.?\d*|\.\d+)$/.test(rest)) throw invalid(d, 'missing unit in duration');
      if (/^(\d+\.?\d*|\.\d+)[a-zA-Z]+/.test(rest)) {
        const unit = /^(?:\d+\.?\d*|\.\d+)([a-zA-Z]+)/.exec(rest)?.[1] ?? '';
        throw new Error(`time: unknown unit "${unit}" in duration "${d}"`);
      }
      throw invalid(d);
    }
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  }
  return sign * total;
}

/**
 * Go's Duration.String(): `1h30m0s`, `2m5s`, `500ms`, `0s`. Used where Kubernetes prints a Go duration
 * (e.g. `--timeout`); kubectl's AGE column uses the shorter human form in kubectl/age.ts.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) {
    if (rest >= 1) return `${sign}${trim(rest)}ms`;
    if (rest >= 1e-3) return `${sign}${trim(rest * 1e3)}µs`;
    return `${sign}${trim(rest * 1e6)}ns`;
  }
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = `${trim(rest / 1000)}s`;
  if (h > 0) return `${sign}${h}h${m}m${s}`;
  if (m > 0) return `${sign}${m}m${s}`;
  return `${sign}${s}`;
}

/** Up to nine significant decimals, no trailing zeros, as Go prints fractions. */
function trim(n: number): string {
  return String(Number(n.toFixed(9)));
}
