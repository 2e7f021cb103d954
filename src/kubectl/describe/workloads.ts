/**
 * `kubectl describe deployment` and `describe replicaset` (describe.go DeploymentDescriber,
 * ReplicaSetDescriber): the replica arithmetic in one line, the strategy, the pod template, conditions,
 * the old and new ReplicaSets (new: the one whose template equals the Deployment's, ignoring
 * pod-template-hash; old: the others that still have replicas), then events.
 */
import type { Deployment } from '../../api/deployment.js';
import { formatSelector, labelSelectorFromObject } from '../../api/labels.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import type { Store } from '../../store/store.js';
import { controllerOf } from '../../api/podutil.js';
import { formatLabelSelector } from '../printers/index.js';
import { describePodTemplate } from '../rollout/template.js';
import { currentReplicaSet } from '../rollout/replicasets.js';
import { deploymentReplicaSets } from '../rollout/index.js';
import { annotationsMultiline, controlledBy, describeEvents, eventsFor, labelsMultiline, PrefixWriter, rfc1123z } from './common.js';

function replicaSetsByLabels(list: ReplicaSet[]): string {
  const s = list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas} replicas created)`).join(', ');
  return s === '' ? '<none>' : s;
}

function conditions(w: PrefixWriter, list: { type: string; status: string; reason?: string }[] | undefined): void {
  if (!list?.length) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of list) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

const intOrPercent = (v: unknown) => (v === undefined || v === null ? '0' : String(v));

export function describeDeployment(store: Store, d: Deployment, now: number): string {
  const w = new PrefixWriter();
  const s = d.status ?? {};
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  labelsMultiline(w, 'Labels', d.metadata.labels);
  annotationsMultiline(w, 'Annotations', d.metadata.annotations);
  let selector: string;
  try {
    selector = formatSelector(labelSelectorFromObject(d.spec.selector) ?? []);
  } catch {
    selector = '<invalid>';
  }
  w.write(0, `Selector:\t${selector}\n`);
  w.write(
    0,
    `Replicas:\t${d.spec.replicas} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`,
  );
  w.write(0, `StrategyType:\t${d.spec.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
  const ru = d.spec.strategy?.rollingUpdate;
  if (ru) w.write(0, `RollingUpdateStrategy:\t${intOrPercent(ru.maxUnavailable)} max unavailable, ${intOrPercent(ru.maxSurge)} max surge\n`);
  w.write(0, describePodTemplate(d.spec.template));
  conditions(w, s.conditions);
  const rss = deploymentReplicaSets(store, d);
  const newRS = currentReplicaSet(d, rss);
  const old = rss.filter((rs) => rs !== newRS && rs.spec.replicas !== 0);
  if (rss.length > 0) {
    w.write(0, `OldReplicaSets:\t${replicaSetsByLabels(old)}\n`);
    w.write(0, `NewReplicaSet:\t${replicaSetsByLabels(newRS ? [newRS] : [])}\n`);
  }
  describeEvents(w, eventsFor(store, d, true), now);
  return w.toString();
}

export function describeReplicaSet(store: Store, rs: ReplicaSet, now: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${rs.metadata.name}\n`);
  w.write(0, `Namespace:\t${rs.metadata.namespace}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec.selector)}\n`);
  labelsMultiline(w, 'Labels', rs.metadata.labels);
  annotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const owner = controlledBy(rs);
  if (owner) w.write(0, `Controlled By:\t${owner}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas} desired\n`);
  let selector = '';
  try {
    selector = formatSelector(labelSelectorFromObject(rs.spec.selector) ?? []);
  } catch {
    selector = '';
  }
  const pods = store.items('Pod', { namespace: rs.metadata.namespace!, labelSelector: selector }).filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
  const count = (phase: string) => pods.filter((p) => p.status?.phase === phase).length;
  w.write(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
  w.write(0, describePodTemplate(rs.spec.template));
  conditions(w, rs.status?.conditions);
  describeEvents(w, eventsFor(store, rs, true), now);
  return w.toString();
}
