import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../src/api/errors.js';
import type { JsonObject } from '../../../src/store/patch/merge-patch.js';
import { applyStrategicMergePatch, applyStrategicMergePatchWith } from '../../../src/store/patch/strategic.js';
import type { PatchMeta } from '../../../src/store/patch/strategy.js';

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

function failure(fn: () => unknown): { reason: string; code: number; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return { reason: e.reason, code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a StatusError');
}

// The tags of apimachinery's test type `MergeItem` (pkg/util/strategicpatch/patch_test.go).
const item: Record<string, PatchMeta> = {};
const retainKeysItem: Record<string, PatchMeta> = {
  mergingIntList: { strategy: 'merge' },
  mergingList: { strategy: 'merge', mergeKey: 'name', fields: item },
};
Object.assign(item, {
  mergingList: { strategy: 'merge', mergeKey: 'name', fields: item },
  nonMergingList: { fields: item },
  mergingIntList: { strategy: 'merge' },
  mergeItemPtr: { strategy: 'merge', mergeKey: 'name', fields: item },
  replacingItem: { strategy: 'replace' },
  retainKeysMap: { strategy: 'retainKeys', fields: retainKeysItem },
  retainKeysMergingList: { strategy: 'merge,retainKeys', mergeKey: 'name', fields: item },
});
const mergeItem: PatchMeta = { fields: item };
const smp = (original: JsonObject, patch: JsonObject) => applyStrategicMergePatchWith(mergeItem, deepFreeze(original), deepFreeze(patch));

interface Case {
  name: string;
  original: JsonObject;
  patch: JsonObject;
  result: JsonObject;
}

// Cases of TestCustomStrategicMergePatch and TestStrategicMergePatch in apimachinery (the "current" and
// "threeWay"/"result" columns where a case has them), with their names.
const apimachinery: Case[] = [
  { name: 'unique scalars when merging lists', original: { mergingIntList: [1, 2] }, patch: { mergingIntList: [2, 3] }, result: { mergingIntList: [1, 2, 3] } },
  { name: 'delete map from nested map', original: { simpleMap: { key1: 1, key2: 1 } }, patch: { simpleMap: { $patch: 'delete' } }, result: { simpleMap: {} } },
  { name: 'delete all items from merging list', original: { mergingList: [{ name: 1 }, { name: 2 }] }, patch: { mergingList: [{ $patch: 'replace' }] }, result: { mergingList: [] } },
  { name: 'merge empty merging lists', original: { mergingList: [] }, patch: { mergingList: [] }, result: { mergingList: [] } },
  { name: 'delete all keys from map', original: { name: 1, value: 1 }, patch: { $patch: 'replace' }, result: {} },
  { name: 'add key and delete all keys from map', original: { name: 1, value: 1 }, patch: { other: 'a', $patch: 'replace' }, result: { other: 'a' } },
  {
    name: 'delete all duplicate entries in a merging list',
    original: { mergingList: [{ name: 1 }, { name: 1 }, { name: 2, value: 'a' }, { name: 3 }, { name: 3 }] },
    patch: { mergingList: [{ name: 1, $patch: 'delete' }, { name: 3, $patch: 'delete' }] },
    result: { mergingList: [{ name: 2, value: 'a' }] },
  },
  { name: 'retainKeys map can add a field when no retainKeys directive present', original: { retainKeysMap: { name: 'foo' } }, patch: { retainKeysMap: { value: 'bar' } }, result: { retainKeysMap: { name: 'foo', value: 'bar' } } },
  { name: 'retainKeys map can delete a field when no retainKeys directive present', original: { retainKeysMap: { name: 'foo', value: 'a' } }, patch: { retainKeysMap: { value: null } }, result: { retainKeysMap: { name: 'foo' } } },
  {
    name: 'retainKeys list can change a field when no retainKeys directive present',
    original: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a' }] },
    patch: { retainKeysMergingList: [{ name: 'foo', value: 'b' }] },
    result: { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'b' }] },
  },
  {
    name: 'preserve the order from the patch in a merging list',
    original: { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
    patch: { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }, { name: 2, other: 'x' }] },
    result: { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }, { name: 2, value: 'b', other: 'x' }] },
  },
  {
    name: 'preserve the order from the patch in a merging list 2',
    original: { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
    patch: { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }] },
    result: { mergingList: [{ name: 2, value: 'b' }, { name: 3, value: 'c' }, { name: 1, value: 'a' }] },
  },
  { name: 'preserve the order from the patch in a merging int list', original: { mergingIntList: [1, 2, 3] }, patch: { mergingIntList: [3, 1, 2] }, result: { mergingIntList: [3, 1, 2] } },
  { name: 'preserve the order from the patch in a merging int list 2', original: { mergingIntList: [1, 2, 3] }, patch: { mergingIntList: [3, 1] }, result: { mergingIntList: [2, 3, 1] } },
  {
    name: '$setElementOrder contains item that is not present in the list to be merged',
    original: { mergingList: [{ name: 1 }, { name: 3 }] },
    patch: { '$setElementOrder/mergingList': [{ name: 3 }, { name: 2 }, { name: 1 }], mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
    result: { mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
  },
  { name: '$setElementOrder contains item that is not present in the int list to be merged', original: { mergingIntList: [1, 3] }, patch: { '$setElementOrder/mergingIntList': [3, 2, 1] }, result: { mergingIntList: [3, 1] } },
  { name: '$deleteFromPrimitiveList of nonexistent item in primitive list should not add the item to the list', original: { mergingIntList: [1, 2] }, patch: { '$deleteFromPrimitiveList/mergingIntList': [3] }, result: { mergingIntList: [1, 2] } },
  { name: '$deleteFromPrimitiveList on nonexistent primitive list should not add the primitive list', original: { foo: ['bar'] }, patch: { '$deleteFromPrimitiveList/mergingIntList': [3] }, result: { foo: ['bar'] } },
  { name: '$deleteFromPrimitiveList should delete item from a list with merge patch strategy', original: { mergingIntList: [1, 2, 3] }, patch: { '$deleteFromPrimitiveList/mergingIntList': [2] }, result: { mergingIntList: [1, 3] } },
  { name: '$deleteFromPrimitiveList should delete item from a list without merge patch strategy', original: { nonMergingIntList: [1, 2, 3] }, patch: { '$deleteFromPrimitiveList/nonMergingIntList': [2] }, result: { nonMergingIntList: [1, 3] } },
  { name: 'replace list of scalars', original: { nonMergingIntList: [1, 2] }, patch: { nonMergingIntList: [2, 3] }, result: { nonMergingIntList: [2, 3] } },
  { name: 'defined null values should propagate removing original fields', original: { name: 'original-name', value: 'original-value', other: 'current-other' }, patch: { name: 'modified-name', value: null }, result: { name: 'modified-name', other: 'current-other' } },
  {
    name: 'nested patch merge with empty list',
    original: { name: 'hi', mergingList: [{ name: 'hello2' }] },
    patch: { '$setElementOrder/mergingList': [{ name: 'hello' }, { name: 'doesntexist' }], mergingList: [{ name: 'hello' }, { $patch: 'delete', name: 'doesntexist' }] },
    result: { name: 'hi', mergingList: [{ name: 'hello' }, { name: 'hello2' }] },
  },
  {
    name: 'nested patch merge with empty list (two-way: the list is new)',
    original: { name: 'hi' },
    patch: { mergingList: [{ name: 'hello' }, { $patch: 'delete', name: 'doesntexist' }] },
    result: { name: 'hi', mergingList: [{ name: 'hello' }] },
  },
  { name: 'delete items in lists of scalars', original: { mergingIntList: [1, 2, 3, 4] }, patch: { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] }, result: { mergingIntList: [1, 2, 4] } },
  {
    name: 'add and delete items in lists of scalars',
    original: { mergingIntList: [1, 2, 3, 4] },
    patch: { '$setElementOrder/mergingIntList': [1, 2, 4], '$deleteFromPrimitiveList/mergingIntList': [3], mergingIntList: [4] },
    result: { mergingIntList: [1, 2, 4] },
  },
  {
    name: 'merge lists of maps',
    original: { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }] },
    patch: { '$setElementOrder/mergingList': [{ name: 4 }, { name: 1 }, { name: 2 }, { name: 3 }], mergingList: [{ name: 4, value: 4 }, { name: 3, value: 3 }] },
    result: { mergingList: [{ name: 4, value: 4 }, { name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }, { name: 3, value: 3 }] },
  },
  { name: 'add and delete an item in a int list and preserve order', original: { mergingIntList: [1, 2, 3] }, patch: { '$setElementOrder/mergingIntList': [4, 2, 1], mergingIntList: [4], '$deleteFromPrimitiveList/mergingIntList': [3] }, result: { mergingIntList: [4, 2, 1] } },
  { name: 'set elements order in a int list with server-only items', original: { mergingIntList: [1, 3, 4, 2, 9] }, patch: { '$setElementOrder/mergingIntList': [4, 2, 3, 1] }, result: { mergingIntList: [4, 2, 3, 1, 9] } },
  { name: 'set elements order in a int list with server-only items 2', original: { mergingIntList: [1, 2, 9, 3, 4] }, patch: { '$setElementOrder/mergingIntList': [2, 1, 4, 3] }, result: { mergingIntList: [2, 1, 9, 4, 3] } },
  { name: 'set elements order in a int list with server-only items 3', original: { mergingIntList: [1, 2, 7, 9, 8, 3, 4] }, patch: { '$setElementOrder/mergingIntList': [2, 1, 4, 3] }, result: { mergingIntList: [2, 1, 7, 9, 8, 4, 3] } },
  {
    name: 'behavior of set element order for a merging list with duplicate',
    original: { mergingList: [{ name: 1 }, { name: 2, value: 'dup1' }, { name: 3 }, { name: 2, value: 'dup2' }, { name: 4 }] },
    patch: { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }, { name: 4 }, { name: 3 }, { name: 2 }] },
    result: { mergingList: [{ name: 2, value: 'dup1' }, { name: 2, value: 'dup2' }, { name: 1 }, { name: 4 }, { name: 3 }] },
  },
  { name: 'retainKeys map should clear defaulted field', original: { retainKeysMap: { value: 'foo' } }, patch: { retainKeysMap: { $retainKeys: ['other'], other: 'bar' } }, result: { retainKeysMap: { other: 'bar' } } },
  {
    name: 'retainKeys map should clear defaulted field with conflict (discriminated union)',
    original: { retainKeysMap: { name: 'type1', value: 'foo' } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'other'], name: 'type2', other: 'bar' } },
    result: { retainKeysMap: { name: 'type2', other: 'bar' } },
  },
  { name: 'retainKeys map deletes a field and clears a field', original: { retainKeysMap: { name: 'foo', value: 'bar', other: 'a' } }, patch: { retainKeysMap: { $retainKeys: ['name'], value: null } }, result: { retainKeysMap: { name: 'foo' } } },
  {
    name: 'retainKeys map adds a field in a nested map',
    original: { retainKeysMap: { name: 'foo', value: 'bar', simpleMap: { key1: 'a', key3: 'c' } } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'simpleMap', 'value'], simpleMap: { key2: 'b' } } },
    result: { retainKeysMap: { name: 'foo', value: 'bar', simpleMap: { key1: 'a', key2: 'b', key3: 'c' } } },
  },
  { name: 'a field tagged replace is replaced, not merged', original: { replacingItem: { a: 1, b: 2 } }, patch: { replacingItem: { b: 3 } }, result: { replacingItem: { b: 3 } } },
  {
    name: 'a list without tags is replaced, even if it holds objects',
    original: { nonMergingList: [{ name: 1, value: 'a' }, { name: 2 }] },
    patch: { nonMergingList: [{ name: 1 }] },
    result: { nonMergingList: [{ name: 1 }] },
  },
  {
    // A new element goes before the server's elements: mergeSortedSlice only lets a server-only element
    // go first when both it and the patch element are in the live list.
    name: 'nested merging lists merge inside their merged element; new elements come first',
    original: { mergingList: [{ name: 'a', mergingList: [{ name: 'x', value: 1 }] }] },
    patch: { mergingList: [{ name: 'a', mergingList: [{ name: 'y', value: 2 }] }] },
    result: { mergingList: [{ name: 'a', mergingList: [{ name: 'y', value: 2 }, { name: 'x', value: 1 }] }] },
  },
  {
    name: 'directives and nulls in new values are resolved, never stored',
    original: {},
    patch: { simpleMap: { a: null, b: '1' }, mergingList: [{ name: 'n', retainKeysMap: { $retainKeys: ['name'], name: 'k' }, '$setElementOrder/mergingIntList': [2, 1], mergingIntList: [2, 1], '$deleteFromPrimitiveList/mergingIntList': [1] }] },
    result: { simpleMap: { b: '1' }, mergingList: [{ name: 'n', retainKeysMap: { name: 'k' }, mergingIntList: [2] }] },
  },
];

describe('applyStrategicMergePatch: apimachinery cases', () => {
  it.each(apimachinery)('$name', ({ original, patch, result }) => {
    expect(smp(original, patch)).toEqual(result);
  });
});

const invalid: { name: string; original: JsonObject; patch: JsonObject; reason: string; message: string }[] = [
  {
    name: 'should check if order in $setElementOrder and patch list match',
    original: { mergingList: [{ name: 1 }, { name: 3 }, { name: 2 }] },
    patch: { '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }, { name: 3 }], mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
    reason: 'BadRequest',
    message: "doesn't match $setElementOrder list",
  },
  { name: 'missing merge key should error out', original: { mergingList: [{ name: 1, value: 'a' }] }, patch: { mergingList: [{ value: 'b' }] }, reason: 'BadRequest', message: 'does not contain declared merge key: name' },
  { name: 'an unknown $patch value in a map', original: { simpleMap: {} }, patch: { simpleMap: { $patch: 'explode' } }, reason: 'BadRequest', message: 'unknown patch type: explode in map' },
  { name: '$patch: merge on a map (apimachinery knows only replace and delete)', original: {}, patch: { $patch: 'merge' }, reason: 'BadRequest', message: 'unknown patch type: merge in map' },
  { name: '$patch: merge in a list', original: { mergingList: [{ name: 1 }] }, patch: { mergingList: [{ name: 1, $patch: 'merge' }] }, reason: 'BadRequest', message: 'merging lists cannot yet be specified in the patch' },
  { name: 'an unknown directive', original: {}, patch: { $replaceAll: true }, reason: 'BadRequest', message: 'unknown strategic merge patch directive "$replaceAll"' },
  { name: '$setElementOrder without a field', original: {}, patch: { $setElementOrder: [] }, reason: 'BadRequest', message: 'invalid patch format of setElementOrder list' },
  { name: '$deleteFromPrimitiveList that is not a list', original: { mergingIntList: [1] }, patch: { '$deleteFromPrimitiveList/mergingIntList': 1 }, reason: 'BadRequest', message: 'invalid patch format of primitive list' },
  { name: '$retainKeys that is not a list', original: { retainKeysMap: {} }, patch: { retainKeysMap: { $retainKeys: 'name' } }, reason: 'BadRequest', message: 'invalid patch format of retainKeys' },
  { name: 'a patched key missing from $retainKeys', original: { retainKeysMap: { name: 'a' } }, patch: { retainKeysMap: { $retainKeys: ['name'], value: 'b' } }, reason: 'BadRequest', message: 'invalid patch format of retainKeys' },
  { name: 'lists of lists are 422', original: { mergingIntList: [[1]] }, patch: { mergingIntList: [[2]] }, reason: 'Invalid', message: 'the server rejected our request due to an error in our request' },
];

describe('applyStrategicMergePatch: patches the server refuses', () => {
  it.each(invalid)('$name', ({ original, patch, reason, message }) => {
    const f = failure(() => smp(original, patch));
    expect(f.reason).toBe(reason);
    expect(f.message).toContain(message);
  });
});

// ---- the kinds, with the patches kubectl 1.20 was seen to send (kubectl-wire.md §2.1, §2.10) -----------

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

function defaultedContainer(name: string, image: string, port: number) {
  return {
    name,
    image,
    ports: [{ containerPort: port, protocol: 'TCP' }],
    env: [
      { name: 'MODE', value: 'prod' },
      { name: 'LEVEL', value: 'info' },
    ],
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
}

const pod = deepFreeze({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', annotations: { [lastApplied]: '{"old":true}\n' }, finalizers: ['a'] },
  spec: {
    containers: [defaultedContainer('web', 'nginx:1.19', 80), defaultedContainer('sidecar', 'envoy:1', 9901)],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
  },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] },
});

const deployment = deepFreeze({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api-deployment', namespace: 'default', annotations: { 'deployment.kubernetes.io/revision': '1' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'api' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    template: {
      metadata: { labels: { app: 'api' } },
      spec: { containers: [defaultedContainer('api', 'myapp:1.4.2', 8080), defaultedContainer('metrics', 'exporter:2', 9100)] },
    },
  },
});

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const patchPod = (patch: JsonObject): AnyObj => applyStrategicMergePatch('Pod', pod, deepFreeze(patch));
const patchDeployment = (patch: JsonObject): AnyObj => applyStrategicMergePatch('Deployment', deployment, deepFreeze(patch));

describe('applyStrategicMergePatch: what kubectl sends', () => {
  it('kubectl apply (re-apply of a changed pod) changes only the image of container web', () => {
    const out = patchPod({
      metadata: { annotations: { [lastApplied]: '{"new":true}\n' } },
      spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ image: 'nginx:1.20', name: 'web' }] },
    });
    expect(out.spec.containers).toEqual([{ ...defaultedContainer('web', 'nginx:1.20', 80) }, pod.spec.containers[1]]);
    expect(out.metadata.annotations).toEqual({ [lastApplied]: '{"new":true}\n' });
    expect(out.spec.containers[1]).toBe(pod.spec.containers[1]);
    expect(out.spec.volumes).toBe(pod.spec.volumes);
    expect(out.status).toBe(pod.status);
  });

  it.each<{ name: string; strategy: JsonObject }>([
    { name: 'with "rollingUpdate":null', strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } },
    { name: 'as observed on the wire', strategy: { $retainKeys: ['type'], type: 'Recreate' } },
  ])('kubectl apply Recreate over a defaulted rollingUpdate ($name) leaves strategy: {type: Recreate}', ({ strategy }) => {
    const out = patchDeployment({ spec: { strategy } });
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
    expect(out.spec.template).toBe(deployment.spec.template);
  });

  it.each<{ name: string; spec: JsonObject }>([
    { name: 'without $setElementOrder', spec: { containers: [{ name: 'api', image: 'myapp:1.4.3' }] } },
    { name: 'as kubectl 1.20 sends it', spec: { '$setElementOrder/containers': [{ name: 'api' }], containers: [{ image: 'myapp:1.4.3', name: 'api' }] } },
  ])('kubectl set image ($name) keeps the other containers and fields', ({ spec }) => {
    const out = patchDeployment({ spec: { template: { spec } } });
    expect(out.spec.template.spec.containers).toEqual([defaultedContainer('api', 'myapp:1.4.3', 8080), defaultedContainer('metrics', 'exporter:2', 9100)]);
    expect(out.spec.template.metadata).toBe(deployment.spec.template.metadata);
    expect(out.spec.strategy).toBe(deployment.spec.strategy);
    expect(out.spec.replicas).toBe(3);
  });

  it('removing the ports of a container with "ports":null', () => {
    const out = patchPod({ spec: { '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }], containers: [{ name: 'web', ports: null }] } });
    expect(out.spec.containers[0]).not.toHaveProperty('ports');
    expect(out.spec.containers[0].image).toBe('nginx:1.19');
    expect(out.spec.containers[1].ports).toEqual([{ containerPort: 9901, protocol: 'TCP' }]);
  });

  it('adds a container port by containerPort and merges an existing one', () => {
    const out = patchPod({ spec: { containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] }] } });
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 443 }]);
  });

  it.each([
    {
      name: 'adds an env var by name',
      env: [{ name: 'DEBUG', value: '1' }],
      want: [{ name: 'DEBUG', value: '1' }, { name: 'MODE', value: 'prod' }, { name: 'LEVEL', value: 'info' }],
    },
    { name: 'changes an env var by name', env: [{ name: 'LEVEL', value: 'debug' }], want: [{ name: 'MODE', value: 'prod' }, { name: 'LEVEL', value: 'debug' }] },
    { name: 'removes an env var by name', env: [{ $patch: 'delete', name: 'MODE' }], want: [{ name: 'LEVEL', value: 'info' }] },
  ])('$name', ({ env, want }) => {
    const out = patchPod({ spec: { containers: [{ name: 'web', env }] } });
    expect(out.spec.containers[0].env).toEqual(want);
    expect(out.spec.containers[1]).toBe(pod.spec.containers[1]);
  });

  it('kubectl apply removing an env var: $setElementOrder plus a delete element', () => {
    const out = patchPod({
      spec: {
        '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
        containers: [{ name: 'web', '$setElementOrder/env': [{ name: 'LEVEL' }], env: [{ $patch: 'delete', name: 'MODE' }] }],
      },
    });
    expect(out.spec.containers[0].env).toEqual([{ name: 'LEVEL', value: 'info' }]);
  });

  it('a new container goes first, as in the Kubernetes docs\' `kubectl patch` example', () => {
    const out = patchPod({ spec: { containers: [{ name: 'redis', image: 'redis' }] } });
    expect(out.spec.containers.map((c: AnyObj) => c.name)).toEqual(['redis', 'web', 'sidecar']);
  });

  it('kubectl apply adding a container: $setElementOrder puts it where the manifest has it', () => {
    const out = patchPod({
      spec: { '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }, { name: 'redis' }], containers: [{ name: 'redis', image: 'redis' }] },
    });
    expect(out.spec.containers.map((c: AnyObj) => c.name)).toEqual(['web', 'sidecar', 'redis']);
  });

  it('$patch: delete removes one container', () => {
    const out = patchPod({ spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } });
    expect(out.spec.containers.map((c: AnyObj) => c.name)).toEqual(['web']);
  });

  it('$patch: replace replaces the whole list', () => {
    const out = patchPod({ spec: { containers: [{ name: 'only', image: 'busybox' }, { $patch: 'replace' }] } });
    expect(out.spec.containers).toEqual([{ name: 'only', image: 'busybox' }]);
  });

  it('tolerations have no merge key: the list is replaced', () => {
    const out = patchPod({ spec: { tolerations: [{ key: 'dedicated', operator: 'Exists' }] } });
    expect(out.spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists' }]);
  });

  it('finalizers merge as a set; $deleteFromPrimitiveList removes one', () => {
    expect(patchPod({ metadata: { finalizers: ['b', 'a'] } }).metadata.finalizers).toEqual(['b', 'a']);
    expect(patchPod({ metadata: { finalizers: ['c'] } }).metadata.finalizers).toEqual(['c', 'a']);
    expect(patchPod({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata.finalizers).toEqual([]);
  });

  it('status conditions merge by type', () => {
    const out = patchPod({ status: { conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }] } });
    expect(out.status.conditions).toEqual([{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }, { type: 'PodScheduled', status: 'True' }]);
  });

  it('node taints have no merge key but addresses merge by type', () => {
    const node = deepFreeze({
      metadata: { name: 'node-1' },
      spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'node-1' }] },
    });
    const out = applyStrategicMergePatch('Node', node, {
      spec: { taints: [{ key: 'b', effect: 'NoExecute' }] },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] },
    }) as AnyObj;
    expect(out.spec.taints).toEqual([{ key: 'b', effect: 'NoExecute' }]);
    expect(out.status.addresses).toEqual([{ type: 'InternalIP', address: '10.0.0.2' }, { type: 'Hostname', address: 'node-1' }]);
  });

  it('service ports merge by port', () => {
    const svc = deepFreeze({ metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } });
    const out = applyStrategicMergePatch('Service', svc, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } }) as AnyObj;
    expect(out.spec.ports).toEqual([{ port: 80, targetPort: 9090, protocol: 'TCP' }, { port: 443 }]);
  });

  it('an unknown kind still merges metadata lists but replaces the rest', () => {
    const obj = deepFreeze({ metadata: { ownerReferences: [{ uid: '1', name: 'a' }] }, spec: { items: [{ name: 'x' }] } });
    const out = applyStrategicMergePatch('Widget', obj, { metadata: { ownerReferences: [{ uid: '2', name: 'b' }] }, spec: { items: [{ name: 'y' }] } }) as AnyObj;
    expect(out.metadata.ownerReferences).toEqual([{ uid: '2', name: 'b' }, { uid: '1', name: 'a' }]);
    expect(out.spec.items).toEqual([{ name: 'y' }]);
  });

  it('never aliases the patch', () => {
    const patch = { spec: { containers: [{ name: 'new', image: 'x', env: [{ name: 'A', value: '1' }] }] } };
    const out = patchPod(patch);
    const added = out.spec.containers.find((c: AnyObj) => c.name === 'new');
    expect(added).toEqual(patch.spec.containers[0]);
    expect(added).not.toBe(patch.spec.containers[0]);
    expect(added.env).not.toBe(patch.spec.containers[0]!.env);
  });
});
