// kubesim's control endpoints and the real-time driver: simulated time moves exactly as told.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealTimeDriver, parseSpeed } from '../../src/server/realtime.js';
import { kubeconfigFor } from '../../src/server/kubeconfig.js';
import { parse } from 'yaml';
import { call, serve, T0, type Served } from './helpers.js';

describe('control endpoints', () => {
  let s: Served;
  const faults: string[] = [];
  beforeAll(async () => {
    s = await serve({
      target: {
        fault: (verb, node) => {
          if (node !== 'node-1') throw new Error(`${verb}Node: no node "${node}"; nodes: node-1`);
          faults.push(`${verb} ${node}`);
        },
      },
    });
  });
  afterAll(() => s.server.close());

  it('POST advance?by= runs simulated time, and timers fire on the way', async () => {
    const fired: number[] = [];
    s.clock.schedule('20s', () => fired.push(s.clock.now() - T0));
    const r = await call(s.url, 'POST', '/kubesim/v1/advance?by=30s');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ now: '2024-01-01T00:00:30Z', elapsed: '30s', speed: '0' });
    expect(fired).toEqual([20_000]);
    expect((await call(s.url, 'GET', '/kubesim/v1/clock')).body.now).toBe('2024-01-01T00:00:30Z');
  });

  it('refuses a missing, malformed or out-of-range duration, naming "by"', async () => {
    const cases: [string, string][] = [
      ['/kubesim/v1/advance', 'advance: the "by" parameter is required: a duration such as 30s, 5m or 1h30m'],
      ['/kubesim/v1/advance?by=soon', 'advance: by: invalid duration "soon": expected a duration such as 30s, 5m or 1h30m'],
      ['/kubesim/v1/advance?by=48h', 'advance: by: 48h is out of range: expected 0s to 24h'],
    ];
    for (const [path, message] of cases) {
      const r = await call(s.url, 'POST', path);
      expect([r.status, r.body.message]).toEqual([400, message]);
    }
    expect(s.clock.now()).toBe(T0 + 30_000);
  });

  it('crash, recover, partition and heal reach the target; bad nodes are 400s', async () => {
    for (const verb of ['crash', 'recover', 'partition', 'heal']) {
      expect((await call(s.url, 'POST', `/kubesim/v1/${verb}?node=node-1`)).status).toBe(200);
    }
    expect(faults).toEqual(['crash node-1', 'recover node-1', 'partition node-1', 'heal node-1']);
    const missing = await call(s.url, 'POST', '/kubesim/v1/crash');
    expect(missing.body.message).toBe('crash: the "node" parameter is required: the name of a node');
    const unknown = await call(s.url, 'POST', '/kubesim/v1/crash?node=node-9');
    expect([unknown.status, unknown.body.message]).toEqual([400, 'crashNode: no node "node-9"; nodes: node-1']);
    expect((await call(s.url, 'POST', '/kubesim/v1/explode')).status).toBe(404);
  });

  it('an unexpected failure is a 500 InternalError Status, never a stack trace', async () => {
    const failing = await serve({ target: { advance: () => { throw new Error('world stopped'); } } });
    try {
      const r = await call(failing.url, 'POST', '/kubesim/v1/advance?by=1s');
      expect(r.status).toBe(500);
      expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Internal error occurred: world stopped', reason: 'InternalError', code: 500 });
    } finally {
      await failing.server.close();
    }
  });

  it('without a cluster, faults and speed say what is missing', async () => {
    const bare = await serve();
    try {
      expect((await call(bare.url, 'POST', '/kubesim/v1/crash?node=n')).body.message).toBe(
        'crash: node faults are not available: the server runs over a store without kubelets',
      );
      expect((await call(bare.url, 'POST', '/kubesim/v1/speed?value=10')).body.message).toBe('speed: this server has no real-time driver');
    } finally {
      await bare.server.close();
    }
  });
});

describe('RealTimeDriver', () => {
  it('advances by wall time × speed at each tick, whatever the tick spacing', () => {
    let wall = 1000;
    const advanced: number[] = [];
    const d = new RealTimeDriver({ advance: (ms) => advanced.push(ms) }, { speed: 10, wallNow: () => wall });
    d.start();
    wall += 100;
    d.tick();
    wall += 250;
    d.tick();
    d.tick(); // no wall time passed: nothing to do
    d.stop();
    expect(advanced).toEqual([1000, 2500]);
  });

  it('speed 0 never moves time; a new speed applies from the moment it is set', () => {
    let wall = 0;
    const advanced: number[] = [];
    const d = new RealTimeDriver({ advance: (ms) => advanced.push(ms) }, { speed: 0, wallNow: () => wall });
    d.start();
    wall += 500;
    d.tick();
    expect(advanced).toEqual([]);
    d.speed = 2;
    wall += 100;
    d.tick();
    d.stop();
    expect(advanced).toEqual([200]);
  });

  it('keeps an error thrown by the world and goes on', () => {
    let wall = 0;
    let calls = 0;
    const d = new RealTimeDriver({ advance: () => { calls++; throw new Error('boom'); } }, { speed: 1, wallNow: () => wall });
    d.start();
    wall += 10;
    d.tick();
    wall += 10;
    d.tick();
    d.stop();
    expect(calls).toBe(2);
    expect((d.lastError as Error).message).toBe('boom');
  });

  it('speed max runs the world in steps while still yielding to the event loop', async () => {
    let simulated = 0;
    const d = new RealTimeDriver({ advance: (ms) => (simulated += ms) }, { speed: 'max', maxStepMs: 1000, maxBurstMs: 2 });
    d.start();
    const served = await new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 20));
    d.stop();
    expect(served).toBe(true);
    expect(simulated).toBeGreaterThan(0);
    expect(simulated % 1000).toBe(0);
  });

  it('parseSpeed takes numbers and "max", and names --speed otherwise', () => {
    expect(parseSpeed('10')).toBe(10);
    expect(parseSpeed('0.5')).toBe(0.5);
    expect(parseSpeed('max')).toBe('max');
    expect(() => parseSpeed('fast')).toThrow('--speed: expected a number ≥ 0 or "max", got "fast"');
    expect(() => parseSpeed('-1')).toThrow('--speed: expected a number ≥ 0 or "max", got "-1"');
    expect(() => parseSpeed('')).toThrow('--speed');
  });
});

describe('kubeconfigFor', () => {
  it('one cluster, user and context named kubesim, with the insecure flag client-node needs', () => {
    const cfg = parse(kubeconfigFor('http://127.0.0.1:8080/', { token: 't0k' }));
    expect(cfg).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'kubesim', cluster: { server: 'http://127.0.0.1:8080', 'insecure-skip-tls-verify': true } }],
      contexts: [{ name: 'kubesim', context: { cluster: 'kubesim', user: 'kubesim', namespace: 'default' } }],
      'current-context': 'kubesim',
      users: [{ name: 'kubesim', user: { token: 't0k' } }],
    });
    expect(parse(kubeconfigFor('http://127.0.0.1:1')).users).toEqual([{ name: 'kubesim', user: {} }]);
    expect(() => kubeconfigFor('127.0.0.1:8080')).toThrow('kubeconfigFor: expected');
  });
});

describe('targetFor', () => {
  it('adapts a cluster: advance, logs, exec and the four node faults, called on the cluster', async () => {
    const { Clock } = await import('../../src/sim/clock.js');
    const { Rng } = await import('../../src/sim/rng.js');
    const { Store } = await import('../../src/store/store.js');
    const { targetFor } = await import('../../src/server/target.js');
    const clock = new Clock();
    const calls: string[] = [];
    const cluster = {
      store: new Store({ clock, rng: new Rng(1) }),
      clock,
      nodes: ['node-1'],
      advance(d: number | string) {
        calls.push(`advance ${String(d)}`);
      },
      logs: (ns: string, pod: string, c?: string) => `${ns}/${pod}/${c}`,
      exec: (_ns: string, _pod: string, _c: string | undefined, argv: string[]) => ({ stdout: argv.join(' '), stderr: '', exitCode: 0 }),
      crashNode(this: { nodes: string[] }, n: string) {
        calls.push(`crash ${n} of ${this.nodes.join(',')}`);
      },
      recoverNode: (n: string) => calls.push(`recover ${n}`),
    };
    const t = targetFor(cluster);
    t.advance(1500);
    t.fault!('crash', 'node-1');
    t.fault!('recover', 'node-1');
    expect(() => t.fault!('heal', 'node-1')).toThrow('heal: this cluster cannot heal nodes');
    expect(calls).toEqual(['advance 1500', 'crash node-1 of node-1', 'recover node-1']);
    expect(t.logs!('default', 'web', 'app', {})).toBe('default/web/app');
    expect(t.exec!('default', 'web', 'app', ['ls', '-l']).stdout).toBe('ls -l');
    expect(targetFor({ store: cluster.store, clock, advance: () => {} }).fault).toBeUndefined();
  });
});
