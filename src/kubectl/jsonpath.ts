/**
 * The part of kubectl's JSONPath (`-o jsonpath=...`) people use: fields `{.metadata.name}`, quoted keys
 * `{.metadata.labels['app\.kubernetes\.io/name']}` or `{['a.b']}`, indexes `[0]`, `[-1]`, wildcards `[*]`
 * and `.*`, `{range .items[*]}...{end}`, and string literals `{"\n"}`. Several results of one expression
 * print separated by spaces; maps and lists print as JSON; a missing field prints nothing (kubectl
 * allows missing keys for `get`). Filters (`[?(...)]`) and unions are refused with a clear error.
 * Cost: linear in the template times the values visited.
 */
import { clientError } from './errors.js';

type Step = { key: string } | { index: number } | { all: true };
type Node = { text: string } | { path: Step[] } | { range: Step[]; body: Node[] };

function parseError(template: string, detail: string): Error {
  return clientError(`error parsing jsonpath ${template}, ${detail}`);
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

function parsePath(expr: string, template: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  if (expr[0] === '$' || expr[0] === '@') i = 1;
  while (i < expr.length) {
    const ch = expr[i]!;
    if (ch === '.') {
      if (expr[i + 1] === '*') {
        steps.push({ all: true });
        i += 2;
        continue;
      }
      let j = i + 1;
      let key = '';
      while (j < expr.length && expr[j] !== '.' && expr[j] !== '[') {
        if (expr[j] === '\\' && j + 1 < expr.length) key += expr[++j];
        else key += expr[j];
        j++;
      }
      if (key !== '') steps.push({ key });
      i = j;
    } else if (ch === '[') {
      const close = findClose(expr, i);
      if (close < 0) throw parseError(template, 'unterminated array');
      const inner = expr.slice(i + 1, close).trim();
      if (inner === '*') steps.push({ all: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ key: unescape(inner.slice(1, -1)) });
      else throw parseError(template, `unsupported expression [${inner}]: filters, slices and unions are not supported here`);
      i = close + 1;
    } else {
      throw parseError(template, `unrecognized character in action: U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${ch}'`);
    }
  }
  return steps;
}

function findClose(expr: string, open: number): number {
  let quote: string | undefined;
  for (let i = open + 1; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ']') return i;
  }
  return -1;
}

/** Parses a template; throws kubectl's `error parsing jsonpath ...` for what it cannot read. */
export function parseJsonPath(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  const ranges: { body: Node[] }[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack.at(-1)!.push({ text: template.slice(i) });
      break;
    }
    if (open > i) stack.at(-1)!.push({ text: template.slice(i, open) });
    const close = template.indexOf('}', open);
    if (close < 0) throw parseError(template, 'unclosed action');
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    if (/^".*"$|^'.*'$/s.test(action)) {
      stack.at(-1)!.push({ text: unescape(action.slice(1, -1)) });
    } else if (action.startsWith('range ')) {
      const node = { range: parsePath(action.slice(6).trim(), template), body: [] as Node[] };
      stack.at(-1)!.push(node);
      stack.push(node.body);
      ranges.push(node);
    } else if (action === 'end') {
      if (ranges.length === 0) throw parseError(template, 'not in range, nothing to end');
      ranges.pop();
      stack.pop();
    } else if (action === '') {
      throw parseError(template, 'empty action');
    } else {
      stack.at(-1)!.push({ path: parsePath(action, template) });
    }
  }
  if (ranges.length > 0) throw parseError(template, 'unclosed range');
  return root;
}

function walk(values: unknown[], steps: Step[]): unknown[] {
  let current = values;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if ('key' in step) {
        if (v !== null && typeof v === 'object' && !Array.isArray(v) && step.key in v) next.push((v as Record<string, unknown>)[step.key]);
      } else if ('index' in step) {
        if (Array.isArray(v)) {
          const at = step.index < 0 ? v.length + step.index : step.index;
          if (at >= 0 && at < v.length) next.push(v[at]);
        }
      } else if (Array.isArray(v)) {
        next.push(...v);
      } else if (v !== null && typeof v === 'object') {
        next.push(...Object.values(v));
      }
    }
    current = next;
  }
  return current;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function render(nodes: Node[], data: unknown): string {
  let out = '';
  for (const node of nodes) {
    if ('text' in node) out += node.text;
    else if ('range' in node) for (const item of walk([data], node.range)) out += render(node.body, item);
    else out += walk([data], node.path).map(show).join(' ');
  }
  return out;
}

/** Renders `template` over `data` (an object, or kubectl's List of them). */
export function printJsonPath(template: string, data: unknown): string {
  return render(parseJsonPath(template), data);
}
