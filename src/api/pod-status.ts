/**
 * PodStatus (core/v1): what the kubelet and the scheduler report. Fields Go serialises without
 * `omitempty` (a container's `ready`, `restartCount`, `image` and `state`) decode to their zero value
 * when absent, so a status reads as `kubectl get pod -o yaml` shows it.
 */
import { z } from 'zod';
import { deepFreeze } from './freeze.js';
import { ResourceListSchema } from './pod-container.js';

export const ContainerStateWaitingSchema = z.looseObject({
  reason: z.string().optional(),
  message: z.string().optional(),
});

export const ContainerStateRunningSchema = z.looseObject({
  startedAt: z.string().optional(),
});

export const ContainerStateTerminatedSchema = z.looseObject({
  exitCode: z.number().int().default(0),
  signal: z.number().int().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  containerID: z.string().optional(),
});

/** At most one of the three is set; none means the runtime has not reported yet. */
export const ContainerStateSchema = z.looseObject({
  waiting: ContainerStateWaitingSchema.optional(),
  running: ContainerStateRunningSchema.optional(),
  terminated: ContainerStateTerminatedSchema.optional(),
});
export type ContainerState = z.infer<typeof ContainerStateSchema>;

export const ContainerStatusSchema = z.looseObject({
  name: z.string(),
  state: ContainerStateSchema.prefault({}),
  // The kubelet always reports these two (`lastState: {}`, `imageID: ""` before a pull); optional here
  // so that a status is easy to write.
  lastState: ContainerStateSchema.optional(),
  ready: z.boolean().default(false),
  restartCount: z.number().int().default(0),
  image: z.string().default(''),
  imageID: z.string().optional(),
  containerID: z.string().optional(),
  started: z.boolean().optional(),
  allocatedResources: ResourceListSchema.optional(),
});
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;

export const PodConditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  // Shown as `lastProbeTime: null` by a real API server; kept as written.
  lastProbeTime: z.string().nullable().optional(),
  lastTransitionTime: z.string().nullable().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});
export type PodCondition = z.infer<typeof PodConditionSchema>;

/**
 * `c` frozen, and the same object for every equal condition made recently (fields in the schema's
 * order, as every caller builds them): the pods of a cluster that become Ready in one second report the
 * same condition, and the store keeps a frozen part that decodes to itself shared rather than copied
 * into each pod. The last 4096 kept, then started afresh.
 */
export function sharedPodCondition(c: PodCondition): PodCondition {
  const key = `${c.type}\u0000${c.status}\u0000${c.lastProbeTime}\u0000${c.lastTransitionTime}\u0000${c.reason ?? ''}\u0000${c.message ?? ''}\u0000${Object.keys(c).length}`;
  let shared = recentConditions.get(key);
  if (!shared) {
    if (recentConditions.size >= RECENT_CONDITIONS) recentConditions.clear();
    recentConditions.set(key, (shared = deepFreeze(c)));
  }
  return shared;
}

const recentConditions = new Map<string, PodCondition>();
const RECENT_CONDITIONS = 4096;

export const PodIPSchema = z.looseObject({ ip: z.string() });

export const PodStatusSchema = z.looseObject({
  phase: z.string().optional(),
  conditions: z.array(PodConditionSchema).optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
  nominatedNodeName: z.string().optional(),
  hostIP: z.string().optional(),
  hostIPs: z.array(PodIPSchema).optional(),
  podIP: z.string().optional(),
  podIPs: z.array(PodIPSchema).optional(),
  startTime: z.string().optional(),
  initContainerStatuses: z.array(ContainerStatusSchema).optional(),
  containerStatuses: z.array(ContainerStatusSchema).optional(),
  ephemeralContainerStatuses: z.array(ContainerStatusSchema).optional(),
  qosClass: z.string().optional(),
});
export type PodStatus = z.infer<typeof PodStatusSchema>;
