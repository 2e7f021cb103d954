/**
 * The protobuf field numbers of the kinds kubectl's typed commands create (`kubectl create deployment |
 * configmap | secret | namespace | service`, `kubectl run`, `kubectl expose`), from Kubernetes'
 * generated.proto files (k8s.io/api core/v1 and apps/v1, k8s.io/apimachinery meta/v1, runtime,
 * util/intstr, api/resource). Each message maps a field number to its JSON name and type. `keepZero`
 * marks the pointer fields of the Go types: Go writes those only when set, so a zero there is a value;
 * every other scalar is written even when it is the zero value, which means "unset".
 */

export type FieldType =
  | { t: 'string' | 'bool' | 'int' | 'bytes' | 'time' | 'quantity' | 'intstr' }
  | { t: 'message'; m: string }
  | { t: 'map'; value: 'string' | 'bytes' | 'quantity' };

export interface FieldDef {
  name: string;
  type: FieldType;
  repeated?: boolean;
  keepZero?: boolean;
}

export type MessageDef = Record<number, FieldDef>;

const str = (name: string, more: Partial<FieldDef> = {}): FieldDef => ({ name, type: { t: 'string' }, ...more });
const int = (name: string, more: Partial<FieldDef> = {}): FieldDef => ({ name, type: { t: 'int' }, ...more });
const bool = (name: string, more: Partial<FieldDef> = {}): FieldDef => ({ name, type: { t: 'bool' }, ...more });
const msg = (name: string, m: string, more: Partial<FieldDef> = {}): FieldDef => ({ name, type: { t: 'message', m }, ...more });
const map = (name: string, value: 'string' | 'bytes' | 'quantity' = 'string'): FieldDef => ({ name, type: { t: 'map', value } });
const strs = (name: string): FieldDef => str(name, { repeated: true });
const msgs = (name: string, m: string): FieldDef => msg(name, m, { repeated: true });

export const MESSAGES: Record<string, MessageDef> = {
  // runtime.Unknown, the envelope of every protobuf body: TypeMeta, then the object's own bytes.
  Unknown: { 1: msg('typeMeta', 'TypeMeta'), 2: { name: 'raw', type: { t: 'bytes' } }, 3: str('contentEncoding'), 4: str('contentType') },
  TypeMeta: { 1: str('apiVersion'), 2: str('kind') },
  ObjectMeta: {
    1: str('name'),
    2: str('generateName'),
    3: str('namespace'),
    4: str('selfLink'),
    5: str('uid'),
    6: str('resourceVersion'),
    7: int('generation'),
    8: { name: 'creationTimestamp', type: { t: 'time' } },
    9: { name: 'deletionTimestamp', type: { t: 'time' } },
    10: int('deletionGracePeriodSeconds', { keepZero: true }),
    11: map('labels'),
    12: map('annotations'),
    13: msgs('ownerReferences', 'OwnerReference'),
    14: strs('finalizers'),
  },
  OwnerReference: { 1: str('kind'), 3: str('name'), 4: str('uid'), 5: str('apiVersion'), 6: bool('controller', { keepZero: true }), 7: bool('blockOwnerDeletion', { keepZero: true }) },
  LabelSelector: { 1: map('matchLabels'), 2: msgs('matchExpressions', 'LabelSelectorRequirement') },
  LabelSelectorRequirement: { 1: str('key'), 2: str('operator'), 3: strs('values') },

  Deployment: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'DeploymentSpec'), 3: msg('status', 'Empty') },
  DeploymentSpec: {
    1: int('replicas', { keepZero: true }),
    2: msg('selector', 'LabelSelector'),
    3: msg('template', 'PodTemplateSpec'),
    4: msg('strategy', 'DeploymentStrategy'),
    5: int('minReadySeconds'),
    6: int('revisionHistoryLimit', { keepZero: true }),
    7: bool('paused'),
    9: int('progressDeadlineSeconds', { keepZero: true }),
  },
  DeploymentStrategy: { 1: str('type'), 2: msg('rollingUpdate', 'RollingUpdateDeployment') },
  RollingUpdateDeployment: { 1: { name: 'maxUnavailable', type: { t: 'intstr' }, keepZero: true }, 2: { name: 'maxSurge', type: { t: 'intstr' }, keepZero: true } },

  Pod: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'PodSpec'), 3: msg('status', 'Empty') },
  PodTemplateSpec: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'PodSpec') },
  PodSpec: {
    2: msgs('containers', 'Container'),
    3: str('restartPolicy'),
    4: int('terminationGracePeriodSeconds', { keepZero: true }),
    5: int('activeDeadlineSeconds', { keepZero: true }),
    6: str('dnsPolicy'),
    7: map('nodeSelector'),
    8: str('serviceAccountName'),
    9: str('serviceAccount'),
    10: str('nodeName'),
    11: bool('hostNetwork'),
    12: bool('hostPID'),
    13: bool('hostIPC'),
    14: msg('securityContext', 'Empty'),
    15: msgs('imagePullSecrets', 'LocalObjectReference'),
    16: str('hostname'),
    17: str('subdomain'),
    19: str('schedulerName'),
    20: msgs('initContainers', 'Container'),
    21: bool('automountServiceAccountToken', { keepZero: true }),
    24: str('priorityClassName'),
    25: int('priority', { keepZero: true }),
    27: bool('shareProcessNamespace', { keepZero: true }),
    30: bool('enableServiceLinks', { keepZero: true }),
    31: str('preemptionPolicy'),
    35: bool('setHostnameAsFQDN', { keepZero: true }),
    37: bool('hostUsers', { keepZero: true }),
  },
  LocalObjectReference: { 1: str('name') },
  Container: {
    1: str('name'),
    2: str('image'),
    3: strs('command'),
    4: strs('args'),
    5: str('workingDir'),
    6: msgs('ports', 'ContainerPort'),
    7: msgs('env', 'EnvVar'),
    8: msg('resources', 'ResourceRequirements'),
    13: str('terminationMessagePath'),
    14: str('imagePullPolicy'),
    16: bool('stdin'),
    17: bool('stdinOnce'),
    18: bool('tty'),
    20: str('terminationMessagePolicy'),
    24: str('restartPolicy'),
  },
  ContainerPort: { 1: str('name'), 2: int('hostPort'), 3: int('containerPort'), 4: str('protocol'), 5: str('hostIP') },
  EnvVar: { 1: str('name'), 2: str('value') },
  ResourceRequirements: { 1: map('limits', 'quantity'), 2: map('requests', 'quantity') },

  Service: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'ServiceSpec'), 3: msg('status', 'Empty') },
  ServiceSpec: {
    1: msgs('ports', 'ServicePort'),
    2: map('selector'),
    3: str('clusterIP'),
    4: str('type'),
    5: strs('externalIPs'),
    7: str('sessionAffinity'),
    8: str('loadBalancerIP'),
    9: strs('loadBalancerSourceRanges'),
    10: str('externalName'),
    11: str('externalTrafficPolicy'),
    12: int('healthCheckNodePort'),
    13: bool('publishNotReadyAddresses'),
    17: str('ipFamilyPolicy', { keepZero: false }),
    18: strs('clusterIPs'),
    19: strs('ipFamilies'),
    20: bool('allocateLoadBalancerNodePorts', { keepZero: true }),
    21: str('loadBalancerClass'),
    22: str('internalTrafficPolicy'),
  },
  ServicePort: { 1: str('name'), 2: str('protocol'), 3: int('port'), 4: { name: 'targetPort', type: { t: 'intstr' } }, 5: int('nodePort'), 6: str('appProtocol') },

  ConfigMap: { 1: msg('metadata', 'ObjectMeta'), 2: map('data'), 3: map('binaryData', 'bytes'), 4: bool('immutable', { keepZero: true }) },
  Secret: { 1: msg('metadata', 'ObjectMeta'), 2: map('data', 'bytes'), 3: str('type'), 4: map('stringData'), 5: bool('immutable', { keepZero: true }) },
  Namespace: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'NamespaceSpec'), 3: msg('status', 'Empty') },
  NamespaceSpec: { 1: strs('finalizers') },
  // Statuses and security contexts a create sends empty; anything inside them is refused.
  Empty: {},
};

/** The root message of each kind whose protobuf body can be decoded. */
export const ROOT_MESSAGES: Record<string, string> = {
  Deployment: 'Deployment',
  Pod: 'Pod',
  Service: 'Service',
  ConfigMap: 'ConfigMap',
  Secret: 'Secret',
  Namespace: 'Namespace',
};
