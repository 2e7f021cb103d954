// Unknown-field detection against the kinds' zod schemas, as fieldValidation=Strict|Warn reports it.
import { describe, expect, it } from 'vitest';
import { deploymentDef } from '../../src/api/deployment.js';
import { podDef } from '../../src/api/pod.js';
import { serviceDef } from '../../src/api/service.js';
import { checkFields, parseFieldValidation, unknownFields } from '../../src/server/field-validation.js';

describe('unknownFields', () => {
  const cases: [string, typeof podDef | typeof deploymentDef | typeof serviceDef, unknown, string[]][] = [
    ['a valid pod', podDef, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', labels: { x: 'y' } }, spec: { containers: [{ name: 'a', image: 'i', ports: [{ containerPort: 80 }] }] } }, []],
    ['top level', podDef, { kind: 'Pod', spek: {} }, ['spek']],
    ['in a list item', podDef, { spec: { containers: [{ name: 'a' }, { name: 'b', imag: 'x' }] } }, ['spec.containers[1].imag']],
    ['in metadata', podDef, { metadata: { name: 'a', lables: {} } }, ['metadata.lables']],
    ['label values are free', podDef, { metadata: { labels: { anything: 'goes' }, annotations: { 'a/b': 'c' } } }, []],
    ['deep in a deployment template', deploymentDef, { spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'A', valu: '1' }] }] } } } }, ['spec.template.spec.containers[0].env[0].valu']],
    ['strategy', deploymentDef, { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxSurgee: 2 } } } }, ['spec.strategy.rollingUpdate.maxSurgee']],
    ['service ports', serviceDef, { spec: { ports: [{ port: 80, targetPort: 'http', nodeport: 3 }] } }, ['spec.ports[0].nodeport']],
    ['an unmodelled object is not looked into', podDef, { spec: { securityContext: { runAsUser: 1000, whatever: true } } }, []],
  ];
  it.each(cases)('%s', (_name, def, value, want) => expect(unknownFields(def.schema, value)).toEqual(want));
});

describe('checkFields', () => {
  it('Strict throws a 400 listing every field, Warn returns the warnings, Ignore nothing', () => {
    expect(() => checkFields('Strict', ['a', 'b.c'])).toThrow('strict decoding error: unknown field "a", unknown field "b.c"');
    expect(checkFields('Warn', ['a'])).toEqual(['unknown field "a"']);
    expect(checkFields('Ignore', ['a'])).toEqual([]);
    expect(checkFields('Strict', [])).toEqual([]);
  });

  it('fields Kubernetes has but kubesim does not model are never reported', () => {
    const found = unknownFields(deploymentDef.schema, {
      metadata: { managedFields: [] },
      spec: { template: { spec: { hostUsers: false, containers: [{ name: 'a', volumeDevices: [] }] } } },
    });
    expect(found).toEqual(['metadata.managedFields', 'spec.template.spec.hostUsers', 'spec.template.spec.containers[0].volumeDevices']);
    expect(checkFields('Strict', found)).toEqual([]);
    expect(() => checkFields('Strict', [...found, 'spec.template.spec.hostUser'])).toThrow('unknown field "spec.template.spec.hostUser"');
  });

  it('the mode defaults to Warn and must be one of the three', () => {
    expect(parseFieldValidation(null)).toBe('Warn');
    expect(() => parseFieldValidation('strict')).toThrow('fieldValidation: Unsupported value: "strict"');
  });
});
