/**
 * An update costs what it changes: the parts of a new version that are the stored version's own objects
 * are kept, not decoded, defaulted or validated again — and the new version shares them, so a long watch
 * history of a 100-endpoint slice does not hold 100 copies of every endpoint. What changed is still
 * decoded and validated in full, and defaults still apply.
 */
import { describe, expect, it } from 'vitest';
import { newStore } from './helpers.js';

const address = (i: number) => ({ ip: `10.244.1.${i}`, nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: `api-${i}`, uid: `uid-${i}` } });

function endpointsWith(n: number) {
  const { store } = newStore();
  store.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'api', namespace: 'default' }, subsets: [{ addresses: Array.from({ length: n }, (_, i) => address(i + 1)), ports: [{ port: 80 }] }] });
  return store;
}

describe('updates share what they do not change', () => {
  it('keeps the stored addresses when one is inserted before them', () => {
    const store = endpointsWith(3);
    const before = store.get('Endpoints', 'default', 'api')!;
    const after = store.update({ kind: 'Endpoints', namespace: 'default', name: 'api' }, (d) => {
      d.subsets![0]!.addresses!.unshift(address(9));
    });
    const [added, ...rest] = after.subsets![0]!.addresses!;
    expect(added).toEqual(address(9));
    rest.forEach((a, i) => expect(a).toBe(before.subsets![0]!.addresses![i]));
  });

  it('still validates the new address, naming it, and leaves the stored object as it was', () => {
    const store = endpointsWith(2);
    const before = store.get('Endpoints', 'default', 'api')!;
    expect(() =>
      store.update({ kind: 'Endpoints', namespace: 'default', name: 'api' }, (d) => {
        d.subsets![0]!.addresses!.push({ ip: '169.254.169.254' });
      }),
    ).toThrow('subsets[0].addresses[2].ip: Invalid value: "169.254.169.254": may not be in the link-local range');
    expect(store.get('Endpoints', 'default', 'api')).toBe(before);
  });

  it('still decodes the new address: a field of the wrong type is refused', () => {
    const store = endpointsWith(1);
    expect(() =>
      store.update({ kind: 'Endpoints', namespace: 'default', name: 'api' }, (d) => {
        (d.subsets![0]!.addresses as unknown[]).push({ ip: 7 });
      }),
    ).toThrow('subsets[0].addresses[1].ip');
  });

  it('refuses an array with a hole in it, as a full decode does', () => {
    const store = endpointsWith(2);
    const before = store.get('Endpoints', 'default', 'api')!;
    expect(() =>
      store.update({ kind: 'Endpoints', namespace: 'default', name: 'api' }, (d) => {
        d.subsets![0]!.addresses![3] = address(9);
      }),
    ).toThrow('subsets[0].addresses[2]');
    expect(store.get('Endpoints', 'default', 'api')).toBe(before);
  });

  it('applies defaults to what changed and leaves shared (frozen) parts alone', () => {
    const { store } = newStore();
    store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'default' }, spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80 }] } });
    const labelled = store.update({ kind: 'Service', namespace: 'default', name: 'api' }, (d) => {
      d.metadata.labels = { tier: 'web' };
    });
    expect(labelled.metadata.labels).toEqual({ tier: 'web' });
    const withPort = store.update({ kind: 'Service', namespace: 'default', name: 'api' }, (d) => {
      d.spec.ports!.push({ name: 'metrics', port: 9090 } as never);
    });
    expect(withPort.spec.ports![1]).toMatchObject({ name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 9090 });
  });
});
