/**
 * The floor suite: as many object writes and watch deliveries as the envelope made, by a bare loop —
 * pods created and their status updated in a store with no controllers, watched by plain handlers. The
 * ratio envelope ÷ floor says how much of the envelope is the work of the actors (deciding, and reading
 * the store) and how close kubesim is to what this machine can do with its store.
 */
import { Clock } from '../src/sim/clock.js';
import { Rng } from '../src/sim/rng.js';
import { Store } from '../src/store/store.js';
import { envelopeAt } from './envelope.js';
import { cpuTime, perSecond, report, time } from './report.js';
import { SEED } from './workload.js';

function pod(i: number) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `app-${i}`, labels: { app: `app-${i % 1500}` } },
    spec: { nodeName: `node-${i % 5000}`, containers: [{ name: 'app', image: 'app:1.0', ports: [{ containerPort: 8080 }] }] },
  };
}

export function floorSuite(scale: number): void {
  const envelope = envelopeAt(scale);
  const watchers = Math.max(1, Math.round(envelope.deliveries / envelope.writes));
  const store = new Store({ clock: new Clock(), rng: new Rng(SEED).fork('apiserver') });
  let delivered = 0;
  for (let i = 0; i < watchers; i++) store.watch('Pod', {}, () => delivered++);
  const pods = envelope.pods;
  const cpu = cpuTime();
  const run = time(() => {
    let writes = 0;
    for (let i = 0; i < pods && writes < envelope.writes; i++, writes++) store.create(pod(i), { actor: 'bench' });
    for (let round = 0; writes < envelope.writes; round++) {
      for (let i = 0; i < pods && writes < envelope.writes; i++, writes++) {
        store.updateStatus({ kind: 'Pod', name: `app-${i}` }, (p) => {
          p.status = { phase: 'Running', podIP: `10.0.${i % 250}.${round % 250}`, conditions: [{ type: 'Ready', status: round % 2 ? 'True' : 'False' }] };
        }, { actor: 'bench' });
      }
    }
    return writes;
  });
  const cpuMs = cpu();
  report('floor', SEED, [
    { name: 'bare loop', value: Math.round(run.ms), unit: 'ms wall', note: `${run.result.toLocaleString('en-US')} writes, ${delivered.toLocaleString('en-US')} deliveries to ${watchers} watchers` },
    { name: 'cpu time', value: Math.round(cpuMs), unit: 'ms' },
    { name: 'writes per second', value: perSecond(run.result, run.ms), unit: 'writes/s' },
    { name: 'envelope ÷ floor (wall)', value: Math.round((envelope.wallMs / run.ms) * 10) / 10, unit: '×', note: 'target ≤ 4' },
    { name: 'envelope ÷ floor (cpu)', value: Math.round((envelope.cpuMs / cpuMs) * 10) / 10, unit: '×' },
  ], { scale, envelope: { writes: envelope.writes, deliveries: envelope.deliveries, wallMs: Math.round(envelope.wallMs) } });
}
