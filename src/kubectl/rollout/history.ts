/**
 * `kubectl rollout history` (polymorphichelpers/history.go DeploymentHistoryViewer and
 * cmd/rollout/rollout_history.go): one line per revision with its change-cause, or with a revision the
 * pod template that revision ran. The history is the ReplicaSets themselves, so a revision trimmed by
 * revisionHistoryLimit is gone from it. Pure over the store.
 */
import type { Deployment } from '../../api/deployment.js';
import type { PodTemplateSpec } from '../../api/pod.js';
import type { Store } from '../../store/store.js';
import { CHANGE_CAUSE } from '../../controllers/deployment/util/revision.js';
import { deploymentReplicaSets, resourceName, revisionNumber } from './replicasets.js';
import { describePodTemplate } from './template.js';

export type RolloutOutput = { ok: true; stdout: string } | { ok: false; error: string };

/** history.go's tabbedString: Go's tabwriter with minwidth 0 and padding 2 (not get's 3). */
function tabbed(rows: readonly (readonly string[])[]): string {
  const width = Math.max(...rows.map((r) => r[0]!.length)) + 2;
  return rows.map((r) => `${r[0]!.padEnd(width)}${r[1]}\n`).join('');
}

/**
 * The history, keyed by revision: each ReplicaSet's template, with the ReplicaSet's change-cause
 * (where kubectl reads it) put on the template's annotations. A later ReplicaSet of the same number wins.
 */
export function historyInfo(store: Store, d: Deployment): Map<number, PodTemplateSpec> {
  const info = new Map<number, PodTemplateSpec>();
  for (const rs of deploymentReplicaSets(store, d)) {
    const v = revisionNumber(rs);
    if (v === undefined) continue;
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE];
    const annotations = { ...(rs.spec.template.metadata?.annotations ?? {}), ...(cause ? { [CHANGE_CAUSE]: cause } : {}) };
    info.set(v, { ...rs.spec.template, metadata: { ...(rs.spec.template.metadata ?? {}), annotations } });
  }
  return info;
}

/** `kubectl rollout history deployment/web [--revision=N]`: stdout, or the error kubectl prints after `error: `. */
export function rolloutHistory(store: Store, d: Deployment, revision = 0): RolloutOutput {
  if (!Number.isInteger(revision) || revision < 0) return { ok: false, error: `revision must be a positive integer: ${revision}` };
  const info = historyInfo(store, d);
  let body: string;
  if (info.size === 0) {
    body = 'No rollout history found.';
  } else if (revision > 0) {
    const template = info.get(revision);
    if (!template) return { ok: false, error: 'unable to find the specified revision' };
    body = describePodTemplate(template);
  } else {
    const rows = [...info.keys()].sort((a, b) => a - b).map((r) => [String(r), info.get(r)!.metadata?.annotations?.[CHANGE_CAUSE] || '<none>']);
    body = tabbed([['REVISION', 'CHANGE-CAUSE'], ...rows]);
  }
  // The name printer adds the operation after a space, even an empty one, then a newline.
  const withRevision = revision > 0 ? `with revision #${revision}` : '';
  return { ok: true, stdout: `${resourceName(d)} ${withRevision}\n${body}\n` };
}
