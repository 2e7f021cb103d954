/**
 * kubectl's printers over kubesim's objects: tables (`get`, `-o wide`, `--show-labels`, `-A`, `get all`),
 * the Table column data the HTTP API serves, `-o yaml|json|name`, and the pod STATUS logic.
 */
export { columnDefinitions, columnsFor, kindPrefix, noResourcesMessage, printTable, tableRow, type PrintOptions } from './table.js';
export type { Cell, CellContext, Column, ColumnDefinition } from './columns.js';
export { formatLabels, formatLabelSelector } from './columns.js';
export { asList, printJson, printName, printYaml } from './output.js';
export { formatRestarts, podSummary, NODE_UNREACHABLE_POD_REASON, type PodSummary } from './pod-status.js';
export { nodeRoles, nodeStatus } from './cluster.js';
export { formatEndpoints, serviceExternalIP, servicePorts } from './network.js';
