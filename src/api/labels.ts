/**
 * Label selectors, as apimachinery's pkg/labels and metav1's LabelSelectorAsSelector define them.
 *
 * Guarantees:
 * - A Selector is an array of requirements sorted by key (stably), so `formatSelector` prints Kubernetes'
 *   canonical String() and two selectors that select alike print alike.
 * - `parseLabelSelector` accepts what `labels.Parse` accepts and rejects the rest with its message, as a
 *   BadRequest. Keys must be qualified names and values label values, checked at parse time.
 * - `matchesLabels` allocates nothing: it runs once per object on list and watch fan-out.
 * - `labelSelectorFromObject(null)` selects nothing while `{}` selects everything — the metav1
 *   distinction that stops a controller with a missing selector from adopting every pod.
 */
import { badRequest, fieldError, formatBadValue, type FieldError } from './errors.js';
import type { LabelSelector } from './meta.js';
import { isQualifiedName, isValidLabelValue } from './validation/names.js';

/** selection.Operator's values: `exists` and `!` are the unary ones; `gt` and `lt` are written `>`, `<`. */
export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export type Requirement = { key: string; operator: Operator; values: string[] };

export type Selector = readonly Requirement[];

const INT64 = /^[+-]?[0-9]+$/;
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64), without allocating for the short values labels actually carry. */
function parseInt64(s: string): number | bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const n = s.length <= 15 ? Number(s) : BigInt(s);
  return typeof n === 'number' || (n <= INT64_MAX && n >= -INT64_MAX - 1n) ? n : undefined;
}

/** A field.Error's text. NewRequirement's paths are relative (`values[0][app]`), as Kubernetes prints them. */
const invalidAt = (path: string, v: string, detail: string) => `${path}: Invalid value: ${formatBadValue(v)}: ${detail}`;

/** How many values each operator takes; NewRequirement's complaint when it is given another number. */
function arityError(op: Operator, n: number): string | undefined {
  const set = op === 'in' || op === 'notin';
  const unary = op === 'exists' || op === '!';
  if (set ? n > 0 : unary ? n === 0 : n === 1) return undefined;
  if (set) return "for 'in', 'notin' operators, values set can't be empty";
  if (unary) return 'values set must be empty for exists and does not exist';
  if (op === 'gt' || op === 'lt') return "for 'Gt', 'Lt' operators, exactly one value is required";
  return 'exact-match compatibility requires one single value';
}

/**
 * labels.NewRequirement: every problem, joined as utilerrors.Aggregate joins them (one bare, several
 * de-duplicated in `[...]`). A bad value list prints as Go's `%#v` of a []string.
 */
function newRequirement(key: string, operator: Operator, values: string[], fail: (m: string) => never): Requirement {
  const errs: string[] = [];
  const keyMsgs = isQualifiedName(key);
  if (keyMsgs.length > 0) errs.push(invalidAt('key', key, keyMsgs.join('; ')));
  const arity = arityError(operator, values.length);
  const list = values.length === 0 ? '[]string(nil)' : `[]string{${values.map(formatBadValue).join(', ')}}`;
  if (arity) errs.push(`values: Invalid value: ${list}: ${arity}`);
  values.forEach((v, i) => {
    if ((operator === 'gt' || operator === 'lt') && parseInt64(v) === undefined) {
      errs.push(invalidAt(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
    }
    const msgs = isValidLabelValue(v);
    if (msgs.length > 0) errs.push(invalidAt(`values[${i}][${key}]`, v, msgs.join('; ')));
  });
  const unique = [...new Set(errs)];
  if (unique.length > 0) fail(unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`);
  return { key, operator, values };
}

/** Selector.Add sorts by key; a stable sort keeps repeated keys in the order they were written. */
function sortByKey(reqs: Requirement[]): Selector {
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

type Tok = 'id' | 'eos' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<' | 'in' | 'notin';
type Token = { tok: Tok; lit: string };

const SPECIAL = '=!(),<>';
const OPERATOR_TOKENS = new Set(['(', ')', ',', '!', '=', '==', '!=', '>', '<']);
const BINARY_TOKENS = new Set<Tok>(['in', 'notin', '=', '==', '!=', '>', '<']);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

function lex(s: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; ; ) {
    while (i < s.length && isSpace(s[i]!)) i++;
    if (i >= s.length) return [...out, { tok: 'eos', lit: '' }];
    const start = i++;
    if (SPECIAL.includes(s[start]!)) {
      // The longest operator wins: `!=` rather than `!` then `=`; `=!` is `=` followed by `!`.
      while (i < s.length && OPERATOR_TOKENS.has(s.slice(start, i + 1))) i++;
    } else {
      while (i < s.length && !SPECIAL.includes(s[i]!) && !isSpace(s[i]!)) i++;
    }
    const lit = s.slice(start, i);
    out.push({ tok: OPERATOR_TOKENS.has(lit) || lit === 'in' || lit === 'notin' ? (lit as Tok) : 'id', lit });
  }
}

/** labels.Parser: recursive descent over the tokens, with its error messages word for word. */
class Parser {
  private pos = 0;
  constructor(private readonly items: Token[]) {}

  /** Inside a requirement every failure reads `unable to parse requirement: ...`. */
  private readonly fail = (message: string): never => {
    throw badRequest(`unable to parse requirement: ${message}`);
  };

  // `in` and `notin` are keywords only where an operator may stand; elsewhere they are plain words,
  // so `in in (in)` is a valid selector.
  private peek(asValue = true): Token {
    const t = this.items[this.pos]!;
    return asValue && (t.tok === 'in' || t.tok === 'notin') ? { tok: 'id', lit: t.lit } : t;
  }
  private next(asValue = true): Token {
    const t = this.peek(asValue);
    this.pos++;
    return t;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek();
      if (tok === 'eos') return reqs;
      if (tok !== 'id' && tok !== '!') throw badRequest(`found '${lit}', expected: !, identifier, or 'end of string'`);
      reqs.push(this.requirement());
      const after = this.next();
      if (after.tok === 'eos') return reqs;
      if (after.tok !== ',') throw badRequest(`found '${after.lit}', expected: ',' or 'end of string'`);
      const t = this.peek();
      if (t.tok !== 'id' && t.tok !== '!') throw badRequest(`found '${t.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    const negated = this.peek().tok === '!';
    if (negated) this.next();
    const { tok, lit: key } = this.next();
    if (tok !== 'id') this.fail(`found '${key}', expected: identifier`);
    const keyMsgs = isQualifiedName(key);
    // Parse gives no field path, so Kubernetes prints the key's error under `<nil>`.
    if (keyMsgs.length > 0) this.fail(invalidAt('<nil>', key, keyMsgs.join('; ')));
    const following = this.peek().tok;
    if (negated) return newRequirement(key, '!', [], this.fail);
    if (following === 'eos' || following === ',') return newRequirement(key, 'exists', [], this.fail);
    const opTok = this.next(false);
    if (!BINARY_TOKENS.has(opTok.tok)) this.fail(`found '${opTok.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    const op = opTok.tok === '>' ? 'gt' : opTok.tok === '<' ? 'lt' : (opTok.tok as Operator);
    const values = op === 'in' || op === 'notin' ? [...this.valueSet()] : [this.exactValue()];
    return newRequirement(key, op, values.sort(), this.fail);
  }

  /** `(a,b)`. An empty slot — `()`, `(,a)`, `(a,,b)`, `(a,)` — is the empty string, a valid label value. */
  private valueSet(): Set<string> {
    const open = this.next();
    if (open.tok !== '(') this.fail(`found '${open.lit}' expected: '('`);
    const first = this.peek();
    if (first.tok !== 'id' && first.tok !== ',' && first.tok !== ')') {
      this.fail(`found '${first.lit}', expected: ',', ')' or identifier`);
    }
    const values = new Set<string>();
    let filled = false;
    for (let t = this.next(); t.tok !== ')'; t = this.next()) {
      if (t.tok === 'id' && !filled) values.add(t.lit);
      else if (t.tok !== ',') this.fail(`found '${t.lit}', expected: ${filled ? "',' or ')'" : "',', or identifier"}`);
      else if (!filled) values.add('');
      filled = t.tok === 'id';
    }
    if (!filled) values.add('');
    return values;
  }

  /** `=x`; nothing before a comma or the end is the empty value. */
  private exactValue(): string {
    const t = this.peek();
    if (t.tok === 'eos' || t.tok === ',') return '';
    this.next();
    if (t.tok !== 'id') this.fail(`found '${t.lit}', expected: identifier`);
    return t.lit;
  }
}

/** labels.Parse: `app=web,tier!=db,env in (a,b),!canary,x>3`. The empty string selects everything. */
export function parseLabelSelector(s: string): Selector {
  return sortByKey(new Parser(lex(s)).parse());
}

export function isEverything(sel: Selector): boolean {
  return sel.length === 0;
}

function matchesRequirement(r: Requirement, labels: Record<string, string> | undefined): boolean {
  const op = r.operator;
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  if (op === 'exists' || op === '!') return has === (op === 'exists');
  if (op === '=' || op === '==' || op === 'in') return has && r.values.includes(labels![r.key]!);
  if (op === '!=' || op === 'notin') return !has || !r.values.includes(labels![r.key]!);
  // `>` and `<` hold only for a label that is an integer; anything else matches neither.
  if (!has || r.values.length !== 1) return false;
  const have = parseInt64(labels![r.key]!);
  const want = parseInt64(r.values[0]!);
  if (have === undefined || want === undefined) return false;
  return op === 'gt' ? have > want : have < want;
}

/** Whether every requirement holds. Allocation-free; `undefined` labels are the empty set. */
export function matchesLabels(sel: Selector, labels: Record<string, string> | undefined): boolean {
  for (let i = 0; i < sel.length; i++) if (!matchesRequirement(sel[i]!, labels)) return false;
  return true;
}

/** Requirements that pin a key to one value (`=`, `==`, `in` with one value): usable as index lookups. */
export function equalityTerms(sel: Selector): { key: string; value: string }[] {
  return sel
    .filter((r) => (r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1)
    .map((r) => ({ key: r.key, value: r.values[0]! }));
}

/** Requirement.String(): set values print sorted, so the output does not depend on how they were written. */
function formatRequirement(r: Requirement): string {
  if (r.operator === '!') return `!${r.key}`;
  if (r.operator === 'exists') return r.key;
  const values = r.values.length === 1 ? r.values[0]! : [...r.values].sort().join(',');
  if (r.operator === 'in' || r.operator === 'notin') return `${r.key} ${r.operator} (${values})`;
  return `${r.key}${r.operator === 'gt' ? '>' : r.operator === 'lt' ? '<' : r.operator}${values}`;
}

/** Selector.String(): `app=web,env in (a,b),!canary`; the empty selector prints as ''. */
export function formatSelector(sel: Selector): string {
  return sel.map(formatRequirement).join(',');
}

const EXPRESSION_OPERATORS = new Map<string, Operator>(
  Object.entries({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const),
);

const failBadRequest = (message: string): never => {
  throw badRequest(message);
};

/**
 * SelectorFromSet: one `=` requirement per label, unvalidated. A stored (frozen) set — a Service's
 * selector, asked for every pod change the endpoint controllers see — is made into one once.
 */
export function selectorFromSet(labels: Record<string, string>): Selector {
  let sel = setSelectors.get(labels);
  if (!sel) {
    sel = sortByKey(Object.entries(labels).map(([key, value]) => ({ key, operator: '=' as const, values: [value] })));
    if (Object.isFrozen(labels)) setSelectors.set(labels, sel);
  }
  return sel;
}

const setSelectors = new WeakMap<Record<string, string>, Selector>();

/**
 * LabelSelectorAsSelector. `null`/`undefined` ⇒ null, which selects nothing; `{}` ⇒ everything. A
 * stored (frozen) selector is compiled once: controllers read their object's on every reconcile.
 */
export function labelSelectorFromObject(ls: LabelSelector | undefined | null): Selector | null {
  if (ls === undefined || ls === null) return null;
  let sel = compiledSelectors.get(ls);
  if (!sel) {
    sel = compileSelector(ls);
    if (Object.isFrozen(ls)) compiledSelectors.set(ls, sel);
  }
  return sel;
}

const compiledSelectors = new WeakMap<LabelSelector, Selector>();

function compileSelector(ls: LabelSelector): Selector {
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(ls.matchLabels ?? {})) {
    reqs.push(newRequirement(key, '=', [value], failBadRequest));
  }
  for (const expr of ls.matchExpressions ?? []) {
    const op = EXPRESSION_OPERATORS.get(expr.operator);
    if (!op) throw badRequest(`${JSON.stringify(expr.operator)} is not a valid pod selector operator`);
    reqs.push(newRequirement(expr.key, op, [...(expr.values ?? [])], failBadRequest));
  }
  return sortByKey(reqs);
}

/** A nil selector matches nothing; an empty one matches everything. */
export function matchesSelectorObject(ls: LabelSelector | null | undefined, labels?: Record<string, string>): boolean {
  const sel = labelSelectorFromObject(ls);
  return sel !== null && matchesLabels(sel, labels);
}

const MUST_HAVE_VALUES = "must be specified when `operator` is 'In' or 'NotIn'";
const MUST_NOT_HAVE_VALUES = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'";

/** metav1validation.ValidateLabelSelector, rejecting invalid values in expressions as 1.32 does by default. */
export function validateLabelSelector(ls: LabelSelector | undefined, path: string): FieldError[] {
  if (!ls) return [];
  const errs: FieldError[] = [];
  // meta/v1's ValidateLabels reports keys and values alike at the map's own path, without `[key]`.
  const labelsPath = `${path}.matchLabels`;
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push(fieldError.invalid(labelsPath, k, m));
    for (const m of isValidLabelValue(v)) errs.push(fieldError.invalid(labelsPath, v, m));
  }
  (ls.matchExpressions ?? []).forEach((expr, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (values.length === 0) errs.push(fieldError.required(`${p}.values`, MUST_HAVE_VALUES));
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(fieldError.forbidden(`${p}.values`, MUST_NOT_HAVE_VALUES));
    } else {
      errs.push(fieldError.invalid(`${p}.operator`, expr.operator, 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(expr.key)) errs.push(fieldError.invalid(`${p}.key`, expr.key, m));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(v)) errs.push(fieldError.invalid(`${p}.values[${j}]`, v, m));
    });
  });
  return errs;
}
