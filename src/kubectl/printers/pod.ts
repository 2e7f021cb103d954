/** `kubectl get pods` columns (printers.go podColumnDefinitions and printPod). */
import type { Pod } from '../../api/pod.js';
import { ageColumn, column, nameColumn, orNone, type Column } from './columns.js';
import { formatRestarts, podSummary } from './pod-status.js';

/** printPod's readiness gates cell: `1/2` of the gates' conditions True, `<none>` without gates. */
function readinessGates(pod: Pod): string {
  const gates = pod.spec.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  let ready = 0;
  for (const gate of gates) {
    const cond = pod.status?.conditions?.find((c) => c.type === gate.conditionType);
    if (cond?.status === 'True') ready++;
  }
  return `${ready}/${gates.length}`;
}

/** The v1 → internal conversion fills podIPs from podIP, so either one names the pod's IP. */
function podIP(pod: Pod): string {
  return orNone(pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP);
}

export const podColumns: Column<Pod>[] = [
  nameColumn(),
  column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.', (p) => {
    const s = podSummary(p);
    return `${s.readyContainers}/${s.totalContainers}`;
  }),
  column('Status', 'string', 'The aggregate status of the containers in this pod.', (p) => podSummary(p).status),
  column(
    'Restarts',
    'string',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    (p, ctx) => formatRestarts(podSummary(p), ctx.now),
  ),
  ageColumn(),
  column(
    'IP',
    'string',
    'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
    podIP,
    { priority: 1 },
  ),
  column(
    'Node',
    'string',
    'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename',
    (p) => orNone(p.spec.nodeName),
    { priority: 1 },
  ),
  column(
    'Nominated Node',
    'string',
    'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.',
    (p) => orNone(p.status?.nominatedNodeName),
    { priority: 1 },
  ),
  column(
    'Readiness Gates',
    'string',
    'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
    readinessGates,
    { priority: 1 },
  ),
];
