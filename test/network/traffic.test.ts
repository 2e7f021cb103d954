import { describe, expect, it } from 'vitest';
import { traffic } from '../../src/network/traffic.js';
import { service, trafficCluster } from './harness.js';

describe('traffic', () => {
  it('sends rps × duration requests, evenly, and counts them per pod and per second', () => {
    const { store, clock, net } = trafficCluster(2);
    store.create(service('web', { selector: { app: 'web' } }));
    clock.advance('2s');
    const run = traffic(net, clock, { url: 'http://web/', rps: 10, duration: '3s' });
    // Request i leaves at i × 100 ms: the 30th at 2.9 s.
    clock.advance('2899ms');
    expect(run.done).toBe(false);
    expect(run.summary().sent).toBe(29);
    clock.advance('1ms');
    expect(run.done).toBe(true);
    const s = run.summary();
    expect(s).toMatchObject({ sent: 30, succeeded: 30, failed: 0, failures: {} });
    expect(Object.keys(s.byPod).sort()).toEqual(['default/web-0', 'default/web-1']);
    expect(Object.values(s.byPod).reduce((a, b) => a + b, 0)).toBe(30);
    expect(run.series()).toEqual([0, 1, 2].map((second) => ({ second, sent: 10, succeeded: 10, failed: 0 })));
  });

  it('counts the failures of a pod deleted abruptly, until kube-proxy catches up', () => {
    const { store, clock, net, podNetwork } = trafficCluster(2);
    store.create(service('web', { selector: { app: 'web' } }));
    clock.advance('2s');
    const run = traffic(net, clock, { url: 'http://web/', rps: 100, duration: '4s' });
    clock.advance('1s');
    store.delete({ kind: 'Pod', name: 'web-0' }, { gracePeriodSeconds: 0 });
    podNetwork.listening.delete('10.244.1.10');
    clock.advance('3s');
    const s = run.summary();
    expect(s.sent).toBe(400);
    // Only during the ~1 s between the deletion and the proxy's sync, about half the requests fail.
    expect(s.failures['no route to host']).toBeGreaterThan(20);
    const series = run.series();
    expect(series[0]!.failed).toBe(0);
    expect(series[1]!.failed).toBeGreaterThan(0);
    expect(series[3]!.failed).toBe(0);
  });

  it('an app answering 503 counts as failed by status', () => {
    const { store, clock, net, podNetwork } = trafficCluster(1);
    podNetwork.serve('10.244.1.10', 8080, 503, 'overloaded');
    store.create(service('web', { selector: { app: 'web' } }));
    clock.advance('2s');
    const run = traffic(net, clock, { url: 'http://web/', rps: 2, duration: '1s' });
    clock.advance('1s');
    expect(run.summary()).toMatchObject({ sent: 2, succeeded: 0, failed: 2, failures: { 'HTTP 503': 2 } });
  });

  it.each([
    [{ rps: 0, duration: '1s', url: 'http://web/' }, 'traffic: rps must be a positive number of requests per second, got 0'],
    [{ rps: 5, duration: '0s', url: 'http://web/' }, 'traffic: duration must be longer than 0, got "0s"'],
    [{ rps: 5, duration: 'soon', url: 'http://web/' }, 'traffic: duration must be a duration like "30s" or "2m"'],
    [{ rps: 5, duration: '1s', url: 'web' }, 'traffic: url must look like http://host[:port][/path], got "web"'],
    [{ rps: 5, duration: '1s', url: 'http://' }, 'traffic: url must look like http://host[:port][/path], got "http://"'],
    [{ rps: 5, duration: '1s', url: 'http://web:0/' }, 'traffic: port must be between 1 and 65535, got 0 in http://web:0/'],
  ])('refuses %j', (opts, message) => {
    const { clock, net } = trafficCluster(0);
    expect(() => traffic(net, clock, opts)).toThrow(message);
  });
});
