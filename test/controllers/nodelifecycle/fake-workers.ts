/**
 * A stand-in for the pod workers, enough to test kubelets and node controllers without containers: a
 * pod bound to the node becomes Running and Ready at once with an IP from the kubelet, and a
 * terminating pod is confirmed deleted at once. Like the real ones, it writes only when connected.
 */
import type { Pod } from '../../../src/api/pod.js';
import { formatTimestamp } from '../../../src/api/meta.js';
import type { PodWorkersDeps, PodWorkersLike } from '../../../src/node/kubelet.js';
import type { Reply } from '../../../src/sim/reply.js';

export class FakePodWorkers {
  readonly running = new Map<string, string>();
  halted = false;
  resyncs = 0;

  constructor(private readonly deps: PodWorkersDeps) {}

  sync(pod: Pod): void {
    if (this.halted) return;
    const uid = pod.metadata.uid!;
    const ref = { kind: 'Pod' as const, namespace: pod.metadata.namespace!, name: pod.metadata.name! };
    const opts = { actor: `kubelet/${this.deps.nodeName}`, reason: 'fake pod worker' };
    if (pod.metadata.deletionTimestamp) {
      const ip = this.running.get(uid);
      if (ip) this.deps.releasePodIP(ip);
      this.running.delete(uid);
      if (this.deps.connected()) this.deps.store.delete(ref, { ...opts, gracePeriodSeconds: 0 });
      return;
    }
    if (!this.running.has(uid)) this.running.set(uid, this.deps.allocatePodIP());
    if (!this.deps.connected() || pod.status?.phase === 'Running') return;
    const now = formatTimestamp(this.deps.clock.now());
    const ip = this.running.get(uid)!;
    this.deps.store.updateStatus(ref, (d) => {
      d.status = {
        ...d.status,
        phase: 'Running',
        hostIP: this.deps.nodeIP,
        podIP: ip,
        podIPs: [{ ip }],
        startTime: now,
        conditions: [
          ...(d.status?.conditions ?? []).filter((c) => c.type === 'PodScheduled'),
          { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
          { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: now },
          { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        ],
      };
    }, opts);
  }

  forget(uid: string): void {
    const ip = this.running.get(uid);
    if (ip) this.deps.releasePodIP(ip);
    this.running.delete(uid);
  }

  halt(): void {
    this.halted = true;
    this.running.clear();
  }

  resync(): void {
    this.resyncs++;
  }

  logs(): string {
    return '';
  }

  exec(): unknown {
    return undefined;
  }

  httpGet(): Reply {
    return { ok: false, error: 'connection refused' };
  }

  tcpConnect(): Reply {
    return { ok: false, error: 'connection refused' };
  }
}

/** The factory a Kubelet takes, remembering every instance it made (one per boot). */
export function fakeWorkers(): { factory: (deps: PodWorkersDeps) => PodWorkersLike; made: FakePodWorkers[] } {
  const made: FakePodWorkers[] = [];
  return {
    made,
    factory: (deps) => {
      const w = new FakePodWorkers(deps);
      made.push(w);
      return w as unknown as PodWorkersLike;
    },
  };
}
