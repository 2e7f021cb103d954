/**
 * The kubelet's pod workers for one node boot: one PodWorker per pod bound to the node, the node's image
 * cache, and the node's side of the data plane — what a connection to one of its pods finds now. The
 * kubelet (src/node/kubelet.ts) feeds it; the cluster routes PodNetwork calls for this node's pod IPs to
 * `httpGet` and `tcpConnect`, and probes ask the same functions.
 *
 * Guarantees: `sync` is idempotent (every watch event of a pod may come, in any number); `halt` stops
 * every timer at once and writes nothing, ever again; `resync` writes each pod's current truth; `logs` and
 * `exec` throw the API server's StatusError (`pods "x" not found`, BadRequest) worded as kubectl shows
 * it. The image cache lives as long as the boot. Cost: O(1) per call plus the pod's own work; `logs` and
 * `exec` find the pod in O(pods on the node).
 */
import { badRequest, notFound } from '../../api/errors.js';
import { deepFreeze } from '../../api/freeze.js';
import type { Pod } from '../../api/pod.js';
import type { PodNetwork, Reply } from '../../sim/reply.js';
import type { ExecResult, PodWorkersDeps, PodWorkersLike } from '../kubelet.js';
import { containerStatus, envOf, isRunning, logLines, type ContainerRecord, type Instance } from './container.js';
import { podHostname } from './env.js';
import { runExec, type ExecContext } from './exec.js';
import type { ImageModel } from './images.js';
import { PodWorker } from './pod-worker.js';
import type { WorkerHost } from './runtime.js';

export type PodWorkersOptions = PodWorkersDeps & { images: ImageModel; mutants?: ReadonlySet<string> };

export class PodWorkers implements PodWorkersLike, PodNetwork {
  private readonly pods = new Map<string, PodWorker>();
  private readonly byIP = new Map<string, PodWorker>();
  private readonly host: WorkerHost;
  private halted = false;

  constructor(private readonly deps: PodWorkersOptions) {
    // Methods, not arrow properties: one per node each, and tsx gives a named arrow a property dictionary.
    const workers = this;
    this.host = {
      store: deps.store,
      clock: deps.clock,
      rng: deps.rng,
      events: deps.events,
      images: deps.images,
      mutants: deps.mutants ?? new Set(),
      nodeIP: deps.nodeIP,
      nodeIPs: deepFreeze([{ ip: deps.nodeIP }]),
      actor: `kubelet/${deps.nodeName}`,
      label: `kubelet/${deps.nodeName}`,
      connected() {
        return !workers.halted && deps.connected();
      },
      imageCache: new Set(),
      allocateIP(worker) {
        const ip = deps.allocatePodIP();
        workers.byIP.set(ip, worker);
        return ip;
      },
      releaseIP(worker, ip) {
        if (workers.byIP.get(ip) !== worker) return;
        workers.byIP.delete(ip);
        if (!workers.halted) deps.releasePodIP(ip);
      },
      probeTarget(worker, inst) {
        return {
          httpGet(ip, port, path) {
            return workers.httpGet(ip, port, path);
          },
          tcpConnect(ip, port) {
            return workers.tcpConnect(ip, port);
          },
          exec(argv) {
            return runExec(argv, execContext(worker, inst));
          },
        };
      },
    };
  }

  /** Images this node holds, by normalised reference (`docker.io/library/nginx:1.27`). */
  get images(): ReadonlySet<string> {
    return this.host.imageCache;
  }

  sync(pod: Pod, previous?: Pod): void {
    if (this.halted) return;
    const uid = pod.metadata.uid!;
    let worker = this.pods.get(uid);
    if (!worker) {
      worker = new PodWorker(this.host, pod);
      this.pods.set(uid, worker);
    }
    worker.update(pod, previous);
  }

  forget(uid: string): void {
    const worker = this.pods.get(uid);
    if (!worker) return;
    worker.stop();
    this.pods.delete(uid);
  }

  halt(): void {
    this.halted = true;
    for (const worker of this.pods.values()) worker.stop();
    this.pods.clear();
    this.byIP.clear();
  }

  resync(): void {
    if (this.halted) return;
    for (const worker of [...this.pods.values()]) worker.resync();
  }

  // ---- the data plane -----------------------------------------------------------------------------

  /** The running container of the pod at `ip` whose app listens on `port` now, or why none answers. */
  private listener(ip: string, port: number): Instance | Reply {
    const worker = this.byIP.get(ip);
    if (!worker || this.halted) return { ok: false, error: 'no route to host', detail: `no pod has address ${ip} on this node` };
    const now = this.deps.clock.now();
    for (const rec of worker.containers) {
      const inst = rec.current;
      const closed = inst?.sigtermAt !== undefined && now >= inst.sigtermAt;
      if (inst && isRunning(rec) && inst.ports.includes(port) && now >= inst.listenAt && !closed) return inst;
    }
    return { ok: false, error: 'connection refused', detail: `nothing listens on ${ip}:${port}` };
  }

  httpGet(ip: string, port: number, path: string): Reply {
    const found = this.listener(ip, port);
    if ('ok' in found) return found;
    const b = found.behaviour;
    const now = this.deps.clock.now();
    const bare = path.split('?')[0] || '/';
    const sick = b.unhealthyAfterMs !== undefined && now >= found.startedAt + b.unhealthyAfterMs;
    if (sick && (!b.unhealthyPaths || b.unhealthyPaths.includes(bare))) {
      if (b.unhealthyResponse === 'timeout') return { ok: false, error: 'timeout', detail: 'the app stopped answering' };
      return { ok: true, status: b.unhealthyResponse, body: 'unhealthy\n' };
    }
    if (b.neverReady) return { ok: true, status: 503, body: 'not ready\n' };
    if (b.paths && !b.paths.includes(bare)) return { ok: true, status: 404, body: '404 page not found\n' };
    return { ok: true, status: 200, body: b.body ?? `${envOf(found).HOSTNAME ?? ''}\n` };
  }

  tcpConnect(ip: string, port: number): Reply {
    const found = this.listener(ip, port);
    if ('ok' in found) return found;
    return { ok: true, status: 0, body: '' };
  }

  // ---- logs and exec ------------------------------------------------------------------------------

  logs(namespace: string, name: string, container?: string, opts: { previous?: boolean } = {}): string {
    const worker = this.find(namespace, name);
    const rec = pickContainer(worker, container);
    const inst = logInstance(worker, rec, opts.previous === true);
    const now = this.deps.clock.now();
    return logLines(inst).filter((l) => l.at <= now).map((l) => `${l.line}\n`).join('');
  }

  exec(namespace: string, name: string, container: string | undefined, argv: string[]): ExecResult {
    const worker = this.find(namespace, name);
    const rec = pickContainer(worker, container);
    const phase = worker.pod.status?.phase;
    if (worker.terminal && (phase === 'Succeeded' || phase === 'Failed')) {
      throw badRequest(`cannot exec into a container in a completed pod; current phase is ${phase}`);
    }
    if (!rec.current || !isRunning(rec)) throw badRequest(`unable to upgrade connection: container not found ("${rec.name}")`);
    return runExec(argv, execContext(worker, rec.current));
  }

  private find(namespace: string, name: string): PodWorker {
    for (const worker of this.pods.values()) {
      if (worker.namespace === namespace && worker.name === name) return worker;
    }
    throw notFound('pods', name);
  }
}

function execContext(worker: PodWorker, inst: Instance): ExecContext {
  return { env: envOf(inst), files: inst.behaviour.files, hostname: podHostname(worker.pod) };
}

/** The API server's choice of container: the named one (an init container too), or the only one. */
function pickContainer(worker: PodWorker, container: string | undefined): ContainerRecord {
  if (container === undefined || container === '') {
    if (worker.containers.length === 1) return worker.containers[0]!;
    const names = worker.containers.map((r) => r.name).join(' ');
    const init = worker.initContainers.length ? ` or one of the init containers: [${worker.initContainers.map((r) => r.name).join(' ')}]` : '';
    throw badRequest(`a container name must be specified for pod ${worker.name}, choose one of: [${names}]${init}`);
  }
  const rec = worker.all().find((r) => r.name === container);
  if (!rec) throw badRequest(`container ${container} is not valid for pod ${worker.name}`);
  return rec;
}

/** Which run's logs the kubelet serves (validateContainerLogStatus), or its error. */
function logInstance(worker: PodWorker, rec: ContainerRecord, previous: boolean): Instance {
  const status = containerStatus(rec);
  const where = `container "${rec.name}" in pod "${worker.name}"`;
  const byID = (id: string | undefined) => [rec.current, rec.previous].find((i) => i && i.containerID === id);
  const last = status.lastState?.terminated?.containerID;
  if (previous) {
    const inst = byID(last);
    if (!inst) throw badRequest(`previous terminated container "${rec.name}" in pod "${worker.name}" not found`);
    return inst;
  }
  const inst = status.state.running || status.state.terminated ? byID(status.containerID) : byID(last);
  if (inst) return inst;
  const reason = status.state.waiting?.reason;
  if (reason === 'ErrImagePull') throw badRequest(`${where} is waiting to start: image can't be pulled`);
  if (reason === 'ImagePullBackOff') throw badRequest(`${where} is waiting to start: trying and failing to pull image`);
  throw badRequest(`${where} is waiting to start: ${reason ?? 'ContainerCreating'}`);
}
