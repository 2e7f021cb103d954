/**
 * kubectl's DescribePodTemplate (staging/src/k8s.io/kubectl/pkg/describe/describe.go), as
 * `kubectl rollout history --revision=N` prints it: written straight to the output with no tabwriter,
 * so the tabs between a field and its value stay tabs, as they do in a real terminal. Pure.
 */
import type { PodTemplateSpec } from '../../api/pod.js';

type Container = PodTemplateSpec['spec']['containers'][number];
type Probe = NonNullable<Container['readinessProbe']>;

const L1 = '  ';
const L2 = '    ';
const L3 = '      ';

function labelsMultiline(out: string[], title: string, labels: Record<string, string> | undefined): void {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    out.push(`${title}:\t<none>\n`);
    return;
  }
  keys.forEach((k, i) => out.push(`${i === 0 ? `${title}:\t` : '\t'}${k}=${labels![k]}\n`));
}

const MAX_ANNOTATION_LEN = 140;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * printAnnotationsMultiline: `key: value`, sorted, last-applied-configuration left out; a value too long
 * for one line (key + value + 2 over 140) or spanning lines goes below its key, each line cut at 138.
 */
function annotationsMultiline(out: string[], title: string, annotations: Record<string, string>): void {
  const keys = Object.keys(annotations).filter((k) => k !== LAST_APPLIED).sort();
  if (keys.length === 0) {
    out.push(`${title}:\t<none>\n`);
    return;
  }
  keys.forEach((k, i) => {
    const lead = i === 0 ? `${title}:\t` : '\t';
    const value = annotations[k]!.replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      out.push(`${lead}${k}:\n`);
      for (const line of value.split('\n')) out.push(`\t  ${line.length > MAX_ANNOTATION_LEN - 2 ? `${line.slice(0, MAX_ANNOTATION_LEN - 2)}...` : line}\n`);
    } else {
      out.push(`${lead}${k}: ${value}\n`);
    }
  });
}

/** DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const port = String(p.httpGet.port ?? '');
    const host = p.httpGet.host ?? '';
    const hostPort = port ? `${host.includes(':') ? `[${host}]` : host}:${port}` : host;
    return `http-get ${(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://${hostPort}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${String(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeContainer(out: string[], c: Container): void {
  out.push(`${L1} ${c.name}:\n`, `${L2}Image:\t${c.image ?? ''}\n`);
  const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
  out.push(ports.includes(',') ? `${L2}Ports:\t${ports}\n` : `${L2}Port:\t${ports || '<none>'}\n`);
  const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
  out.push(hostPorts.includes(',') ? `${L2}Host Ports:\t${hostPorts}\n` : `${L2}Host Port:\t${hostPorts || '<none>'}\n`);
  for (const [title, list] of [['Command', c.command], ['Args', c.args]] as const) {
    if (!list?.length) continue;
    out.push(`${L2}${title}:\n`);
    for (const s of list) for (const line of s.split('\n')) out.push(`${L3}${line}\n`);
  }
  for (const [title, list] of [['Limits', c.resources?.limits], ['Requests', c.resources?.requests]] as const) {
    const keys = Object.keys(list ?? {}).sort();
    if (keys.length === 0) continue;
    out.push(`${L2}${title}:\n`);
    for (const k of keys) out.push(`${L3}${k}:\t${String(list![k])}\n`);
  }
  for (const [title, probe] of [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]] as const) {
    if (probe) out.push(`${L2}${title}:\t${describeProbe(probe)}\n`);
  }
  const env = c.env ?? [];
  out.push(`${L2}Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? '').split('\n').forEach((s, i) => out.push(i === 0 ? `${L3}${e.name}:\t${s}\n` : `${L3}\t${s}\n`));
    } else if (from.secretKeyRef) {
      out.push(`${L3}${e.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name ?? ''}'>\tOptional: ${from.secretKeyRef.optional === true}\n`);
    } else if (from.configMapKeyRef) {
      out.push(`${L3}${e.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name ?? ''}'>\tOptional: ${from.configMapKeyRef.optional === true}\n`);
    } else if (from.fieldRef) {
      out.push(`${L3}${e.name}:\t (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      out.push(`${L3}${e.name}:\t${from.resourceFieldRef.resource}\n`);
    }
  }
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  out.push(`${L2}Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
    out.push(`${L3}${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
}

function describeVolumes(out: string[], volumes: PodTemplateSpec['spec']['volumes']): void {
  if (!volumes?.length) {
    out.push(`${L1}Volumes:\t<none>\n`);
    return;
  }
  out.push(`${L1}Volumes:\n`);
  for (const v of volumes) {
    out.push(`${L1} ${v.name}:\n`);
    const src = v as Record<string, Record<string, unknown> | undefined>;
    if (src.emptyDir) {
      out.push(`${L2}Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n${L2}Medium:\t${String(src.emptyDir.medium ?? '')}\n${L2}SizeLimit:\t${String(src.emptyDir.sizeLimit ?? '<unset>')}\n`);
    } else if (src.configMap) {
      out.push(`${L2}Type:\tConfigMap (a volume populated by a ConfigMap)\n${L2}Name:\t${String(src.configMap.name ?? '')}\n${L2}Optional:\t${src.configMap.optional === true}\n`);
    } else if (src.secret) {
      out.push(`${L2}Type:\tSecret (a volume populated by a Secret)\n${L2}SecretName:\t${String(src.secret.secretName ?? '')}\n${L2}Optional:\t${src.secret.optional === true}\n`);
    } else {
      out.push(`${L2}<unknown>\n`);
    }
  }
}

function describeTolerations(out: string[], tolerations: PodTemplateSpec['spec']['tolerations']): void {
  if (!tolerations?.length) {
    out.push(`${L1}Tolerations:\t<none>\n`);
    return;
  }
  tolerations.forEach((t, i) => {
    let s = `${i === 0 ? `${L1}Tolerations:\t` : '\t'}${t.key ?? ''}`;
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    out.push(`${s}\n`);
  });
}

/** The `Pod Template:` block of `kubectl describe` and `kubectl rollout history --revision=N`. */
export function describePodTemplate(t: PodTemplateSpec): string {
  const out: string[] = ['Pod Template:\n'];
  labelsMultiline(out, `${L1}Labels`, t.metadata?.labels);
  if (Object.keys(t.metadata?.annotations ?? {}).length > 0) annotationsMultiline(out, `${L1}Annotations`, t.metadata?.annotations ?? {});
  if (t.spec.serviceAccountName) out.push(`${L1}Service Account:\t${t.spec.serviceAccountName}\n`);
  for (const [title, list] of [['Init Containers', t.spec.initContainers], ['Containers', t.spec.containers]] as const) {
    if (title === 'Init Containers' && !list?.length) continue;
    out.push(`${L1}${title}:${list?.length ? '' : ' <none>'}\n`);
    for (const c of list ?? []) describeContainer(out, c as Container);
  }
  describeVolumes(out, t.spec.volumes);
  if (t.spec.priorityClassName) out.push(`${L1}Priority Class Name:\t${t.spec.priorityClassName}\n`);
  labelsMultiline(out, `${L1}Node-Selectors`, t.spec.nodeSelector);
  describeTolerations(out, t.spec.tolerations);
  return out.join('');
}
