/** kubesim's public API. Anything not exported here (or from `kubesim/testing`) is internal. */
export { createCluster, Cluster, type ClusterOptions, type NodeOptions, type RunResult } from './cluster.js';
export { Kubelet, type KubeletOptions, type KubeletState, type PodWorkersDeps, type PodWorkersLike, type ExecResult } from './node/kubelet.js';
export { ImageModel, ImagesSchema, ImageSpecSchema, type ImagesData, type ImageSpec } from './node/pods/images.js';
export { PodWorkers } from './node/pods/worker.js';
export {
  ServiceNetwork,
  ServiceRegistry,
  traffic,
  TrafficRun,
  resolve,
  DnsError,
  createKubernetesService,
  type RequestResult,
  type RequestFrom,
  type TrafficOptions,
  type TrafficSummary,
  type TrafficSecond,
  type DnsAnswer,
  type PodNetwork,
  type ConnectError,
  type Reply,
} from './network/index.js';
export { DeploymentController } from './controllers/deployment/index.js';
export { ReplicaSetController } from './controllers/replicaset/index.js';
export { GarbageCollector } from './controllers/garbagecollector/index.js';
export { EndpointSliceController } from './controllers/endpointslice/index.js';
export { EndpointsController } from './controllers/endpoints/index.js';
export { ServiceLBController } from './controllers/servicelb/index.js';
export { Scheduler } from './scheduler/index.js';
export { runKubectl } from './kubectl/run.js';
export type { KubectlContext, KubectlResult } from './kubectl/context.js';
export { parseScenario, ScenarioError } from './scenario/parse.js';
export { runScenario, type ScenarioResult, type ScenarioFailure } from './scenario/runner.js';
export type { Scenario, Step } from './scenario/schema.js';
export {
  startServer,
  kubeconfigFor,
  RealTimeDriver,
  parseSpeed,
  targetFor,
  type RunningServer,
  type ServerOptions,
  type ServeTarget,
  type Speed,
} from './server/index.js';
export { PodIPAllocator } from './node/ipam.js';
export { KUBELET_VERSION, CONTAINER_RUNTIME_VERSION, type NodeConfig } from './node/node-status.js';
export { NODE_LEASE_DURATION_SECONDS, NODE_LEASE_NAMESPACE } from './node/lease.js';
export {
  NodeLifecycleController,
  TaintEvictionController,
  NODE_MONITOR_GRACE_PERIOD_MS,
  NODE_MONITOR_PERIOD_MS,
  nodeHealth,
  zoneState,
  reconcileNodeTaints,
  planPodEviction,
  minTolerationTime,
  type NodeHealth,
  type ZoneState,
  type EvictionPlan,
} from './controllers/nodelifecycle/index.js';
export { PodGCController, POD_GC_QUARANTINE_MS } from './controllers/podgc/index.js';
export { Clock } from './sim/clock.js';
export { Rng } from './sim/rng.js';
export { parseDuration, formatDuration } from './sim/duration.js';
export { Store, SYSTEM_NAMESPACES, type StoreOptions, type DeleteResult, type Obj } from './store/store.js';
export type {
  ObjectRef,
  WriteOptions,
  UpdateOptions,
  DeleteOptions,
  ListOptions,
  ListResult,
  WatchEvent,
  WatchOptions,
  Watch,
  TraceEntry,
} from './store/types.js';
export type { PatchType } from './store/patch/index.js';
export { StatusError, isStatusError, type Status, type FieldError } from './api/errors.js';
export { KindRegistry, defaultRegistry, builtinKinds, type KindMap, type KindName } from './api/registry.js';
export type { KindDef } from './api/kind.js';
export type { KubeObject, ObjectMeta, OwnerReference, LabelSelector } from './api/meta.js';
export { parseLabelSelector, matchesLabels, labelSelectorFromObject, formatSelector, type Selector } from './api/labels.js';
export { parseQuantity, formatQuantity, Quantity } from './api/quantity.js';
export { parseManifests, ManifestError } from './api/manifest.js';
export { parseFieldSelector } from './api/fields.js';
export { getScaledValueFromIntOrPercent, type IntOrString } from './api/intstr.js';
export type { Pod, Container, PodTemplateSpec } from './api/pod.js';
export type { ReplicaSet } from './api/replicaset.js';
export type { Deployment } from './api/deployment.js';
export type { Service } from './api/service.js';
export type { Node } from './api/node.js';
export type { Namespace } from './api/namespace.js';
export type { EndpointSlice } from './api/endpointslice.js';
export type { Endpoints } from './api/endpoints.js';
export type { Secret } from './api/secret.js';
export type { ConfigMap } from './api/configmap.js';
export type { Event } from './api/event.js';
export type { Lease } from './api/lease.js';
