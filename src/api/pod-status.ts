/**
 * PodStatus (core/v1): what the kubelet and the scheduler report. Fields Go serialises without
 * `omitempty` (a container's `ready`, `restartCount`, `image` and `state`) decode to their zero value
 * when absent, so a status reads as `kubectl get pod -o yaml` shows it.
 */
import { z } from 'zod';
import { deepFreeze } from './freeze.js';
import { ResourceListSchema } from './pod-container.js';
import { sameFields } from './object-room.js';

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
 * `c` frozen, and the same object for every equal condition made recently: the pods of a cluster that
 * become Ready in one second report the same condition, and the store keeps a frozen part that decodes
 * to itself shared rather than copied into each pod. Kept by transition time, a few for each of the
 * last 256 instants, then started afresh; looked up without building a key.
 */
export function sharedPodCondition(c: PodCondition): PodCondition {
  const at = c.lastTransitionTime;
  let made = recentConditions.get(at);
  if (made) {
    // The same fields with the very same values (every caller builds them in the schema's order).
    for (const m of made) if (sameFields(m, c)) return m;
  } else {
    if (recentConditions.size >= RECENT_INSTANTS) recentConditions.clear();
    recentConditions.set(at, (made = []));
  }
  const shared = deepFreeze(c);
  if (made.length < CONDITIONS_PER_INSTANT) made.push(shared);
  return shared;
}

const recentConditions = new Map<string | null | undefined, PodCondition[]>();
const RECENT_INSTANTS = 256;
const CONDITIONS_PER_INSTANT = 32;

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
