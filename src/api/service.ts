/**
 * Service (v1): the schema, and the KindDef that ties it to its defaults (service-defaults.ts) and its
 * validation (validation/service.ts). A Service admitted here has every field the API server fills in
 * except the ones an allocator hands out: `clusterIP`/`clusterIPs` and `nodePort`s stay as written.
 */
import { z } from 'zod';
import type { KindDef } from './kind.js';
import { ObjectMetaSchema } from './meta.js';
import { applyServiceDefaults } from './service-defaults.js';
import { validateService, validateServiceStatus, validateServiceUpdate } from './validation/service.js';

/** An int-or-string port reference: a number, or the name of a container port (`http`). */
export const ServiceTargetPortSchema = z.union([z.number().int(), z.string()], {
  error: 'must be an integer or a string',
});

export const ServicePortSchema = z.looseObject({
  name: z.string().optional(),
  protocol: z.string().default('TCP'),
  appProtocol: z.string().optional(),
  port: z.number().int(),
  targetPort: ServiceTargetPortSchema.optional(),
  nodePort: z.number().int().optional(),
});
export type ServicePort = z.infer<typeof ServicePortSchema>;

export const SessionAffinityConfigSchema = z.looseObject({
  clientIP: z.looseObject({ timeoutSeconds: z.number().int().optional() }).optional(),
});

export const ServiceSpecSchema = z.looseObject({
  type: z.string().default('ClusterIP'),
  selector: z.record(z.string(), z.string()).optional(),
  ports: z.array(ServicePortSchema).optional(),
  clusterIP: z.string().optional(),
  clusterIPs: z.array(z.string()).optional(),
  externalIPs: z.array(z.string()).optional(),
  sessionAffinity: z.string().default('None'),
  sessionAffinityConfig: SessionAffinityConfigSchema.optional(),
  externalName: z.string().optional(),
  externalTrafficPolicy: z.string().optional(),
  internalTrafficPolicy: z.string().optional(),
  healthCheckNodePort: z.number().int().optional(),
  loadBalancerIP: z.string().optional(),
  publishNotReadyAddresses: z.boolean().optional(),
  ipFamilies: z.array(z.string()).optional(),
  ipFamilyPolicy: z.string().optional(),
  allocateLoadBalancerNodePorts: z.boolean().optional(),
});
export type ServiceSpec = z.infer<typeof ServiceSpecSchema>;

export const LoadBalancerIngressSchema = z
  .looseObject({
    ip: z.string().optional(),
    hostname: z.string().optional(),
    ipMode: z.string().optional(),
  })
  .transform((ing) => {
    // SetDefaults_Service gives an ingress IP the VIP mode. Ingress is only allowed on LoadBalancer
    // Services, so doing it here, where status-subresource writes also pass, is the same rule.
    if (ing.ip && ing.ipMode === undefined) ing.ipMode = 'VIP';
    return ing;
  });

export const ServiceStatusSchema = z.looseObject({
  loadBalancer: z.looseObject({ ingress: z.array(LoadBalancerIngressSchema).optional() }).prefault({}),
});

export const ServiceSchema = z.looseObject({
  apiVersion: z.string().default('v1'),
  kind: z.string().default('Service'),
  metadata: ObjectMetaSchema,
  spec: ServiceSpecSchema.prefault({}),
  // The API server always shows `status: {loadBalancer: {}}`, even for a ClusterIP Service.
  status: ServiceStatusSchema.prefault({}),
});
export type Service = z.infer<typeof ServiceSchema>;

export const serviceDef: KindDef<Service> = {
  kind: 'Service',
  group: '',
  version: 'v1',
  apiVersion: 'v1',
  plural: 'services',
  singular: 'service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  statusSubresource: true,
  generationFromSpec: false,
  schema: ServiceSchema,
  applyDefaults: applyServiceDefaults,
  validate: validateService,
  validateUpdate: validateServiceUpdate,
  validateStatus: validateServiceStatus,
};
