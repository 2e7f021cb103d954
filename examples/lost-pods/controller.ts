/**
 * A small controller written with `@kubernetes/client-node`, the way one is written for a real cluster:
 * it labels every pod on a NotReady node with `kubesim.example/lost=true`, and takes the label off when
 * the node is Ready again. It knows nothing of kubesim; point its KubeConfig at `kubesim serve` and it
 * can be tested against a node that crashes on command, on a clock the test moves.
 *
 * Shape: two informers (a list, then a watch from the list's resourceVersion) keep a cache of nodes and
 * pods; any event asks for a reconcile. Reconciles are level-triggered — each reads the whole cache
 * fresh and patches only the pods whose label is wrong (see decide.ts) — and coalesced: events that
 * arrive while one runs cause exactly one more. The cache lags behind the controller's own writes, so
 * it remembers which version of a pod each patch was decided from and does not patch that version
 * twice (client-go's controllers keep "expectations" for the same reason). Cost per reconcile:
 * O(nodes + pods) plus one merge patch per pod that changes.
 */
import * as k8s from '@kubernetes/client-node';
import { LOST_LABEL, lostPodChanges, type LabelChange } from './decide.js';

/** Wall-clock wait before an informer whose watch failed lists and watches again. */
const RESTART_DELAY_MS = 1000;

export interface LostPodLabelerOptions {
  /** Called with every error the controller meets (a failed patch, a broken watch); default: ignored. */
  onError?: (err: unknown) => void;
  /** Called after each label change is written. */
  onApplied?: (change: LabelChange) => void;
}

export class LostPodLabeler {
  readonly nodes: k8s.Informer<k8s.V1Node> & k8s.ObjectCache<k8s.V1Node>;
  readonly pods: k8s.Informer<k8s.V1Pod> & k8s.ObjectCache<k8s.V1Pod>;
  /** Every label change this controller has written, in order: what it did, for logs and tests. */
  readonly applied: LabelChange[] = [];
  private readonly core: k8s.CoreV1Api;
  private readonly onError: (err: unknown) => void;
  private readonly onApplied: (change: LabelChange) => void;
  /** `namespace/name` → the resourceVersion of the cached pod a patch was decided from. */
  private readonly patchedFrom = new Map<string, string>();
  private running: Promise<void> | undefined;
  private dirty = false;
  private stopped = true;

  constructor(kc: k8s.KubeConfig, opts: LostPodLabelerOptions = {}) {
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.onError = opts.onError ?? (() => {});
    this.onApplied = opts.onApplied ?? (() => {});
    this.nodes = k8s.makeInformer(kc, '/api/v1/nodes', () => this.core.listNode());
    this.pods = k8s.makeInformer(kc, '/api/v1/pods', () => this.core.listPodForAllNamespaces());
    for (const informer of [this.nodes, this.pods] as k8s.Informer<k8s.KubernetesObject>[]) {
      informer.on('change', () => this.kick());
      // client-node's informer stops on any error but 410 Gone (which it answers by listing again);
      // restarting it is the controller's job, as client-node's own examples do.
      informer.on('error', (err) => {
        if (this.stopped) return;
        this.onError(err);
        setTimeout(() => {
          if (!this.stopped) informer.start().catch((e: unknown) => this.onError(e));
        }, RESTART_DELAY_MS).unref();
      });
    }
  }

  /** Lists nodes and pods, starts watching them, and reconciles once. */
  async start(): Promise<void> {
    this.stopped = false;
    await Promise.all([this.nodes.start(), this.pods.start()]);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.nodes.stop(), this.pods.stop()]);
    await this.idle();
  }

  /** Resolves once no reconcile is running or asked for. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.dirty = false;
      await this.reconcile();
    } while (this.dirty && !this.stopped);
  }

  /** One pass: decide from the cache, then patch each pod whose label is wrong. */
  private async reconcile(): Promise<void> {
    const changes = lostPodChanges(this.nodes.list(), this.pods.list());
    const cachedVersion = (namespace: string, name: string) => this.pods.get(name, namespace)?.metadata?.resourceVersion;
    for (const [key, version] of this.patchedFrom) {
      const [namespace, name] = key.split('/') as [string, string];
      if (cachedVersion(namespace, name) !== version) this.patchedFrom.delete(key); // the cache has seen our write
    }
    for (const change of changes) {
      if (this.stopped) return;
      const key = `${change.namespace}/${change.name}`;
      const version = cachedVersion(change.namespace, change.name) ?? '';
      if (this.patchedFrom.get(key) === version) continue; // already patched; the cache has not caught up
      try {
        await this.core.patchNamespacedPod(
          // A JSON merge patch: `null` removes the label, and no other label is touched.
          { namespace: change.namespace, name: change.name, body: { metadata: { labels: { [LOST_LABEL]: change.lost ? 'true' : null } } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
        this.patchedFrom.set(key, version);
        this.applied.push(change);
        this.onApplied(change);
      } catch (err) {
        // A pod deleted meanwhile (404) needs no label; anything else is reported, and the next
        // event reconciles again.
        if ((err as { code?: number }).code !== 404) this.onError(err);
      }
    }
  }
}
