/**
 * What a rollout property is about, as plain data: the cluster's machines, how each image behaves, the
 * Deployment, and the actions a test takes. The arbitraries (arbitraries.ts) generate these values; the
 * runner (run.ts) turns them into kubectl lines, manifests and node faults; a failure writes them out as
 * a scenario file. Plain data means fast-check can shrink them and a person can read them.
 *
 * Guarantees: `deploymentManifest` renders a Deployment and its Service that the API server admits
 * whenever the shape came from the arbitraries (they respect Kubernetes' validation: maxSurge and
 * maxUnavailable are never both zero, maxUnavailable is at most 100%). Pure; O(size of the value).
 */
import { stringify } from 'yaml';

/** The app name, Deployment, Service and label every rollout case uses. */
export const APP = 'web';
/** The container's name in the pod template. */
export const CONTAINER = 'app';
export const PORT = 8080;

/** How an image's app behaves (the cluster's image model, see docs/images.md). */
export type ImageBehaviour =
  /** Starts and serves after `readyAfter` seconds. */
  | { kind: 'healthy'; readyAfter: number }
  /** Needs a long warm-up before it serves. */
  | { kind: 'slow-start'; readyAfter: number }
  /** Listens but answers 503 forever: never Ready. */
  | { kind: 'never-ready' }
  /** Serves, then exits with an error `crashAfter` seconds after each start. */
  | { kind: 'crash'; readyAfter: number; crashAfter: number }
  /**
   * Serves, then answers 500 `unhealthyAfter` seconds after each start: readiness fails; with a liveness
   * probe the kubelet restarts it and it serves again, so it flaps between Ready and not.
   */
  | { kind: 'flaky'; readyAfter: number; unhealthyAfter: number };

export type IntOrPercent = number | `${number}%`;

export type Strategy = { type: 'RollingUpdate'; maxSurge: IntOrPercent; maxUnavailable: IntOrPercent } | { type: 'Recreate' };

export interface DeploymentShape {
  replicas: number;
  strategy: Strategy;
  minReadySeconds: number;
  progressDeadlineSeconds: number;
  /** How many old ReplicaSets to keep for `rollout undo`. */
  revisionHistoryLimit: number;
  /** A readiness probe on /healthz with this period (seconds), or none. */
  readinessPeriodSeconds?: number;
  /** A liveness probe on /healthz (period 5 s, failureThreshold 2). */
  liveness: boolean;
  /** A preStop hook that sleeps this many seconds, or none. */
  preStopSleepSeconds?: number;
  /** Which image (index into the case's images) the template runs. */
  image: number;
}

export interface NodeShape {
  /** CPUs of the machine. */
  cpu: number;
}

export type Action =
  | { type: 'apply'; deployment: DeploymentShape }
  | { type: 'scale'; replicas: number }
  | { type: 'setImage'; image: number }
  | { type: 'undo' }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Deletes the `index`-th pod of the Deployment (by name, modulo how many there are). */
  | { type: 'deletePod'; index: number }
  | { type: 'crashNode' | 'recoverNode' | 'partitionNode' | 'healNode' | 'cordon' | 'uncordon' | 'drain' | 'deleteNode'; node: number }
  | { type: 'advance'; seconds: number }
  | { type: 'traffic'; rps: number; seconds: number };

/** One generated test: a cluster, its images, the Deployment first applied, then the actions. */
export interface RolloutCase {
  seed: number;
  nodes: NodeShape[];
  images: ImageBehaviour[];
  deployment: DeploymentShape;
  actions: Action[];
}

/** The reference of the case's `i`-th image: `app:1`, `app:2`, … */
export const imageRef = (i: number): string => `app:${i + 1}`;

/** The node an action's index names, among `n` nodes. */
export const nodeName = (index: number, n: number): string => `node-${(index % n) + 1}`;

/** The cluster's `images` option: every case image as the image model's data. */
export function imageModelData(images: readonly ImageBehaviour[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  images.forEach((b, i) => {
    out[imageRef(i)] = imageSpec(b);
  });
  return out;
}

function imageSpec(b: ImageBehaviour): Record<string, unknown> {
  switch (b.kind) {
    case 'healthy':
    case 'slow-start':
      return { readyAfter: `${b.readyAfter}s` };
    case 'never-ready':
      return { neverReady: true };
    case 'crash':
      return { readyAfter: `${b.readyAfter}s`, crashAfter: `${b.crashAfter}s` };
    case 'flaky':
      return { readyAfter: `${b.readyAfter}s`, unhealthyAfter: `${b.unhealthyAfter}s` };
  }
}

/** Whether pods of this image, once Ready, stay Ready until they are deleted. */
export const staysReady = (b: ImageBehaviour | undefined): boolean => b !== undefined && (b.kind === 'healthy' || b.kind === 'slow-start' || b.kind === 'never-ready');

/** Whether a Deployment of this image can complete its rollout at all. */
export const canBecomeAvailable = (b: ImageBehaviour | undefined): boolean => b !== undefined && (b.kind === 'healthy' || b.kind === 'slow-start');

const httpProbe = { httpGet: { path: '/healthz', port: PORT } };

/** The Deployment and its Service as YAML, the way a person would write them for `kubectl apply`. */
export function deploymentManifest(d: DeploymentShape): string {
  const container: Record<string, unknown> = {
    name: CONTAINER,
    image: imageRef(d.image),
    ports: [{ containerPort: PORT }],
    resources: { requests: { cpu: '100m' } },
  };
  if (d.readinessPeriodSeconds !== undefined) container.readinessProbe = { ...httpProbe, periodSeconds: d.readinessPeriodSeconds };
  if (d.liveness) container.livenessProbe = { ...httpProbe, periodSeconds: 5, failureThreshold: 2 };
  if (d.preStopSleepSeconds !== undefined) container.lifecycle = { preStop: { sleep: { seconds: d.preStopSleepSeconds } } };
  const strategy = d.strategy.type === 'Recreate'
    ? { type: 'Recreate' }
    : { type: 'RollingUpdate', rollingUpdate: { maxSurge: d.strategy.maxSurge, maxUnavailable: d.strategy.maxUnavailable } };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: APP, labels: { app: APP } },
    spec: {
      replicas: d.replicas,
      minReadySeconds: d.minReadySeconds,
      progressDeadlineSeconds: d.progressDeadlineSeconds,
      revisionHistoryLimit: d.revisionHistoryLimit,
      strategy,
      selector: { matchLabels: { app: APP } },
      template: { metadata: { labels: { app: APP } }, spec: { terminationGracePeriodSeconds: 30, containers: [container] } },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: APP },
    spec: { selector: { app: APP }, ports: [{ port: 80, targetPort: PORT }] },
  };
  return `${stringify(deployment)}---\n${stringify(service)}`;
}
