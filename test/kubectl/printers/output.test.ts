// `-o yaml`, `-o json` and `-o name`, compared byte for byte with kubectl 1.32. The golden files were made
// with `kubectl annotate --local -f configmap.input.yaml zz=1 -o yaml|json` (kubectl prints the object as
// generic maps, as it does for `get`).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { printJson, printName, printYaml } from '../../../src/kubectl/printers/index.js';

const golden = (f: string) => readFileSync(fileURLToPath(new URL(`golden/${f}`, import.meta.url)), 'utf8');

function input(): KubeObject {
  const obj = parse(golden('configmap.input.yaml')) as KubeObject;
  obj.metadata.annotations = { ...obj.metadata.annotations, zz: '1' };
  return obj;
}

describe('-o yaml / -o json', () => {
  it('quotes, folds and sorts like kubectl 1.32 (YAML)', () => {
    expect(printYaml(input())).toBe(golden('configmap.kubectl-1.32.yaml'));
  });

  it('sorts keys and indents by 4 like kubectl 1.32 (JSON)', () => {
    expect(printJson(input())).toBe(golden('configmap.kubectl-1.32.json'));
  });

  it('a list prints as kind: List with an empty resourceVersion', () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } };
    expect(printYaml([obj])).toBe(
      ['apiVersion: v1', 'items:', '- apiVersion: v1', '  kind: ConfigMap', '  metadata:', '    name: a', 'kind: List', 'metadata:', '  resourceVersion: ""', ''].join('\n'),
    );
    expect(JSON.parse(printJson([obj]))).toEqual({ apiVersion: 'v1', items: [obj], kind: 'List', metadata: { resourceVersion: '' } });
  });
});

describe('-o name', () => {
  it('prefixes the kind, with its group when it has one', () => {
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' } };
    const s = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'api-x' } };
    expect(printName('Deployment', [d])).toBe('deployment.apps/api\n');
    expect(printName('EndpointSlice', [s])).toBe('endpointslice.discovery.k8s.io/api-x\n');
    expect(printName('ConfigMap', [input()])).toBe('configmap/cfg\n');
  });
});
