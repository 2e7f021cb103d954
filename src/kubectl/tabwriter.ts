/**
 * kubectl's table layout: Go's text/tabwriter as kubectl configures it (minwidth 6, padding 3, padded
 * with spaces). Every column but the last is as wide as its widest cell plus 3 (at least 6); the last
 * column is not padded, so lines carry no trailing spaces.
 */
const MIN_WIDTH = 6;
const PADDING = 3;

export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i === row.length - 1) return;
      widths[i] = Math.max(widths[i] ?? 0, Math.max(cell.length + PADDING, MIN_WIDTH));
    });
  }
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join(''))
    .map((line) => `${line}\n`)
    .join('');
}
