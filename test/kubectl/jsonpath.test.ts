// The JSONPath subset of `-o jsonpath`, with cases from kubectl's jsonpath tests.
import { describe, expect, it } from 'vitest';
import { printJsonPath } from '../../src/kubectl/jsonpath.js';

const data = {
  kind: 'List',
  items: [
    { metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'web' } }, spec: { containers: [{ image: 'nginx' }, { image: 'busybox' }] }, status: { replicas: 2 } },
    { metadata: { name: 'b' }, spec: { containers: [{ image: 'redis' }] } },
  ],
};

describe('printJsonPath', () => {
  it.each([
    { name: 'a field', t: '{.kind}', want: 'List' },
    { name: 'the $ root', t: '{$.kind}', want: 'List' },
    { name: 'wildcard joins with spaces', t: '{.items[*].metadata.name}', want: 'a b' },
    { name: 'index', t: '{.items[0].metadata.name}', want: 'a' },
    { name: 'negative index', t: '{.items[-1].metadata.name}', want: 'b' },
    { name: 'nested wildcards', t: '{.items[*].spec.containers[*].image}', want: 'nginx busybox redis' },
    { name: 'escaped dots in a key', t: '{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', want: 'web' },
    { name: 'quoted key', t: "{.items[0].metadata.labels['app.kubernetes.io/name']}", want: 'web' },
    { name: 'numbers', t: '{.items[0].status.replicas}', want: '2' },
    { name: 'missing fields print nothing', t: 'x{.items[1].status.replicas}y', want: 'xy' },
    { name: 'maps as JSON', t: '{.items[0].status}', want: '{"replicas":2}' },
    { name: 'range with literals', t: '{range .items[*]}{.metadata.name}{"\\n"}{end}', want: 'a\nb\n' },
    { name: 'text around', t: 'names: {.items[*].metadata.name}.', want: 'names: a b.' },
  ])('$name', ({ t, want }) => {
    expect(printJsonPath(t, data)).toBe(want);
  });

  it.each([
    { t: '{.items[?(@.a)]}', msg: 'unsupported expression' },
    { t: '{range .items[*]}{.a}', msg: 'unclosed range' },
    { t: '{end}', msg: 'not in range' },
    { t: '{.a', msg: 'unclosed action' },
  ])('refuses $t', ({ t, msg }) => {
    expect(() => printJsonPath(t, data)).toThrow(msg);
  });
});
