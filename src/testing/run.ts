/**
 * Runs one rollout case on a fresh cluster with the invariants watching, and keeps what it did as
 * scenario steps: each action becomes the kubectl line, manifest, node fault or `advance` a scenario
 * file would say, executed exactly as `kubesim run` executes that step — so the steps, written out,
 * replay the run. The run stops at the first violation; an `advance` that was cut short there is kept
 * at the length actually run. After the actions every fault is healed (nodes recovered, reconnected,
 * uncordoned, the rollout resumed) and the world runs for the convergence bound before the end checks.
 *
 * Guarantees: same case and mutants ⇒ same steps and violations. Cost: one simulation; its simulated
 * time is the actions' plus 60 s before and 5 min after.
 */
import { createCluster, type Cluster } from '../cluster.js';
import { isPodActive } from '../api/podutil.js';
import { formatDuration, parseDuration } from '../sim/duration.js';
import type { TrafficSummary } from '../network/traffic.js';
import { INVARIANTS, type Invariant, type Violation } from './invariants.js';
import { CONVERGENCE_BOUND_MS } from './invariants/rollout.js';
import { Monitor } from './monitor.js';
import { APP, CONTAINER, deploymentManifest, imageModelData, imageRef, nodeName, type Action, type ImageBehaviour, type RolloutCase } from './model.js';

/** One step as a scenario file writes it (one action key, and `expect` where the outcome matters). */
export type ScenarioStep =
  | { note: string }
  | { kubectl: string; expect?: { exitCode: number } }
  | { apply: { yaml: string } }
  | { advance: string }
  | { crashNode: string } | { recoverNode: string } | { partitionNode: string } | { healNode: string }
  | { cordon: string } | { uncordon: string }
  | { traffic: { url: string; rps: number; duration: string } };

export interface RunReport {
  case: RolloutCase;
  /** The steps that ran, in order, ready for a scenario file. */
  steps: ScenarioStep[];
  violations: Violation[];
  /** Simulated ms since the epoch when the cluster started. */
  start: number;
  /** When the end-of-run checks ran (convergence), if the run got that far. */
  endedAt?: number;
  /** The cluster's options, as a scenario's `cluster:` says them. */
  cluster: { nodes: { cpu: number }[]; images: Record<string, Record<string, unknown>> };
}

export interface RunOptions {
  invariants?: readonly Invariant[];
  /** Controller rules to break (see src/sim/mutants.ts). */
  mutants?: readonly string[];
  /** Keep going after the first violation. Default false. */
  continueAfterViolation?: boolean;
  /** Called with the cluster before the first step, to look at it during or after the run. */
  onCluster?: (cluster: Cluster) => void;
}

/** How long the Deployment gets to come up before the actions start. */
export const WARM_UP = '60s';
const URL = `http://${APP}/`;

export function runCase(c: RolloutCase, opts: RunOptions = {}): RunReport {
  const run = startCase(c, opts);
  try {
    for (const a of c.actions) {
      if (run.runner.stopped()) break;
      run.runner.action(a, c);
    }
    run.finish();
  } finally {
    run.monitor.stop();
  }
  return run.report();
}

/** A case under way: its cluster with the Deployment applied and warmed up, and the invariants watching. */
export interface CaseRun {
  cluster: Cluster;
  monitor: Monitor;
  runner: StepRunner;
  /** Heals every fault, runs the convergence bound and the end-of-run checks (unless a violation stopped the run). */
  finish(): void;
  /** What ran so far, and every violation. */
  report(): RunReport;
}

/** Starts a case: creates its cluster, applies its Deployment and runs the warm-up; the actions are the caller's. */
export function startCase(c: RolloutCase, opts: RunOptions = {}): CaseRun {
  const clusterOpts = { nodes: c.nodes.map((n) => ({ cpu: n.cpu })), images: imageModelData(c.images) };
  const cluster = createCluster({ seed: c.seed, ...clusterOpts, ...(opts.mutants?.length ? { mutants: opts.mutants } : {}) } as Parameters<typeof createCluster>[0]);
  opts.onCluster?.(cluster);
  const behaviours: Record<string, ImageBehaviour> = {};
  c.images.forEach((b, i) => (behaviours[imageRef(i)] = b));
  const monitor = new Monitor(cluster, opts.invariants ?? INVARIANTS, { images: behaviours });
  const runner = new StepRunner(cluster, monitor, opts.continueAfterViolation ?? false);
  const start = cluster.now();
  let endedAt: number | undefined;
  try {
    runner.run({ apply: { yaml: deploymentManifest(c.deployment) } });
    runner.run({ advance: WARM_UP });
  } catch (e) {
    monitor.stop();
    throw e;
  }
  return {
    cluster,
    monitor,
    runner,
    finish() {
      if (!runner.stopped()) runner.heal();
      if (!runner.stopped()) runner.run({ advance: formatDuration(CONVERGENCE_BOUND_MS) });
      if (!runner.stopped()) {
        endedAt = cluster.now();
        monitor.end();
      }
    },
    report: () => ({ case: c, steps: runner.steps, violations: monitor.violations, start, cluster: clusterOpts, ...(endedAt !== undefined ? { endedAt } : {}) }),
  };
}

export class StepRunner {
  readonly steps: ScenarioStep[] = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly monitor: Monitor,
    private readonly keepGoing: boolean,
  ) {}

  stopped(): boolean {
    return !this.keepGoing && this.monitor.violations.length > 0;
  }

  /** One action of the case: told to the invariants, resolved to steps, run. */
  action(a: Action, c: RolloutCase): void {
    const node = 'node' in a ? { node: nodeName(a.node, c.nodes.length) } : {};
    this.monitor.action({ action: a, phase: 'start', ...node });
    let traffic: TrafficSummary | undefined;
    for (const step of this.resolve(a, c)) traffic = this.run(step) ?? traffic;
    this.monitor.action({ action: a, phase: 'end', ...node, ...(traffic ? { traffic } : {}) });
  }

  private resolve(a: Action, c: RolloutCase): ScenarioStep[] {
    const target = `deployment/${APP}`;
    switch (a.type) {
      case 'apply':
        return [{ apply: { yaml: deploymentManifest(a.deployment) } }];
      case 'scale':
        return [{ kubectl: `scale ${target} --replicas=${a.replicas}` }];
      case 'setImage':
        return [{ kubectl: `set image ${target} ${CONTAINER}=${imageRef(a.image)}` }];
      case 'undo':
      case 'pause':
      case 'resume':
        return [{ kubectl: `rollout ${a.type} ${target}` }];
      case 'deletePod': {
        const pods = this.cluster.store.items('Pod', { labelSelector: `app=${APP}` }).filter(isPodActive).map((p) => p.metadata.name!).sort();
        if (pods.length === 0) return [{ note: `deletePod: no pod of ${APP} to delete` }];
        return [{ kubectl: `delete pod ${pods[a.index % pods.length]} --wait=false` }];
      }
      case 'drain':
        return [{ kubectl: `drain ${nodeName(a.node, c.nodes.length)} --ignore-daemonsets --delete-emptydir-data --timeout=60s` }];
      case 'deleteNode':
        return [{ kubectl: `delete node ${nodeName(a.node, c.nodes.length)}` }];
      case 'crashNode':
      case 'recoverNode':
      case 'partitionNode':
      case 'healNode':
      case 'cordon':
      case 'uncordon':
        return [{ [a.type]: nodeName(a.node, c.nodes.length) } as ScenarioStep];
      case 'advance':
        return [{ advance: `${a.seconds}s` }];
      case 'traffic':
        return [{ traffic: { url: URL, rps: a.rps, duration: `${a.seconds}s` } }];
    }
  }

  /** Every fault undone: what a test does before it asks for convergence. */
  heal(): void {
    for (const name of this.cluster.nodeNames()) {
      const kubelet = this.cluster.kubelet(name);
      if (kubelet.status === 'crashed') this.healStep('recoverNode', name);
      if (kubelet.isPartitioned) this.healStep('healNode', name);
      if (this.cluster.store.get('Node', undefined, name)?.spec.unschedulable) this.healStep('uncordon', name);
    }
    for (const d of this.cluster.store.items('Deployment')) if (d.spec.paused) this.run({ kubectl: `rollout resume deployment/${d.metadata.name}` });
  }

  private healStep(type: 'recoverNode' | 'healNode' | 'uncordon', name: string): void {
    const a: Action = { type, node: 0 };
    this.monitor.action({ action: a, phase: 'start', node: name });
    this.run({ [type]: name } as ScenarioStep);
    this.monitor.action({ action: a, phase: 'end', node: name });
  }

  /** Runs one step as `kubesim run` does, records it, and returns what traffic counted. */
  run(step: ScenarioStep): TrafficSummary | undefined {
    const c = this.cluster;
    if ('note' in step) {
      this.steps.push(step);
    } else if ('kubectl' in step) {
      const res = c.kubectl(step.kubectl);
      this.steps.push(res.exitCode === 0 ? step : { ...step, expect: { exitCode: res.exitCode } });
    } else if ('apply' in step) {
      const res = c.kubectl('apply -f -', { stdin: step.apply.yaml });
      if (res.exitCode !== 0) throw new Error(`runCase: the case's manifest was refused: ${res.stderr.trim()}`);
      this.steps.push(step);
    } else if ('advance' in step) {
      const ms = parseDuration(step.advance);
      const ran = this.keepGoing ? (c.advance(ms), ms) : c.runUntil(() => this.monitor.violations.length > 0, { timeout: ms }).elapsed;
      this.steps.push({ advance: ran === ms ? step.advance : `${ran}ms` });
    } else if ('traffic' in step) {
      const ms = parseDuration(step.traffic.duration);
      const run = c.traffic({ url: step.traffic.url, rps: step.traffic.rps, duration: ms });
      c.advance(ms);
      this.steps.push(step);
      return run.summary();
    } else {
      const [fault, node] = Object.entries(step)[0] as ['crashNode', string];
      try {
        c[fault](node);
        this.steps.push(step);
      } catch (e) {
        // The machine refused (crash a crashed node): nothing changed; say so rather than replay an error.
        this.steps.push({ note: `${fault} ${node}: ${(e as Error).message}` });
      }
    }
    return undefined;
  }
}
