/** `kubectl get deployments` and `get replicasets` columns (printDeployment, printReplicaSet). */
import type { Deployment } from '../../api/deployment.js';
import { formatSelector, labelSelectorFromObject } from '../../api/labels.js';
import type { ReplicaSet } from '../../api/replicaset.js';
import { ageColumn, column, containerCells, formatLabelSelector, nameColumn, type Column } from './columns.js';

const CONTAINERS = 'Names of each container in the template.';
const IMAGES = 'Images referenced by each container in the template.';

/** printDeployment prints LabelSelectorAsSelector(...).String(): '' when empty, `<invalid>` on error. */
function deploymentSelector(d: Deployment): string {
  try {
    return formatSelector(labelSelectorFromObject(d.spec.selector) ?? []);
  } catch {
    return '<invalid>';
  }
}

export const deploymentColumns: Column<Deployment>[] = [
  nameColumn(),
  // READY is ready pods over *desired* replicas, so a rollout that surges can read 4/3.
  column('Ready', 'string', 'Number of the pod with ready state', (d) => `${d.status?.readyReplicas ?? 0}/${d.spec.replicas}`),
  column(
    'Up-to-date',
    'string',
    'Total number of non-terminating pods targeted by this deployment that have the desired template spec.',
    (d) => d.status?.updatedReplicas ?? 0,
  ),
  column(
    'Available',
    'string',
    'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.',
    (d) => d.status?.availableReplicas ?? 0,
  ),
  ageColumn(),
  column('Containers', 'string', CONTAINERS, (d) => containerCells(d.spec.template.spec.containers).names, { priority: 1 }),
  column('Images', 'string', IMAGES, (d) => containerCells(d.spec.template.spec.containers).images, { priority: 1 }),
  column('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template\'s labels.', deploymentSelector, { priority: 1 }),
];

export const replicaSetColumns: Column<ReplicaSet>[] = [
  nameColumn(),
  column(
    'Desired',
    'integer',
    'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#what-is-a-replicaset',
    (rs) => rs.spec.replicas,
  ),
  column(
    'Current',
    'integer',
    'Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#what-is-a-replicaset',
    (rs) => rs.status?.replicas ?? 0,
  ),
  column(
    'Ready',
    'integer',
    'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.',
    (rs) => rs.status?.readyReplicas ?? 0,
  ),
  ageColumn(),
  column('Containers', 'string', CONTAINERS, (rs) => containerCells(rs.spec.template.spec.containers).names, { priority: 1 }),
  column('Images', 'string', IMAGES, (rs) => containerCells(rs.spec.template.spec.containers).images, { priority: 1 }),
  column(
    'Selector',
    'string',
    'Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template\'s labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    (rs) => formatLabelSelector(rs.spec.selector),
    { priority: 1 },
  ),
];
