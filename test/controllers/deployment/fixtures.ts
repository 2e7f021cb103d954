/** Deployments and ReplicaSets as plain values, the way Kubernetes' own controller tests build them. */
import type { Deployment, DeploymentCondition } from '../../../src/api/deployment.js';
import type { IntOrString } from '../../../src/api/intstr.js';
import { formatTimestamp } from '../../../src/api/meta.js';
import type { ReplicaSet } from '../../../src/api/replicaset.js';

export const T0 = Date.UTC(2017, 1, 15, 18, 49, 0);

/** newDeployment in Kubernetes' tests: RollingUpdate with maxSurge 0 and maxUnavailable 0 unless given. */
export function dep(replicas: number, opts: { surge?: IntOrString; unavailable?: IntOrString; type?: string; deadline?: number; history?: number; status?: Deployment['status']; generation?: number } = {}): Deployment {
  const type = opts.type ?? 'RollingUpdate';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'foo', namespace: 'default', uid: 'd-uid', generation: opts.generation ?? 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'foo' } },
      template: { metadata: { labels: { app: 'foo' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } as never,
      strategy: type === 'RollingUpdate' ? { type, rollingUpdate: { maxSurge: opts.surge ?? 0, maxUnavailable: opts.unavailable ?? 0 } } : { type },
      minReadySeconds: 0,
      revisionHistoryLimit: opts.history ?? 10,
      progressDeadlineSeconds: opts.deadline ?? 600,
    },
    ...(opts.status ? { status: opts.status } : {}),
  };
}

/** A ReplicaSet of `replicas`, created `age` seconds before T0, with `available` of its pods available. */
export function rs(name: string, replicas: number, opts: { age?: number; available?: number; statusReplicas?: number; revision?: number; annotations?: Record<string, string> } = {}): ReplicaSet {
  const annotations = { ...(opts.revision !== undefined ? { 'deployment.kubernetes.io/revision': String(opts.revision) } : {}), ...(opts.annotations ?? {}) };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `${name}-uid`, generation: 1, creationTimestamp: formatTimestamp(T0 - (opts.age ?? 0) * 1000), annotations },
    spec: { replicas, minReadySeconds: 0, template: {} as never },
    status: { replicas: opts.statusReplicas ?? replicas, availableReplicas: opts.available ?? 0, observedGeneration: 1 },
  };
}

export function progressing(reason: string, status: 'True' | 'False' | 'Unknown', at = T0): DeploymentCondition {
  const t = formatTimestamp(at);
  return { type: 'Progressing', status, reason, message: '', lastUpdateTime: t, lastTransitionTime: t };
}
