/**
 * The pod and container a `logs` or `exec` acts on: `web`, `pod/web`, or `deployment/api` (any pod of
 * its selector, as kubectl's polymorphic helpers pick one: `Found 3 pods, using pod/...`), and the
 * container: `-c`, else the `kubectl.kubernetes.io/default-container` annotation, else the first, with
 * kubectl 1.32's note on stderr when the pod has several.
 */
import { notFound } from '../../api/errors.js';
import { formatSelector, labelSelectorFromObject } from '../../api/labels.js';
import { qualifiedResource } from '../../api/kind.js';
import type { LabelSelector } from '../../api/meta.js';
import type { Pod } from '../../api/pod.js';
import { str } from '../args.js';
import type { Invocation } from '../command.js';
import { clientError } from '../errors.js';
import { resolveType } from '../resources.js';

const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

export function findPod(inv: Invocation, arg: string): Pod {
  const { store } = inv.ctx;
  const slash = arg.indexOf('/');
  const def = slash < 0 ? resolveType(store.registry, 'pod') : resolveType(store.registry, arg.slice(0, slash));
  const name = slash < 0 ? arg : arg.slice(slash + 1);
  const obj = store.get(def.kind, def.namespaced ? inv.namespace : undefined, name);
  if (!obj) throw notFound(qualifiedResource(def), name);
  if (def.kind === 'Pod') return obj as Pod;
  const selector = (obj.spec as { selector?: LabelSelector } | undefined)?.selector;
  if (!selector || !['Deployment', 'ReplicaSet'].includes(def.kind)) throw clientError(`cannot attach to *v1.${def.kind}: selector for *v1.${def.kind} not implemented`);
  const pods = store
    .items('Pod', { namespace: inv.namespace, labelSelector: formatSelector(labelSelectorFromObject(selector) ?? []) })
    .filter((p) => !p.metadata.deletionTimestamp);
  if (pods.length === 0) throw clientError(`timed out waiting for the condition`);
  // kubectl sorts by "most likely to be useful": running and ready first, then the oldest.
  const rank = (p: Pod) => (p.status?.phase === 'Running' ? 0 : 1) + (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 0 : 2);
  const chosen = [...pods].sort((a, b) => rank(a) - rank(b) || (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''))[0]!;
  if (pods.length > 1) inv.err(`Found ${pods.length} pods, using pod/${chosen.metadata.name}\n`);
  return chosen;
}

export function findContainer(inv: Invocation, pod: Pod): string {
  const asked = str(inv.p, 'container');
  const all = [...pod.spec.containers.map((c) => c.name), ...(pod.spec.initContainers ?? []).map((c) => c.name)];
  if (asked) return asked;
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  if (annotated && all.includes(annotated)) return annotated;
  const first = pod.spec.containers[0]!.name;
  if (all.length > 1) {
    const names = [...pod.spec.containers.map((c) => c.name), ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`)];
    inv.err(`Defaulted container "${first}" out of: ${names.join(', ')}\n`);
  }
  return first;
}
