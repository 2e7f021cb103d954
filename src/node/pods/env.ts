/**
 * A container's environment, resolved when it starts, as the kubelet's makeEnvironmentVariables does:
 * `envFrom` sources first, then `env` in order (a later name wins), with `$(VAR)` references to earlier
 * variables expanded. Values come from Secrets and ConfigMaps in the pod's namespace, and from the pod
 * itself (`fieldRef`). A missing source or key that is not `optional` is an error in the kubelet's words
 * (`secret "db-secret" not found`), which the worker reports as CreateContainerConfigError and retries.
 *
 * Guarantees: reads the store, never writes; the result is a plain record in definition order. Cost: one
 * store read per referenced object. Not resolved: `resourceFieldRef` (kubesim gives no resource view) and
 * the service links (`<SVC>_SERVICE_HOST` for every Service) the kubelet adds when enableServiceLinks.
 */
import type { Container, Pod } from '../../api/pod.js';
import type { Store } from '../../store/store.js';

export type EnvResult = { ok: true; env: Record<string, string> } | { ok: false; message: string };

interface Sources {
  secret(name: string): Record<string, string> | undefined;
  configMap(name: string): Record<string, string> | undefined;
}

function storeSources(store: Store, namespace: string): Sources {
  return {
    secret(name) {
      const s = store.get('Secret', namespace, name) as { data?: Record<string, string> } | undefined;
      if (!s) return undefined;
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(s.data ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
      return out;
    },
    configMap(name) {
      const c = store.get('ConfigMap', namespace, name) as { data?: Record<string, string> } | undefined;
      return c ? { ...(c.data ?? {}) } : undefined;
    },
  };
}

/** `$(VAR)` becomes the value of an earlier VAR; `$$(VAR)` is the literal `$(VAR)`; unknown stays as written. */
export function expandRefs(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return Object.hasOwn(env, name!) ? env[name!]! : m;
  });
}

/** The pod fields a `fieldRef` may name (the downward API's env subset). */
function fieldValue(pod: Pod, fieldPath: string, podIP: string, hostIP: string): string | undefined {
  const annotation = /^metadata\.annotations\['(.+)'\]$/.exec(fieldPath);
  if (annotation) return pod.metadata.annotations?.[annotation[1]!] ?? '';
  const label = /^metadata\.labels\['(.+)'\]$/.exec(fieldPath);
  if (label) return pod.metadata.labels?.[label[1]!] ?? '';
  const values: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec.nodeName,
    'spec.serviceAccountName': pod.spec.serviceAccountName,
    'status.podIP': podIP,
    'status.podIPs': podIP,
    'status.hostIP': hostIP,
    'status.hostIPs': hostIP,
  };
  return Object.hasOwn(values, fieldPath) ? (values[fieldPath] ?? '') : undefined;
}

/** The pod's host name, as its containers see it: `spec.hostname`, or the pod's name. */
export function podHostname(pod: Pod): string {
  return pod.spec.hostname ?? pod.metadata.name ?? '';
}

/** Whether a container declares an environment of its own (`env` or `envFrom`), beyond the base one. */
export function declaresEnv(container: Container): boolean {
  return (container.env?.length ?? 0) > 0 || (container.envFrom?.length ?? 0) > 0;
}

/** What every container gets before its own env: PATH, HOSTNAME and the API server's address. */
export function baseEnv(hostname: string): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: hostname,
    KUBERNETES_SERVICE_HOST: '10.96.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_SERVICE_PORT_HTTPS: '443',
    KUBERNETES_PORT: 'tcp://10.96.0.1:443',
  };
}

/** Resolves `container`'s environment for `pod` from the store, or the first error the kubelet would report. */
export function resolveEnv(store: Store, pod: Pod, container: Container, podIP: string, hostIP: string): EnvResult {
  return resolveEnvFrom(storeSources(store, pod.metadata.namespace ?? 'default'), pod, container, podIP, hostIP);
}

function resolveEnvFrom(sources: Sources, pod: Pod, container: Container, podIP: string, hostIP: string): EnvResult {
  const namespace = pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = baseEnv(podHostname(pod));
  for (const from of container.envFrom ?? []) {
    const isSecret = from.secretRef !== undefined;
    const ref = from.secretRef ?? from.configMapRef;
    if (!ref?.name) continue;
    const data = isSecret ? sources.secret(ref.name) : sources.configMap(ref.name);
    if (!data) {
      if (ref.optional) continue;
      return { ok: false, message: `${isSecret ? 'secret' : 'configmap'} "${ref.name}" not found` };
    }
    for (const [k, v] of Object.entries(data)) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const v of container.env ?? []) {
    const src = v.valueFrom;
    if (!src) {
      env[v.name] = expandRefs(v.value ?? '', env);
      continue;
    }
    if (src.fieldRef) {
      env[v.name] = fieldValue(pod, src.fieldRef.fieldPath, podIP, hostIP) ?? '';
      continue;
    }
    const isSecret = src.secretKeyRef !== undefined;
    const sel = src.secretKeyRef ?? src.configMapKeyRef;
    if (!sel) continue;
    const kind = isSecret ? 'Secret' : 'ConfigMap';
    const data = sel.name ? (isSecret ? sources.secret(sel.name) : sources.configMap(sel.name)) : undefined;
    if (!data) {
      if (sel.optional) continue;
      return { ok: false, message: `${isSecret ? 'secret' : 'configmap'} "${sel.name ?? ''}" not found` };
    }
    const value = Object.hasOwn(data, sel.key) ? data[sel.key] : undefined;
    if (value === undefined) {
      if (sel.optional) continue;
      return { ok: false, message: `couldn't find key ${sel.key} in ${kind} ${namespace}/${sel.name}` };
    }
    env[v.name] = value;
  }
  return { ok: true, env };
}
