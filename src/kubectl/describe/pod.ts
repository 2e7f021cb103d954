/**
 * `kubectl describe pod` (describe.go describePod): identity, node, times, status (`Terminating (lasts
 * 12s)` while deleted), IPs, owner, each container with its state, last state, readiness and restarts,
 * conditions, volumes, QoS class, tolerations, then the pod's events. Field order and indentation are
 * kubectl's; columns are aligned by the tabwriter, block by block, as kubectl's are.
 */
import type { ContainerStatus, Pod } from '../../api/pod.js';
import { computePodQOS } from '../../api/pod-qos.js';
import { describeProbe } from '../rollout/template.js';
import type { Store } from '../../store/store.js';
import {
  annotationsMultiline,
  controlledBy,
  describeEvents,
  eventsFor,
  labelsMultiline,
  PrefixWriter,
  rfc1123z,
  since,
  tolerationsMultiline,
} from './common.js';

type Container = Pod['spec']['containers'][number];
type State = ContainerStatus['state'];

function describeState(w: PrefixWriter, title: string, state: State | undefined): void {
  if (state?.running) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${title}:\tWaiting\n`);
    if (state?.waiting?.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  }
}

function describeContainer(w: PrefixWriter, c: Container, status: ContainerStatus | undefined): void {
  w.write(1, `${c.name}:\n`);
  if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
  w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
  const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
  w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
  for (const [title, list] of [['Command', c.command], ['Args', c.args]] as const) {
    if (!list?.length) continue;
    w.write(2, `${title}:\n`);
    for (const s of list) for (const line of s.split('\n')) w.write(3, `${line}\n`);
  }
  if (status) {
    describeState(w, 'State', status.state);
    if (status.lastState?.terminated) describeState(w, 'Last State', status.lastState);
    w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
    w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
  }
  for (const [title, list] of [['Limits', c.resources?.limits], ['Requests', c.resources?.requests]] as const) {
    const keys = Object.keys(list ?? {}).sort();
    if (keys.length === 0) continue;
    w.write(2, `${title}:\n`);
    for (const k of keys) w.write(3, `${k}:\t${String(list![k])}\n`);
  }
  for (const [title, probe] of [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]] as const) {
    if (probe) w.write(2, `${title}:\t${describeProbe(probe)}\n`);
  }
  const env = c.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) w.write(3, `${e.name}:\t${e.value ?? ''}\n`);
    else if (from.secretKeyRef) w.write(3, `${e.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name ?? ''}'>\tOptional: ${from.secretKeyRef.optional === true}\n`);
    else if (from.configMapKeyRef) w.write(3, `${e.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name ?? ''}'>\tOptional: ${from.configMapKeyRef.optional === true}\n`);
    else if (from.fieldRef) w.write(3, `${e.name}:\t (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})\n`);
    else w.write(3, `${e.name}:\t\n`);
  }
  const mounts = c.volumeMounts ?? [];
  w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const m of mounts) w.write(3, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})\n`);
}

/** describeVolumes for the sources kubesim's pods use; others print their name only. */
function describeVolume(w: PrefixWriter, v: Record<string, Record<string, unknown> | string>): void {
  w.write(1, `${String(v.name)}:\n`);
  const src = v as Record<string, Record<string, unknown> | undefined>;
  if (src.emptyDir) {
    w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n`);
    w.write(2, `Medium:\t${String(src.emptyDir.medium ?? '')}\n`);
    w.write(2, `SizeLimit:\t${String(src.emptyDir.sizeLimit ?? '<unset>')}\n`);
  } else if (src.configMap) {
    w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n`);
    w.write(2, `Name:\t${String(src.configMap.name ?? '')}\n`);
    w.write(2, `Optional:\t${src.configMap.optional === true}\n`);
  } else if (src.secret) {
    w.write(2, `Type:\tSecret (a volume populated by a Secret)\n`);
    w.write(2, `SecretName:\t${String(src.secret.secretName ?? '')}\n`);
    w.write(2, `Optional:\t${src.secret.optional === true}\n`);
  }
}

function describeContainers(w: PrefixWriter, title: string, containers: Container[], statuses: ContainerStatus[] | undefined): void {
  w.write(0, `${title}:\n`);
  for (const c of containers) describeContainer(w, c, statuses?.find((s) => s.name === c.name));
}

export function describePod(store: Store, pod: Pod, now: number): string {
  const w = new PrefixWriter();
  const { spec, metadata: meta } = pod;
  const status = pod.status ?? {};
  w.write(0, `Name:\t${meta.name}\n`);
  w.write(0, `Namespace:\t${meta.namespace}\n`);
  w.write(0, `Priority:\t${spec.priority ?? 0}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  w.write(0, `Service Account:\t${spec.serviceAccountName ?? 'default'}\n`);
  w.write(0, `Node:\t${spec.nodeName ? `${spec.nodeName}/${status.hostIP ?? ''}` : '<none>'}\n`);
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  labelsMultiline(w, 'Labels', meta.labels);
  annotationsMultiline(w, 'Annotations', meta.annotations);
  if (meta.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(meta.deletionTimestamp, now)})\n`);
    w.write(0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(0, `Status:\t${status.phase ?? ''}\n`);
  }
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  const ips = status.podIPs ?? [];
  if (ips.length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const owner = controlledBy(pod);
  if (owner) w.write(0, `Controlled By:\t${owner}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers as Container[], status.initContainerStatuses);
  describeContainers(w, 'Containers', spec.containers, status.containerStatuses);
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  const volumes = spec.volumes ?? [];
  if (volumes.length === 0) w.write(0, 'Volumes:\t<none>\n');
  else {
    w.write(0, 'Volumes:\n');
    for (const v of volumes) describeVolume(w, v as unknown as Record<string, Record<string, unknown> | string>);
  }
  w.write(0, `QoS Class:\t${status.qosClass ?? computePodQOS(spec)}\n`);
  labelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  tolerationsMultiline(w, 'Tolerations', spec.tolerations);
  describeEvents(w, eventsFor(store, pod, false), now);
  return w.toString();
}
