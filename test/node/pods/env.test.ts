import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/pod.js';
import { baseEnv, expandRefs, podHostname, resolveEnv } from '../../../src/node/pods/env.js';
import { Clock } from '../../../src/sim/clock.js';
import { Rng } from '../../../src/sim/rng.js';
import { Store } from '../../../src/store/store.js';

function setup() {
  const store = new Store({ clock: new Clock(), rng: new Rng(1) });
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, {});
  store.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { user: 'app', password: 'pw' } }, {});
  store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { MODE: 'prod', LEVEL: 'debug' } }, {});
  const pod = store.create(
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-7d9f', namespace: 'shop', labels: { app: 'api' } }, spec: { nodeName: 'node-1', containers: [{ name: 'api', image: 'api:1' }] } },
    {},
  ) as Pod;
  const env = (container: Record<string, unknown>) => resolveEnv(store, pod, { name: 'api', image: 'api:1', ...container } as Pod['spec']['containers'][0], '10.244.1.5', '172.18.0.2');
  return { env, pod };
}

describe('container environment', () => {
  it('takes envFrom first, then env in order, with $(VAR) references and the downward API', () => {
    const { env, pod } = setup();
    const r = env({
      envFrom: [{ configMapRef: { name: 'settings' } }, { secretRef: { name: 'db' }, prefix: 'DB_' }],
      env: [
        { name: 'MODE', value: 'staging' },
        { name: 'URL', value: 'postgres://$(DB_user):$(DB_password)@db/$(MISSING)' },
        { name: 'LITERAL', value: '$$(MODE)' },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      ],
    });
    expect(r).toEqual({
      ok: true,
      env: {
        ...baseEnv(podHostname(pod)),
        MODE: 'staging',
        LEVEL: 'debug',
        DB_user: 'app',
        DB_password: 'pw',
        URL: 'postgres://app:pw@db/$(MISSING)',
        LITERAL: '$(MODE)',
        POD_IP: '10.244.1.5',
        NODE: 'node-1',
        APP: 'api',
      },
    });
  });

  it.each([
    ['a missing Secret', { env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db-secret', key: 'password' } } }] }, 'secret "db-secret" not found'],
    ['a missing ConfigMap', { env: [{ name: 'P', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'x' } } }] }, 'configmap "app-config" not found'],
    ['a missing key', { env: [{ name: 'P', valueFrom: { configMapKeyRef: { name: 'settings', key: 'x' } } }] }, "couldn't find key x in ConfigMap shop/settings"],
    ['a missing envFrom source', { envFrom: [{ secretRef: { name: 'gone' } }] }, 'secret "gone" not found'],
  ])('refuses %s', (_n, container, message) => {
    expect(setup().env(container)).toEqual({ ok: false, message });
  });

  it('skips what is optional', () => {
    const r = setup().env({
      envFrom: [{ secretRef: { name: 'gone', optional: true } }],
      env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'nope', optional: true } } }],
    });
    expect(r.ok && 'P' in r.env).toBe(false);
  });

  it.each([
    ['$(A)-$(B)', 'a-b'],
    ['$(C)', '$(C)'],
    ['$$(A)', '$(A)'],
    ['$$$(A)', '$a'],
    ['no refs', 'no refs'],
  ])('expands %s', (value, want) => {
    expect(expandRefs(value, { A: 'a', B: 'b' })).toBe(want);
  });
});
