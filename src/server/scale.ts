/**
 * The `scale` subresource of Deployments and ReplicaSets: the object seen as an `autoscaling/v1 Scale`
 * (spec.replicas, status.replicas and the selector as a string), and back. `kubectl scale` sends a merge
 * patch to it; autoscalers GET and PUT it. Pure.
 */
import { StatusError } from '../api/errors.js';
import { formatSelector, labelSelectorFromObject } from '../api/labels.js';
import type { KubeObject, LabelSelector } from '../api/meta.js';

export interface Scale {
  kind: 'Scale';
  apiVersion: 'autoscaling/v1';
  metadata: Record<string, unknown>;
  spec: { replicas: number };
  status: { replicas: number; selector?: string };
}

/** The Scale view of a Deployment or ReplicaSet. */
export function toScale(obj: KubeObject): Scale {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: LabelSelector };
  const status = (obj.status ?? {}) as { replicas?: number };
  const m = obj.metadata;
  const sel = labelSelectorFromObject(spec.selector);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, ...(sel ? { selector: formatSelector(sel) } : {}) },
  };
}

/**
 * The replicas a Scale written by a client asks for. A missing or non-integer value is a 422 naming
 * `spec.replicas`, as the API server's scale validation says it.
 */
export function replicasFromScale(scale: unknown, name: string): number {
  const s = scale as { kind?: unknown; spec?: { replicas?: unknown } } | null;
  if (s === null || typeof s !== 'object' || Array.isArray(s)) {
    throw new StatusError('BadRequest', 'the body must be an autoscaling/v1 Scale object');
  }
  if (s.kind !== undefined && s.kind !== 'Scale') {
    throw new StatusError('BadRequest', `the body must be an autoscaling/v1 Scale, got kind "${String(s.kind)}"`);
  }
  const r = s.spec?.replicas ?? 0;
  if (typeof r !== 'number' || !Number.isInteger(r)) {
    throw new StatusError('Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(r)}: must be an integer`, {
      name,
      group: 'autoscaling',
      kind: 'Scale',
      causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(r)}: must be an integer`, field: 'spec.replicas' }],
    });
  }
  if (r < 0) {
    throw new StatusError('Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${r}: must be greater than or equal to 0`, {
      name,
      group: 'autoscaling',
      kind: 'Scale',
      causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${r}: must be greater than or equal to 0`, field: 'spec.replicas' }],
    });
  }
  return r;
}
