/**
 * Container (core/v1) and what hangs off it: ports, probes and lifecycle handlers, environment, resources
 * and volume mounts. Plain defaults live here (SetDefaults_Container, SetDefaults_Probe,
 * SetDefaults_HTTPGetAction and the declarative `+default`s of the v1 types); the ones that depend on
 * other fields (imagePullPolicy by tag) are in pod-defaults.ts.
 *
 * Go does not tell an absent string or number from its zero value, so a field it defaults when `""` or
 * `0` is defaulted here for both. Fields whose absence is an error (a container's name, a port number)
 * decode to their zero value and are reported by validation, together with every other problem of the
 * object, as the API server reports them.
 */
import { z } from 'zod';

/** A string Go defaults when empty: absent and `""` both become `value`. */
export function defaultedString(value: string) {
  return z.preprocess((v) => (v === '' ? undefined : v), z.string().default(value));
}

/** An int32 Go defaults when zero: absent and `0` both become `value`. */
export function defaultedInt(value: number) {
  return z.preprocess((v) => (v === 0 ? undefined : v), z.number().int().default(value));
}

/** An int-or-string port reference: a number, or the name of a container port (`http`). */
export const IntOrStringSchema = z.union([z.number().int(), z.string()], { error: 'must be an integer or a string' });

/** A resource amount as written (`"500m"`, `"128Mi"`); a JSON number is kept as its decimal string. */
export const QuantitySchema = z.union([z.string(), z.number().transform(String)], {
  error: 'must be a quantity (a string or a number)',
});
export const ResourceListSchema = z.record(z.string(), QuantitySchema);
export type ResourceList = z.infer<typeof ResourceListSchema>;

export const ContainerPortSchema = z.looseObject({
  name: z.string().optional(),
  containerPort: z.number().int().default(0),
  hostPort: z.number().int().optional(),
  hostIP: z.string().optional(),
  protocol: defaultedString('TCP'),
});
export type ContainerPort = z.infer<typeof ContainerPortSchema>;

export const ExecActionSchema = z.looseObject({ command: z.array(z.string()).optional() });

export const HTTPHeaderSchema = z.looseObject({ name: z.string(), value: z.string() });

export const HTTPGetActionSchema = z.looseObject({
  path: defaultedString('/'),
  port: IntOrStringSchema.default(0),
  host: z.string().optional(),
  scheme: defaultedString('HTTP'),
  httpHeaders: z.array(HTTPHeaderSchema).optional(),
});
export type HTTPGetAction = z.infer<typeof HTTPGetActionSchema>;

export const TCPSocketActionSchema = z.looseObject({
  port: IntOrStringSchema.default(0),
  host: z.string().optional(),
});

export const GRPCActionSchema = z.looseObject({
  port: z.number().int().default(0),
  service: z.string().optional(),
});

export const ProbeSchema = z.looseObject({
  exec: ExecActionSchema.optional(),
  httpGet: HTTPGetActionSchema.optional(),
  tcpSocket: TCPSocketActionSchema.optional(),
  grpc: GRPCActionSchema.optional(),
  initialDelaySeconds: z.number().int().optional(),
  timeoutSeconds: defaultedInt(1),
  periodSeconds: defaultedInt(10),
  successThreshold: defaultedInt(1),
  failureThreshold: defaultedInt(3),
  terminationGracePeriodSeconds: z.number().int().optional(),
});
export type Probe = z.infer<typeof ProbeSchema>;

export const LifecycleHandlerSchema = z.looseObject({
  exec: ExecActionSchema.optional(),
  httpGet: HTTPGetActionSchema.optional(),
  tcpSocket: TCPSocketActionSchema.optional(),
  sleep: z.looseObject({ seconds: z.number().int() }).optional(),
});
export type LifecycleHandler = z.infer<typeof LifecycleHandlerSchema>;

export const LifecycleSchema = z.looseObject({
  postStart: LifecycleHandlerSchema.optional(),
  preStop: LifecycleHandlerSchema.optional(),
});

export const ObjectFieldSelectorSchema = z.looseObject({
  apiVersion: defaultedString('v1'),
  fieldPath: z.string().default(''),
});

export const ResourceFieldSelectorSchema = z.looseObject({
  containerName: z.string().optional(),
  resource: z.string().default(''),
  divisor: QuantitySchema.optional(),
});

/** ConfigMapKeySelector and SecretKeySelector have the same shape. */
export const KeySelectorSchema = z.looseObject({
  name: z.string().optional(),
  key: z.string().default(''),
  optional: z.boolean().optional(),
});
export type KeySelector = z.infer<typeof KeySelectorSchema>;

export const EnvVarSourceSchema = z.looseObject({
  fieldRef: ObjectFieldSelectorSchema.optional(),
  resourceFieldRef: ResourceFieldSelectorSchema.optional(),
  configMapKeyRef: KeySelectorSchema.optional(),
  secretKeyRef: KeySelectorSchema.optional(),
});

export const EnvVarSchema = z.looseObject({
  name: z.string().default(''),
  value: z.string().optional(),
  valueFrom: EnvVarSourceSchema.optional(),
});
export type EnvVar = z.infer<typeof EnvVarSchema>;

const LocalRefSchema = z.looseObject({ name: z.string().optional(), optional: z.boolean().optional() });

export const EnvFromSourceSchema = z.looseObject({
  prefix: z.string().optional(),
  configMapRef: LocalRefSchema.optional(),
  secretRef: LocalRefSchema.optional(),
});
export type EnvFromSource = z.infer<typeof EnvFromSourceSchema>;

export const ResourceRequirementsSchema = z.looseObject({
  limits: ResourceListSchema.optional(),
  requests: ResourceListSchema.optional(),
  claims: z.array(z.looseObject({ name: z.string(), request: z.string().optional() })).optional(),
});
export type ResourceRequirements = z.infer<typeof ResourceRequirementsSchema>;

export const VolumeMountSchema = z.looseObject({
  name: z.string().default(''),
  mountPath: z.string().default(''),
  readOnly: z.boolean().optional(),
  subPath: z.string().optional(),
  subPathExpr: z.string().optional(),
  mountPropagation: z.string().optional(),
});
export type VolumeMount = z.infer<typeof VolumeMountSchema>;

export const ContainerSchema = z.looseObject({
  name: z.string().default(''),
  // Optional in v1 so that workload tooling may fill it in; validation requires it.
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  ports: z.array(ContainerPortSchema).optional(),
  envFrom: z.array(EnvFromSourceSchema).optional(),
  env: z.array(EnvVarSchema).optional(),
  // A struct, not a pointer, in Go: `kubectl get -o yaml` always shows `resources: {}`.
  resources: ResourceRequirementsSchema.prefault({}),
  resizePolicy: z.array(z.looseObject({ resourceName: z.string(), restartPolicy: z.string() })).optional(),
  // Only init containers may set it (`Always` makes a sidecar).
  restartPolicy: z.string().optional(),
  volumeMounts: z.array(VolumeMountSchema).optional(),
  livenessProbe: ProbeSchema.optional(),
  readinessProbe: ProbeSchema.optional(),
  startupProbe: ProbeSchema.optional(),
  lifecycle: LifecycleSchema.optional(),
  terminationMessagePath: defaultedString('/dev/termination-log'),
  terminationMessagePolicy: defaultedString('File'),
  imagePullPolicy: z.string().optional(),
  securityContext: z.looseObject({}).optional(),
  stdin: z.boolean().optional(),
  stdinOnce: z.boolean().optional(),
  tty: z.boolean().optional(),
});
export type Container = z.infer<typeof ContainerSchema>;
