/**
 * Node (v1): the schema of a simulated machine as its kubelet registers it, its defaults and its
 * KindDef. Guarantees: `spec.podCIDR` and `spec.podCIDRs` agree (as the v1 conversion keeps them), and
 * `status.allocatable` defaults to `status.capacity` (SetDefaults_NodeStatus) on every write, including
 * writes through the status subresource.
 */
import { z } from 'zod';
import type { KindDef } from './kind.js';
import { ObjectMetaSchema } from './meta.js';
import { validateNode, validateNodeUpdate } from './validation/node.js';

export { TAINT_EFFECTS } from './validation/node.js';

export const TaintSchema = z.looseObject({
  key: z.string(),
  value: z.string().optional(),
  effect: z.string(),
  timeAdded: z.string().optional(),
});
export type Taint = z.infer<typeof TaintSchema>;

export const NodeSpecSchema = z.looseObject({
  podCIDR: z.string().optional(),
  podCIDRs: z.array(z.string()).optional(),
  providerID: z.string().optional(),
  unschedulable: z.boolean().optional(),
  taints: z.array(TaintSchema).optional(),
});

/** A resource amount as written (`"4"`, `"16Gi"`); a JSON number is kept as its decimal string. */
export const NodeQuantitySchema = z.union([z.string(), z.number().transform(String)]);
export const ResourceListSchema = z.record(z.string(), NodeQuantitySchema);

export const NodeConditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  lastHeartbeatTime: z.string().optional(),
  lastTransitionTime: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});
export type NodeCondition = z.infer<typeof NodeConditionSchema>;

export const NodeAddressSchema = z.looseObject({ type: z.string(), address: z.string() });
export type NodeAddress = z.infer<typeof NodeAddressSchema>;

export const NodeSystemInfoSchema = z.looseObject({
  machineID: z.string().optional(),
  systemUUID: z.string().optional(),
  bootID: z.string().optional(),
  kernelVersion: z.string().optional(),
  osImage: z.string().optional(),
  containerRuntimeVersion: z.string().optional(),
  kubeletVersion: z.string().optional(),
  kubeProxyVersion: z.string().optional(),
  operatingSystem: z.string().optional(),
  architecture: z.string().optional(),
});

export const ContainerImageSchema = z.looseObject({
  names: z.array(z.string()).optional(),
  sizeBytes: z.number().int().optional(),
});

export const NodeStatusSchema = z
  .looseObject({
    capacity: ResourceListSchema.optional(),
    allocatable: ResourceListSchema.optional(),
    conditions: z.array(NodeConditionSchema).optional(),
    addresses: z.array(NodeAddressSchema).optional(),
    // `Port` is capitalised on the wire: DaemonEndpoint's JSON tag says so.
    daemonEndpoints: z.looseObject({ kubeletEndpoint: z.looseObject({ Port: z.number().int() }).optional() }).optional(),
    nodeInfo: NodeSystemInfoSchema.optional(),
    images: z.array(ContainerImageSchema).optional(),
    phase: z.string().optional(),
  })
  .transform((status) => {
    // SetDefaults_NodeStatus. It lives in the schema so that status-subresource writes get it too.
    if (status.allocatable === undefined && status.capacity !== undefined) status.allocatable = { ...status.capacity };
    return status;
  });

export const NodeSchema = z.looseObject({
  apiVersion: z.string().default('v1'),
  kind: z.string().default('Node'),
  metadata: ObjectMetaSchema,
  spec: NodeSpecSchema.prefault({}),
  status: NodeStatusSchema.optional(),
});
export type Node = z.infer<typeof NodeSchema>;

export const nodeDef: KindDef<Node> = {
  kind: 'Node',
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  plural: 'nodes',
  singular: 'node',
  namespaced: false,
  shortNames: ['no'],
  categories: [],
  statusSubresource: true,
  generationFromSpec: false,
  schema: NodeSchema,
  applyDefaults(node) {
    // The v1 conversion keeps the legacy single field and the list in step, whichever one was written.
    const spec = node.spec;
    if (spec.podCIDR && !spec.podCIDRs?.length) spec.podCIDRs = [spec.podCIDR];
    else if (!spec.podCIDR && spec.podCIDRs?.length) spec.podCIDR = spec.podCIDRs[0];
  },
  validate: validateNode,
  validateUpdate: validateNodeUpdate,
  validateStatus: (node, old) => [...validateNode(node), ...validateNodeUpdate(node, old)],
};
