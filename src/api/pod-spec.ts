/**
 * PodSpec (core/v1): volumes, scheduling constraints (tolerations, affinity) and the spec itself, with
 * SetDefaults_PodSpec's defaults — the ones a Deployment's or ReplicaSet's template shows too. Defaults
 * that only a Pod gets (enableServiceLinks, priority, the default tolerations) are in pod-defaults.ts.
 */
import { z } from 'zod';
import { LabelSelectorSchema } from './meta.js';
import { ContainerSchema, defaultedString, ResourceListSchema } from './pod-container.js';

/** v1's default file mode of secret, configMap, downwardAPI and projected volumes: 0644. */
export const DEFAULT_VOLUME_MODE = 0o644;

const KeyToPathSchema = z.looseObject({ key: z.string(), path: z.string(), mode: z.number().int().optional() });

export const VolumeSchema = z.looseObject({
  name: z.string().default(''),
  emptyDir: z.looseObject({ medium: z.string().optional(), sizeLimit: z.string().optional() }).optional(),
  hostPath: z.looseObject({ path: z.string().default(''), type: z.string().default('') }).optional(),
  configMap: z
    .looseObject({
      name: z.string().optional(),
      items: z.array(KeyToPathSchema).optional(),
      defaultMode: z.number().int().default(DEFAULT_VOLUME_MODE),
      optional: z.boolean().optional(),
    })
    .optional(),
  secret: z
    .looseObject({
      secretName: z.string().optional(),
      items: z.array(KeyToPathSchema).optional(),
      defaultMode: z.number().int().default(DEFAULT_VOLUME_MODE),
      optional: z.boolean().optional(),
    })
    .optional(),
  persistentVolumeClaim: z.looseObject({ claimName: z.string().default(''), readOnly: z.boolean().optional() }).optional(),
  downwardAPI: z
    .looseObject({ items: z.array(z.looseObject({})).optional(), defaultMode: z.number().int().default(DEFAULT_VOLUME_MODE) })
    .optional(),
  projected: z
    .looseObject({ sources: z.array(z.looseObject({})).optional(), defaultMode: z.number().int().default(DEFAULT_VOLUME_MODE) })
    .optional(),
});
export type Volume = z.infer<typeof VolumeSchema>;

/** The volume sources kubesim knows by name; any other key of a volume is also counted as a source. */
export const VOLUME_SOURCES = ['emptyDir', 'hostPath', 'configMap', 'secret', 'persistentVolumeClaim', 'downwardAPI', 'projected'];

export const TolerationSchema = z.looseObject({
  key: z.string().optional(),
  operator: z.string().optional(),
  value: z.string().optional(),
  effect: z.string().optional(),
  tolerationSeconds: z.number().int().optional(),
});
export type Toleration = z.infer<typeof TolerationSchema>;

export const NodeSelectorRequirementSchema = z.looseObject({
  key: z.string(),
  operator: z.string(),
  values: z.array(z.string()).optional(),
});

export const NodeSelectorTermSchema = z.looseObject({
  matchExpressions: z.array(NodeSelectorRequirementSchema).optional(),
  matchFields: z.array(NodeSelectorRequirementSchema).optional(),
});
export type NodeSelectorTerm = z.infer<typeof NodeSelectorTermSchema>;

export const NodeAffinitySchema = z.looseObject({
  requiredDuringSchedulingIgnoredDuringExecution: z
    .looseObject({ nodeSelectorTerms: z.array(NodeSelectorTermSchema).default([]) })
    .optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z
    .array(z.looseObject({ weight: z.number().int(), preference: NodeSelectorTermSchema }))
    .optional(),
});

export const PodAffinityTermSchema = z.looseObject({
  labelSelector: LabelSelectorSchema.optional(),
  namespaces: z.array(z.string()).optional(),
  namespaceSelector: LabelSelectorSchema.optional(),
  topologyKey: z.string().default(''),
});
export type PodAffinityTerm = z.infer<typeof PodAffinityTermSchema>;

const PodAffinitySchema = z.looseObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(PodAffinityTermSchema).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z
    .array(z.looseObject({ weight: z.number().int(), podAffinityTerm: PodAffinityTermSchema }))
    .optional(),
});

export const AffinitySchema = z.looseObject({
  nodeAffinity: NodeAffinitySchema.optional(),
  podAffinity: PodAffinitySchema.optional(),
  podAntiAffinity: PodAffinitySchema.optional(),
});
export type Affinity = z.infer<typeof AffinitySchema>;

export const PodDNSConfigSchema = z.looseObject({
  nameservers: z.array(z.string()).optional(),
  searches: z.array(z.string()).optional(),
  options: z.array(z.looseObject({ name: z.string().default(''), value: z.string().optional() })).optional(),
});

export const PodSpecSchema = z.looseObject({
  volumes: z.array(VolumeSchema).optional(),
  initContainers: z.array(ContainerSchema).optional(),
  // Absent decodes as empty, so that validation says `Required value` alongside any other problem.
  containers: z.array(ContainerSchema).default([]),
  restartPolicy: defaultedString('Always'),
  // A pointer in Go: 0 is kept (delete at once), only absence means 30 s.
  terminationGracePeriodSeconds: z.number().int().default(30),
  activeDeadlineSeconds: z.number().int().optional(),
  dnsPolicy: defaultedString('ClusterFirst'),
  dnsConfig: PodDNSConfigSchema.optional(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  serviceAccountName: z.string().optional(),
  /** Deprecated alias of serviceAccountName, kept equal to it as the v1 conversion does. */
  serviceAccount: z.string().optional(),
  automountServiceAccountToken: z.boolean().optional(),
  nodeName: z.string().optional(),
  hostNetwork: z.boolean().optional(),
  hostPID: z.boolean().optional(),
  hostIPC: z.boolean().optional(),
  shareProcessNamespace: z.boolean().optional(),
  securityContext: z.looseObject({}).prefault({}),
  imagePullSecrets: z.array(z.looseObject({ name: z.string().optional() })).optional(),
  hostname: z.string().optional(),
  subdomain: z.string().optional(),
  affinity: AffinitySchema.optional(),
  schedulerName: defaultedString('default-scheduler'),
  tolerations: z.array(TolerationSchema).optional(),
  hostAliases: z.array(z.looseObject({ ip: z.string(), hostnames: z.array(z.string()).optional() })).optional(),
  priorityClassName: z.string().optional(),
  priority: z.number().int().optional(),
  preemptionPolicy: z.string().optional(),
  readinessGates: z.array(z.looseObject({ conditionType: z.string() })).optional(),
  runtimeClassName: z.string().optional(),
  enableServiceLinks: z.boolean().optional(),
  overhead: ResourceListSchema.optional(),
  topologySpreadConstraints: z.array(z.looseObject({})).optional(),
  schedulingGates: z.array(z.looseObject({ name: z.string() })).optional(),
  os: z.looseObject({ name: z.string() }).optional(),
});
export type PodSpec = z.infer<typeof PodSpecSchema>;
