import { describe, expect, it } from 'vitest';
import { fieldErrorMessage, isStatusError } from '../../src/api/errors.js';
import {
  equalityTerms,
  formatSelector,
  isEverything,
  labelSelectorFromObject,
  matchesLabels,
  matchesSelectorObject,
  parseLabelSelector,
  selectorFromSet,
  validateLabelSelector,
  type Selector,
} from '../../src/api/labels.js';
import type { LabelSelector } from '../../src/api/meta.js';

/** The BadRequest message a call fails with, or undefined when it succeeds. */
function badRequest(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (isStatusError(e) && e.reason === 'BadRequest' && e.code === 400) return e.message;
    throw e;
  }
  return undefined;
}

const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start " +
  "and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation " +
  "is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME_MSG =
  "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
  "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
  "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";

describe('parseLabelSelector', () => {
  it.each([
    { name: 'empty string selects everything', input: '', canonical: '' },
    { name: 'only whitespace selects everything', input: '  \t ', canonical: '' },
    { name: 'equality', input: 'app=web', canonical: 'app=web' },
    { name: 'double equals keeps its spelling', input: 'app==web', canonical: 'app==web' },
    { name: 'inequality', input: 'tier!=db', canonical: 'tier!=db' },
    { name: 'sorted by key', input: 'z=1,a=2,m=3', canonical: 'a=2,m=3,z=1' },
    {
      name: 'the full grammar',
      input: 'app=api,tier!=db,env in (b,a),!canary,track,x notin (y)',
      canonical: 'app=api,!canary,env in (a,b),tier!=db,track,x notin (y)',
    },
    { name: 'whitespace tolerant', input: ' app = web ,  env  in ( a , b ) ', canonical: 'app=web,env in (a,b)' },
    { name: 'set values deduplicated', input: 'env in (b,a,b)', canonical: 'env in (a,b)' },
    { name: 'empty value', input: 'app=', canonical: 'app=' },
    { name: 'empty value before a comma', input: 'app=,b', canonical: 'app=,b' },
    { name: 'empty set is the empty value', input: 'x notin ()', canonical: 'x notin ()' },
    { name: 'empty slots are the empty value', input: 'x in (a,,b)', canonical: 'x in (,a,b)' },
    { name: 'leading and trailing slots', input: 'x in (,a),y in (b,)', canonical: 'x in (,a),y in (,b)' },
    { name: 'in and notin are words outside operator position', input: 'in in (in,notin)', canonical: 'in in (in,notin)' },
    { name: 'greater and less than', input: 'x>3,y<10', canonical: 'x>3,y<10' },
    { name: 'prefixed keys', input: 'app.kubernetes.io/name=web', canonical: 'app.kubernetes.io/name=web' },
    { name: 'repeated keys kept in order', input: 'a=2,a!=3', canonical: 'a=2,a!=3' },
  ])('$name', ({ input, canonical }) => {
    expect(formatSelector(parseLabelSelector(input))).toBe(canonical);
  });

  it('keeps operators and values as requirements', () => {
    expect(parseLabelSelector('!canary,env in (b,a),x>3')).toEqual([
      { key: 'canary', operator: '!', values: [] },
      { key: 'env', operator: 'in', values: ['a', 'b'] },
      { key: 'x', operator: 'gt', values: ['3'] },
    ]);
  });

  it.each([
    { name: 'missing operator', input: 'a b', message: "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt" },
    { name: 'trailing comma', input: 'x=a,', message: "found '', expected: identifier after ','" },
    { name: 'leading comma', input: ',x', message: "found ',', expected: !, identifier, or 'end of string'" },
    { name: 'set without parenthesis', input: 'x in a', message: "unable to parse requirement: found 'a' expected: '('" },
    { name: 'unclosed set', input: 'x in (a', message: "unable to parse requirement: found '', expected: ',' or ')'" },
    { name: 'two values without comma', input: 'x in (a b)', message: "unable to parse requirement: found 'b', expected: ',' or ')'" },
    { name: 'operator in a set', input: 'x in (a,=)', message: "unable to parse requirement: found '=', expected: ',', or identifier" },
    { name: 'set opened by an operator', input: 'x in (=)', message: "unable to parse requirement: found '=', expected: ',', ')' or identifier" },
    { name: 'parenthesis as an exact value', input: 'x=(a)', message: "unable to parse requirement: found '(', expected: identifier" },
    { name: 'negation takes no value', input: '!x=y', message: "found '=', expected: ',' or 'end of string'" },
    { name: 'value with an equals sign', input: 'a=b=c', message: "found '=', expected: ',' or 'end of string'" },
    { name: 'negation without key', input: '!,x', message: "unable to parse requirement: found ',', expected: identifier" },
    {
      name: 'invalid key (printed under <nil>, as Parse gives no path)',
      input: 'a/b/c=x',
      message: `unable to parse requirement: <nil>: Invalid value: "a/b/c": ${QUALIFIED_NAME_MSG}`,
    },
    {
      name: 'invalid value',
      input: 'x=_a',
      message: `unable to parse requirement: values[0][x]: Invalid value: "_a": ${LABEL_VALUE_MSG}`,
    },
    {
      name: 'negative comparison value is not a label value',
      input: 'x<-1',
      message: `unable to parse requirement: values[0][x]: Invalid value: "-1": ${LABEL_VALUE_MSG}`,
    },
    {
      name: 'non-integer comparison',
      input: 'x>a',
      message: `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    },
    {
      name: 'several problems aggregated',
      input: 'x>_a',
      message:
        `unable to parse requirement: [values[0]: Invalid value: "_a": for 'Gt', 'Lt' operators, the value must be an integer, ` +
        `values[0][x]: Invalid value: "_a": ${LABEL_VALUE_MSG}]`,
    },
  ])('rejects $name', ({ input, message }) => {
    expect(badRequest(() => parseLabelSelector(input))).toBe(message);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', env: 'prod', replicas: '5', odd: 'five' };
  it.each([
    { name: 'everything matches anything', selector: '', labels, matches: true },
    { name: 'everything matches no labels', selector: '', labels: undefined, matches: true },
    { name: 'equality holds', selector: 'app=web', labels, matches: true },
    { name: 'equality fails', selector: 'app=api', labels, matches: false },
    { name: 'equality needs the key', selector: 'tier=db', labels, matches: false },
    { name: 'inequality holds for another value', selector: 'app!=api', labels, matches: true },
    { name: 'inequality holds for a missing key', selector: 'tier!=db', labels, matches: true },
    { name: 'inequality fails', selector: 'app!=web', labels, matches: false },
    { name: 'in holds', selector: 'env in (dev,prod)', labels, matches: true },
    { name: 'in needs the key', selector: 'tier in (db)', labels, matches: false },
    { name: 'notin holds for a missing key', selector: 'tier notin (db)', labels, matches: true },
    { name: 'notin fails', selector: 'env notin (prod)', labels, matches: false },
    { name: 'exists', selector: 'app', labels, matches: true },
    { name: 'exists fails', selector: 'tier', labels, matches: false },
    { name: 'does not exist', selector: '!tier', labels, matches: true },
    { name: 'does not exist fails', selector: '!app', labels, matches: false },
    { name: 'greater than', selector: 'replicas>4', labels, matches: true },
    { name: 'greater than is strict', selector: 'replicas>5', labels, matches: false },
    { name: 'less than', selector: 'replicas<6', labels, matches: true },
    { name: 'comparison needs an integer label', selector: 'odd>1', labels, matches: false },
    { name: 'comparison needs the key', selector: 'missing<1', labels, matches: false },
    { name: 'all requirements must hold', selector: 'app=web,env=dev', labels, matches: false },
    { name: 'empty value matches an empty label', selector: 'app=', labels: { app: '' }, matches: true },
    { name: 'prototype names are not labels', selector: 'constructor', labels, matches: false },
    { name: 'no labels and a positive requirement', selector: 'app=web', labels: undefined, matches: false },
    { name: 'no labels and a negative requirement', selector: '!app', labels: undefined, matches: true },
  ])('$name', ({ selector, labels, matches }) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(matches);
  });

  it('compares integers beyond 2^53 exactly', () => {
    const sel = parseLabelSelector('n>9007199254740993');
    expect(matchesLabels(sel, { n: '9007199254740994' })).toBe(true);
    expect(matchesLabels(sel, { n: '9007199254740993' })).toBe(false);
  });
});

describe('selector helpers', () => {
  it('isEverything', () => {
    expect(isEverything(parseLabelSelector(''))).toBe(true);
    expect(isEverything(parseLabelSelector('a'))).toBe(false);
  });

  it.each([
    { name: 'equality pins', selector: 'app=web', terms: [{ key: 'app', value: 'web' }] },
    { name: 'double equality pins', selector: 'app==web', terms: [{ key: 'app', value: 'web' }] },
    { name: 'a one-value set pins', selector: 'env in (prod)', terms: [{ key: 'env', value: 'prod' }] },
    { name: 'a wider set does not', selector: 'env in (dev,prod)', terms: [] },
    { name: 'negative requirements do not', selector: 'app!=web,!x,y notin (a)', terms: [] },
    { name: 'several, in key order', selector: 'tier=db,x,app=web', terms: [{ key: 'app', value: 'web' }, { key: 'tier', value: 'db' }] },
  ])('equalityTerms: $name', ({ selector, terms }) => {
    expect(equalityTerms(parseLabelSelector(selector))).toEqual(terms);
  });

  it('selectorFromSet is sorted equality', () => {
    const sel = selectorFromSet({ tier: 'db', app: 'web' });
    expect(formatSelector(sel)).toBe('app=web,tier=db');
    expect(matchesLabels(sel, { app: 'web', tier: 'db', extra: 'x' })).toBe(true);
    expect(isEverything(selectorFromSet({}))).toBe(true);
  });

  it('formats comparisons and sorts set values it was not given sorted', () => {
    const sel: Selector = [
      { key: 'a', operator: 'in', values: ['z', 'b'] },
      { key: 'b', operator: 'gt', values: ['1'] },
      { key: 'c', operator: 'lt', values: ['2'] },
      { key: 'd', operator: 'exists', values: [] },
    ];
    expect(formatSelector(sel)).toBe('a in (b,z),b>1,c<2,d');
  });
});

describe('labelSelectorFromObject', () => {
  it.each([
    { name: 'null selects nothing', ls: null, canonical: null },
    { name: 'undefined selects nothing', ls: undefined, canonical: null },
    { name: 'empty selects everything', ls: {}, canonical: '' },
    { name: 'empty lists select everything', ls: { matchLabels: {}, matchExpressions: [] }, canonical: '' },
    { name: 'matchLabels', ls: { matchLabels: { tier: 'db', app: 'web' } }, canonical: 'app=web,tier=db' },
    {
      name: 'every expression operator',
      ls: {
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'tier', operator: 'NotIn', values: ['db'] },
          { key: 'track', operator: 'Exists' },
          { key: 'canary', operator: 'DoesNotExist', values: [] },
        ],
      },
      canonical: '!canary,env in (dev,prod),tier notin (db),track',
    },
    {
      name: 'labels and expressions combined',
      ls: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] },
      canonical: 'app=web,env in (prod)',
    },
  ])('$name', ({ ls, canonical }) => {
    const sel = labelSelectorFromObject(ls as LabelSelector | null | undefined);
    expect(sel === null ? null : formatSelector(sel)).toBe(canonical);
  });

  it('compiles a stored (frozen) selector once, and a mutable one each time as it is now', () => {
    const stored = Object.freeze({ matchLabels: Object.freeze({ app: 'web' }) });
    expect(labelSelectorFromObject(stored)).toBe(labelSelectorFromObject(stored));
    const draft: LabelSelector = { matchLabels: { app: 'web' } };
    expect(formatSelector(labelSelectorFromObject(draft)!)).toBe('app=web');
    draft.matchLabels!.tier = 'db';
    expect(formatSelector(labelSelectorFromObject(draft)!)).toBe('app=web,tier=db');
  });

  it.each([
    { name: 'unknown operator', ls: { matchExpressions: [{ key: 'a', operator: 'Foo' }] }, message: '"Foo" is not a valid pod selector operator' },
    {
      name: 'In without values',
      ls: { matchExpressions: [{ key: 'a', operator: 'In' }] },
      message: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    },
    {
      name: 'Exists with values',
      ls: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x', 'y'] }] },
      message: 'values: Invalid value: []string{"x", "y"}: values set must be empty for exists and does not exist',
    },
    { name: 'invalid key', ls: { matchLabels: { 'a/b/c': 'x' } }, message: `key: Invalid value: "a/b/c": ${QUALIFIED_NAME_MSG}` },
    { name: 'invalid value', ls: { matchLabels: { a: '-x' } }, message: `values[0][a]: Invalid value: "-x": ${LABEL_VALUE_MSG}` },
  ])('rejects $name', ({ ls, message }) => {
    expect(badRequest(() => labelSelectorFromObject(ls as LabelSelector))).toBe(message);
  });

  it.each([
    { name: 'nil selects nothing', ls: null, matches: false },
    { name: 'empty selects everything', ls: {}, matches: true },
    { name: 'matching labels', ls: { matchLabels: { app: 'web' } }, matches: true },
    { name: 'other labels', ls: { matchLabels: { app: 'api' } }, matches: false },
  ])('matchesSelectorObject: $name', ({ ls, matches }) => {
    expect(matchesSelectorObject(ls, { app: 'web' })).toBe(matches);
  });
});

describe('validateLabelSelector', () => {
  const path = 'spec.selector';
  it.each([
    { name: 'absent', ls: undefined, errors: [] },
    { name: 'empty', ls: {}, errors: [] },
    {
      name: 'a valid selector',
      ls: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] },
      errors: [],
    },
    {
      name: 'In without values',
      ls: { matchExpressions: [{ key: 'env', operator: 'In' }, { key: 'tier', operator: 'NotIn', values: [] }] },
      errors: [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        "spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      ],
    },
    {
      name: 'DoesNotExist with values',
      ls: { matchExpressions: [{ key: 'env', operator: 'DoesNotExist', values: ['x'] }] },
      errors: [
        "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      ],
    },
    {
      name: 'unknown operator',
      ls: { matchExpressions: [{ key: 'env', operator: 'Foo' }] },
      errors: ['spec.selector.matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator'],
    },
    {
      name: 'invalid key and value in an expression',
      ls: { matchExpressions: [{ key: 'a/b/c', operator: 'In', values: ['ok', '-bad'] }] },
      errors: [
        `spec.selector.matchExpressions[0].key: Invalid value: "a/b/c": ${QUALIFIED_NAME_MSG}`,
        `spec.selector.matchExpressions[0].values[1]: Invalid value: "-bad": ${LABEL_VALUE_MSG}`,
      ],
    },
    {
      name: 'matchLabels errors at the map path',
      ls: { matchLabels: { 'a/b/c': '-bad' } },
      errors: [
        `spec.selector.matchLabels: Invalid value: "a/b/c": ${QUALIFIED_NAME_MSG}`,
        `spec.selector.matchLabels: Invalid value: "-bad": ${LABEL_VALUE_MSG}`,
      ],
    },
  ])('$name', ({ ls, errors }) => {
    expect(validateLabelSelector(ls as LabelSelector | undefined, path).map(fieldErrorMessage)).toEqual(errors);
  });
});
