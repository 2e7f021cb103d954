/**
 * Go's text/tabwriter, as `kubectl describe` uses it (minwidth 0, tabwidth 8, padding 2, spaces): a
 * cell is text ended by a tab; the text after a line's last tab is not a cell and is never padded. A
 * column is aligned over a *block* — consecutive lines that all have a cell in that column — so a line
 * without tabs (`Containers:`) ends every block above it, exactly as in kubectl's output. The algorithm
 * is text/tabwriter's format(): find a block for column c, take its widest cell plus padding, recurse
 * to the columns right of it. Cost: O(cells × depth of columns).
 */

interface Options {
  minwidth: number;
  padding: number;
}

const DESCRIBE: Options = { minwidth: 0, padding: 2 };

const width = (s: string) => [...s].length;

export function tabwrite(text: string, opts: Options = DESCRIBE): string {
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let line = '';
      cells.forEach((cell, j) => {
        line += cell;
        if (j < cells.length - 1 && j < widths.length) line += ' '.repeat(Math.max(0, widths[j]! - width(cell)));
      });
      out.push(line);
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      writeLines(start, i);
      start = i;
      let w = opts.minwidth;
      for (; i < line1 && column < lines[i]!.length - 1; i++) w = Math.max(w, width(lines[i]![column]!) + opts.padding);
      widths.push(w);
      format(start, i);
      widths.pop();
      start = i;
      i--; // the for loop's i++ moves on to the line that ended the block
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}
