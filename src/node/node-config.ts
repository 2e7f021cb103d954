/**
 * The `nodes` option of a cluster, checked and completed: a count or a list of `{ name?, cpu?, memory?,
 * pods?, labels?, taints? }`, each becoming a NodeConfig with a name (`node-<n>`) and a position. A
 * mistake is an Error that names the method and the field (`createCluster: nodes[1].cpu: "lots" is not a
 * quantity`), thrown before any node is started.
 */
import { isDNS1123Subdomain } from '../api/validation/names.js';
import { validateTaints } from '../api/validation/node.js';
import { nodeResources, type NodeConfig } from './node-status.js';

/** One machine as a user describes it; everything is optional. */
export type NodeOptions = Partial<NodeConfig>;

const KNOWN_FIELDS = new Set(['name', 'cpu', 'memory', 'pods', 'ephemeralStorage', 'labels', 'taints']);

function describe(v: unknown): string {
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/** Checks one node's options; `path` is how the error names it (`createCluster: nodes[0]`). */
function checkNode(path: string, opts: unknown, name: string): NodeConfig {
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new Error(`${path}: expected an object like { name: "node-1", cpu: 4, memory: "16Gi" }, got ${describe(opts)}`);
  }
  const o = opts as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!KNOWN_FIELDS.has(k)) throw new Error(`${path}: unknown field "${k}"; known fields: ${[...KNOWN_FIELDS].join(', ')}`);
  }
  if (o.name !== undefined && (typeof o.name !== 'string' || isDNS1123Subdomain(o.name).length > 0)) {
    throw new Error(`${path}.name: ${describe(o.name)} is not a valid node name (lowercase letters, digits, '-' and '.')`);
  }
  if (o.pods !== undefined && (typeof o.pods !== 'number' || !Number.isInteger(o.pods) || o.pods < 0)) {
    throw new Error(`${path}.pods: expected a non-negative integer, got ${describe(o.pods)}`);
  }
  if (o.labels !== undefined && (o.labels === null || typeof o.labels !== 'object' || Object.values(o.labels).some((v) => typeof v !== 'string'))) {
    throw new Error(`${path}.labels: expected an object of strings, got ${describe(o.labels)}`);
  }
  const config = { ...(o as NodeOptions), name } as NodeConfig;
  if (config.taints !== undefined) {
    const errs = Array.isArray(config.taints) ? validateTaints(config.taints, 'taints') : [];
    if (!Array.isArray(config.taints) || errs.length > 0) {
      const why = errs[0] ? `${errs[0].field}: ${errs[0].detail ?? errs[0].type}` : 'expected a list';
      throw new Error(`${path}.taints: ${why}`);
    }
  }
  for (const field of ['cpu', 'memory', 'ephemeralStorage'] as const) {
    try {
      nodeResources({ name, [field]: config[field] });
    } catch {
      throw new Error(`${path}.${field}: ${describe(config[field])} is not a quantity (like 4, "3500m", "16Gi")`);
    }
  }
  return config;
}

/**
 * The nodes to start, with their positions from `firstIndex`. `taken` are names already in the cluster.
 */
export function normalizeNodes(
  method: string,
  nodes: number | readonly NodeOptions[] | undefined,
  firstIndex = 0,
  taken: ReadonlySet<string> = new Set(),
): (NodeConfig & { index: number })[] {
  if (nodes === undefined) return [];
  let list: readonly unknown[];
  if (typeof nodes === 'number') {
    if (!Number.isInteger(nodes) || nodes < 0 || nodes > 5000) {
      throw new Error(`${method}: nodes: expected a whole number of nodes from 0 to 5000, or a list of nodes, got ${describe(nodes)}`);
    }
    list = Array.from({ length: nodes }, () => ({}));
  } else if (Array.isArray(nodes)) {
    list = nodes;
  } else {
    throw new Error(`${method}: nodes: expected a number of nodes or a list of nodes, got ${describe(nodes)}`);
  }
  const names = new Set(taken);
  return list.map((opts, i) => {
    const index = firstIndex + i;
    const path = method === 'addNode' ? 'addNode: config' : `${method}: nodes[${i}]`;
    const given = (opts as NodeOptions | null)?.name;
    const config = checkNode(path, opts, typeof given === 'string' ? given : `node-${index + 1}`);
    if (names.has(config.name)) throw new Error(`${path}.name: node "${config.name}" already exists`);
    names.add(config.name);
    return { ...config, index };
  });
}
