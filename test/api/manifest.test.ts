import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../src/api/manifest.js';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('parseManifests', () => {
  it('reads one YAML document', () => {
    expect(parseManifests(cm('a'))).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }]);
  });

  it('reads many documents in order and skips empty ones', () => {
    const text = `---\n${cm('a')}---\n---\n${cm('b')}---\n`;
    expect(parseManifests(text).map((o) => (o.metadata as { name: string }).name)).toEqual(['a', 'b']);
  });

  it('reads JSON', () => {
    expect(parseManifests('{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}')).toEqual([
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } },
    ]);
  });

  it('unpacks a List, as `kubectl get -o yaml` prints one', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n`;
    expect(parseManifests(text)).toHaveLength(2);
  });

  it('keeps fields it does not know', () => {
    expect(parseManifests(`${cm('a')}data:\n  x: "1"\nfuture: {a: b}\n`)[0]).toMatchObject({ future: { a: 'b' } });
  });

  const bad: [name: string, text: string, message: RegExp | string][] = [
    ['broken YAML', `${cm('a')} data: 1\n`, /^error parsing web\.yaml: error converting YAML to JSON: yaml: line \d+: /],
    ['broken JSON', '{"apiVersion": "v1", "kind": ConfigMap}', /^error parsing web\.yaml: json: /],
    ['no kind', 'apiVersion: v1\nmetadata:\n  name: x\n', 'error validating "web.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false'],
    ['no apiVersion', 'kind: Pod\nmetadata:\n  name: x\n', 'error validating "web.yaml": error validating data: apiVersion not set'],
    ['a list instead of an object', '- a\n- b\n', 'error validating "web.yaml": error validating data: invalid object to validate'],
    ['a scalar', 'hello\n', 'error validating "web.yaml": error validating data: invalid object to validate'],
  ];
  it.each(bad)('rejects %s with kubectl’s wording', (_name, text, message) => {
    expect(() => parseManifests(text, 'web.yaml')).toThrow(message);
  });

  it('yields nothing when one of several documents is broken', () => {
    expect(() => parseManifests(`${cm('a')}---\nkind: ConfigMap\n`, 'x.yaml')).toThrow('apiVersion not set');
  });
});
