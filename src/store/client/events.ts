/**
 * Events, the way client-go's recorder writes them: one Event per distinct (object, type, reason,
 * message, source); repeats bump `count` and `lastTimestamp` on that Event instead of adding another,
 * which is why `kubectl describe` shows `x4 over 2m`. Names are `<object>.<hex nanoseconds>`, from the
 * simulated clock. Events are best-effort, as in Kubernetes: one the API server refuses (a namespace
 * being deleted) is dropped, never an error for the component that reported it.
 */
import { isStatusError } from '../../api/errors.js';
import { formatTimestamp, type KubeObject } from '../../api/meta.js';
import type { Clock } from '../../sim/clock.js';
import type { Store } from '../../store/store.js';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  /** `kubelet`, `deployment-controller`, `default-scheduler`. */
  component: string;
  /** The node, for a kubelet's events. */
  host?: string;
}

function definedOnly(o: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

export class EventRecorder {
  /** Correlation key → the Event's namespace and name. */
  private readonly seen = new Map<string, { namespace: string; name: string }>();
  private lastNanos = 0n;
  private readonly offset: number;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly source: EventSource,
  ) {
    // A stable spread of up to 1 ms per component and host, so two recorders never pick the same name.
    let h = 0;
    for (const ch of `${source.component}/${source.host ?? ''}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
    this.offset = (h % 1000) * 1000;
  }

  /** Records that `reason` happened to `obj`. `fieldPath` points into it (`spec.containers{api}`). */
  event(obj: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const meta = obj.metadata;
    // Events about cluster-scoped objects (nodes) live in `default`, as client-go puts them.
    const namespace = meta.namespace || 'default';
    const key = [obj.kind, namespace, meta.name, meta.uid, fieldPath ?? '', type, reason, message].join('\u0000');
    const now = formatTimestamp(this.clock.now());
    const actor = this.actor();
    try {
      const existing = this.seen.get(key);
      if (existing && this.store.get('Event', existing.namespace, existing.name)) {
        this.store.update({ kind: 'Event', ...existing }, (ev) => {
          ev.count = (ev.count ?? 1) + 1;
          ev.lastTimestamp = now;
        }, { actor, reason: `event ${reason}` });
        return;
      }
      const created = this.store.create(
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `${meta.name}.${this.uniqueHex()}`, namespace },
          involvedObject: definedOnly({
            kind: obj.kind,
            namespace: meta.namespace,
            name: meta.name,
            uid: meta.uid,
            apiVersion: obj.apiVersion,
            resourceVersion: meta.resourceVersion,
            fieldPath,
          }),
          reason,
          message,
          source: { component: this.source.component, ...(this.source.host ? { host: this.source.host } : {}) },
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
          type,
          reportingComponent: this.source.component,
          reportingInstance: this.source.host ?? '',
        },
        { actor, reason: `event ${reason}` },
      );
      this.seen.set(key, { namespace, name: created.metadata.name! });
    } catch (e) {
      if (!isStatusError(e)) throw e;
    }
  }

  private actor(): string {
    return this.source.host ? `${this.source.component}/${this.source.host}` : this.source.component;
  }

  /**
   * The clock in nanoseconds as hex, made unique when two events share an instant. Recorders of
   * different components keep apart by the component's own offset within the millisecond.
   */
  private uniqueHex(): string {
    // Nanoseconds since 1970 exceed 2^53: BigInt keeps every one of them distinct.
    const at = BigInt(this.clock.now()) * 1_000_000n + BigInt(this.offset);
    const nanos = at > this.lastNanos ? at : this.lastNanos + 1n;
    this.lastNanos = nanos;
    return nanos.toString(16);
  }
}
