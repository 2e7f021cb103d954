/**
 * What every strategy shares (pkg/controller/deployment/sync.go), the part that writes: finding or
 * creating the new ReplicaSet and syncing revisions, scaling a ReplicaSet with its event, scaling the
 * whole Deployment, deleting history beyond revisionHistoryLimit, and writing status. A `Work` is the
 * Deployment being reconciled: its annotations and status change in memory during one pass and are
 * written once, only where they differ from what is stored.
 */
import type { Deployment, DeploymentStatus } from '../../api/deployment.js';
import { isStatusError } from '../../api/errors.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import { copyWithRoom } from '../../api/object-room.js';
import { deepEqual } from '../../store/equal.js';
import type { Store } from '../../store/store.js';
import type { EventRecorder } from '../../store/client/events.js';
import type { ScaleStep } from './rolling.js';
import { deploymentControllerRef, findNewReplicaSet, findOldReplicaSets, replicaSetsToCleanUp } from './replicasets.js';
import { planScale } from './scale.js';
import { getDeploymentCondition, newDeploymentCondition, PROGRESSING, Reason, setDeploymentCondition } from './util/conditions.js';
import { computeHash } from './util/hash.js';
import { maxSurge, newRSNewReplicas } from './util/replicas.js';
import { DESIRED_REPLICAS, MAX_REPLICAS, maxRevision, newReplicaSetAnnotations, POD_TEMPLATE_HASH, REVISION, replicasAnnotationsNeedUpdate } from './util/revision.js';
import { calculateStatus, hasProgressDeadline, rolloutStatus, stuckRequeueAfter } from './status.js';

export interface SyncContext {
  store: Store;
  events: EventRecorder;
  now: number;
  actor: string;
  /** Rules to break on purpose, for property tests (src/sim/mutants.ts). */
  mutants?: ReadonlySet<string>;
}

/**
 * The Deployment as stored, and the copy this pass changes. A pass changes the copy's status (its
 * conditions) and replaces its annotations (the revision); its spec is the stored, frozen object's own,
 * so a template compared on every sync is the same object each time (its comparable form computed once).
 */
export interface Work {
  stored: Deployment;
  d: Deployment;
}

export function newWork(stored: Deployment): Work {
  const d: Deployment = { ...stored, metadata: { ...stored.metadata } };
  // A pass sets the copy's fields and replaces its conditions list, never changing a stored part in
  // place (they are frozen): a shallow copy is enough.
  if (stored.status) d.status = copyWithRoom(stored.status);
  return { stored, d };
}

const ref = (rs: ReplicaSet) => ({ kind: 'ReplicaSet' as const, namespace: rs.metadata.namespace!, name: rs.metadata.name! });

/**
 * scaleReplicaSet: sets the size and the replica annotations (desired-replicas, max-replicas), and
 * records `Scaled up replica set X from 1 to 3` when the size moved (the wording since Kubernetes 1.31).
 */
export function scaleReplicaSet(ctx: SyncContext, w: Work, rs: ReplicaSet, to: number, operation?: 'up' | 'down'): ReplicaSet {
  const d = w.d;
  const sizeChanges = rs.spec.replicas !== to;
  const max = d.spec.replicas + maxSurge(d);
  if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, d.spec.replicas, max)) return rs;
  const from = rs.spec.replicas;
  const updated = ctx.store.update(ref(rs), (r) => {
    r.spec.replicas = to;
    r.metadata.annotations = { ...(r.metadata.annotations ?? {}), [DESIRED_REPLICAS]: String(d.spec.replicas), [MAX_REPLICAS]: String(max) };
  }, { actor: ctx.actor, reason: `Deployment ${d.metadata.name} wants ${to} of ReplicaSet ${rs.metadata.name}` });
  if (sizeChanges) {
    const op = operation ?? (from < to ? 'up' : 'down');
    ctx.events.event(w.stored, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${from} to ${to}`);
  }
  return updated;
}

/** scaleReplicaSetAndRecordEvent for each step whose size changes; true when any did. */
export function applySteps(ctx: SyncContext, w: Work, steps: readonly ScaleStep[]): boolean {
  const latest = new Map<string, ReplicaSet>();
  let scaled = false;
  for (const s of steps) {
    const rs = latest.get(s.rs.metadata.uid!) ?? s.rs;
    if (rs.spec.replicas === s.to) continue;
    latest.set(rs.metadata.uid!, scaleReplicaSet(ctx, w, rs, s.to));
    scaled = true;
  }
  return scaled;
}

/**
 * getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when `create` and missing) and all old
 * ones. An existing new ReplicaSet is brought up to date first — the next revision if it lags behind
 * (a rollback to an old template), the Deployment's annotations, minReadySeconds.
 */
export function getAllReplicaSetsAndSyncRevision(ctx: SyncContext, w: Work, rsList: readonly ReplicaSet[], create: boolean): { newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
  const { allOld } = findOldReplicaSets(w.d, rsList);
  const newRS = getNewReplicaSet(ctx, w, rsList, allOld, create);
  return { ...(newRS ? { newRS } : {}), oldRSs: allOld };
}

function setDeploymentRevision(w: Work, revision: string | undefined): void {
  if (revision === undefined) return;
  w.d.metadata.annotations = { ...(w.d.metadata.annotations ?? {}), [REVISION]: revision };
}

function getNewReplicaSet(ctx: SyncContext, w: Work, rsList: readonly ReplicaSet[], oldRSs: readonly ReplicaSet[], create: boolean): ReplicaSet | undefined {
  const d = w.d;
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) {
    const { annotations, changed } = newReplicaSetAnnotations(d, existing.metadata.annotations, newRevision, true);
    if (changed || existing.spec.minReadySeconds !== d.spec.minReadySeconds) {
      // Kubernetes returns here and syncs the Deployment's revision on the next pass.
      return ctx.store.update(ref(existing), (r) => {
        r.metadata.annotations = annotations;
        r.spec.minReadySeconds = d.spec.minReadySeconds;
      }, { actor: ctx.actor, reason: `sync revision ${annotations[REVISION]} of Deployment ${d.metadata.name}` });
    }
    setDeploymentRevision(w, existing.metadata.annotations?.[REVISION]);
    if (hasProgressDeadline(d) && !getDeploymentCondition(d.status, PROGRESSING)) {
      d.status = d.status ?? {};
      setDeploymentCondition(d.status, newDeploymentCondition(PROGRESSING, 'True', Reason.FoundNewReplicaSet, `Found new replica set "${existing.metadata.name}"`, ctx.now));
    }
    return existing;
  }
  if (!create) return undefined;
  return createNewReplicaSet(ctx, w, oldRSs, newRevision);
}

function createNewReplicaSet(ctx: SyncContext, w: Work, oldRSs: readonly ReplicaSet[], newRevision: number): ReplicaSet | undefined {
  const d = w.d;
  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  const labels = { ...(d.spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const template = { ...d.spec.template, metadata: { ...(d.spec.template.metadata ?? {}), labels } };
  const selector = { ...(d.spec.selector ?? {}), matchLabels: { ...(d.spec.selector?.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash } };
  const name = `${d.metadata.name}-${hash}`;
  const draft: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: d.metadata.namespace!, labels, ownerReferences: [deploymentControllerRef(d)] },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds, selector, template },
  } as unknown as ReplicaSet;
  const replicas = newRSNewReplicas(d, [...oldRSs, draft], draft);
  draft.spec.replicas = replicas;
  draft.metadata.annotations = newReplicaSetAnnotations(d, undefined, newRevision, false).annotations;
  let created: ReplicaSet;
  let alreadyExisted = false;
  try {
    created = ctx.store.create(draft as never, { actor: ctx.actor, reason: `new template of Deployment ${d.metadata.name}` }) as ReplicaSet;
  } catch (e) {
    if (!isStatusError(e)) throw e;
    if (e.reason === 'AlreadyExists') {
      const found = ctx.store.get('ReplicaSet', d.metadata.namespace!, name);
      const owner = found?.metadata.ownerReferences?.find((o) => o.controller);
      if (!found || owner?.uid !== d.metadata.uid || findNewReplicaSet(d, [found]) === undefined) {
        // A hash collision: another template took this name. Count it and hash again next pass.
        d.status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
        ctx.store.updateStatus({ kind: 'Deployment', namespace: d.metadata.namespace!, name: d.metadata.name! }, (s) => {
          s.status = { ...(s.status ?? {}), collisionCount: d.status!.collisionCount };
        }, { actor: ctx.actor, reason: 'pod-template-hash collision' });
        throw e;
      }
      created = found;
      alreadyExisted = true;
    } else {
      const msg = `Failed to create new replica set "${name}": ${e.message}`;
      if (hasProgressDeadline(d)) {
        d.status = d.status ?? {};
        setDeploymentCondition(d.status, newDeploymentCondition(PROGRESSING, 'False', Reason.FailedRSCreate, msg, ctx.now));
        writeStatus(ctx, w, d.status);
      }
      ctx.events.event(w.stored, 'Warning', Reason.FailedRSCreate, msg);
      throw e;
    }
  }
  if (!alreadyExisted && replicas > 0) {
    ctx.events.event(w.stored, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`);
  }
  setDeploymentRevision(w, String(newRevision));
  if (!alreadyExisted && hasProgressDeadline(d)) {
    d.status = d.status ?? {};
    setDeploymentCondition(d.status, newDeploymentCondition(PROGRESSING, 'True', Reason.NewReplicaSet, `Created new replica set "${created.metadata.name}"`, ctx.now));
  }
  return created;
}

/** scale: resize for a changed replica count, proportionally when several ReplicaSets are active. */
export function scale(ctx: SyncContext, w: Work, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): void {
  const plan = planScale(w.d, newRS, oldRSs);
  if (!plan.refreshAnnotations) {
    applySteps(ctx, w, plan.steps);
    return;
  }
  for (const s of plan.steps) scaleReplicaSet(ctx, w, s.rs, s.to, plan.operation);
}

/** cleanupDeployment: deletes old ReplicaSets beyond revisionHistoryLimit that have nothing left. */
export function cleanupDeployment(ctx: SyncContext, w: Work, oldRSs: readonly ReplicaSet[]): void {
  for (const rs of replicaSetsToCleanUp(w.d, oldRSs)) {
    try {
      ctx.store.delete(ref(rs), { actor: ctx.actor, reason: `revisionHistoryLimit ${w.d.spec.revisionHistoryLimit} of Deployment ${w.d.metadata.name}` });
    } catch (e) {
      if (!isStatusError(e) || e.reason !== 'NotFound') throw e;
    }
  }
}

/**
 * Writes what this pass changed: the revision annotation (Kubernetes writes it with the status; here
 * status and metadata are separate doors), then the status, each only if it differs from the stored one.
 */
export function writeStatus(ctx: SyncContext, w: Work, status: DeploymentStatus): boolean {
  const key = { kind: 'Deployment' as const, namespace: w.d.metadata.namespace!, name: w.d.metadata.name! };
  const revision = w.d.metadata.annotations?.[REVISION];
  if (revision !== undefined && w.stored.metadata.annotations?.[REVISION] !== revision) {
    ctx.store.update(key, (x) => {
      x.metadata.annotations = { ...(x.metadata.annotations ?? {}), [REVISION]: revision };
    }, { actor: ctx.actor, reason: `revision ${revision}` });
  }
  if (deepEqual(status, w.stored.status ?? {})) return false;
  ctx.store.putStatus(key, status, { actor: ctx.actor, reason: 'observed ReplicaSets' });
  return true;
}

/** syncDeploymentStatus: status without progress estimation (scaling, paused). */
export function syncDeploymentStatus(ctx: SyncContext, w: Work, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): void {
  writeStatus(ctx, w, calculateStatus(allRSs, newRS, w.d, ctx.now));
}

/** syncRolloutStatus: status with progress estimation; returns when to look again for a deadline. */
export function syncRolloutStatus(ctx: SyncContext, w: Work, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): number | undefined {
  const status = rolloutStatus(allRSs, newRS, w.d, ctx.now);
  if (writeStatus(ctx, w, status)) return undefined; // the write brings this Deployment back anyway
  return stuckRequeueAfter(w.d, status, ctx.now);
}

/** checkPausedConditions: Progressing becomes Unknown/DeploymentPaused, then DeploymentResumed. */
export function checkPausedConditions(ctx: SyncContext, w: Work): void {
  const d = w.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, PROGRESSING);
  if (cond?.reason === Reason.TimedOut) return;
  const pausedCond = cond?.reason === Reason.Paused;
  d.status = d.status ?? {};
  if (d.spec.paused && !pausedCond) {
    setDeploymentCondition(d.status, newDeploymentCondition(PROGRESSING, 'Unknown', Reason.Paused, 'Deployment is paused', ctx.now));
  } else if (!d.spec.paused && pausedCond) {
    setDeploymentCondition(d.status, newDeploymentCondition(PROGRESSING, 'Unknown', Reason.Resumed, 'Deployment is resumed', ctx.now));
  }
}
