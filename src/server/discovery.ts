/**
 * Discovery documents, built from the kind registry so that a kind added there is served everywhere:
 * `/api` (APIVersions), `/apis` (APIGroupList), `/api/v1` and `/apis/<g>/<v>` (APIResourceList, one
 * entry per resource and per subresource), and the aggregated form (`apidiscovery.k8s.io/v2`
 * APIGroupDiscoveryList) that kubectl 1.26+ asks for first. Pure functions of the registry.
 *
 * `categories: ["all"]` is what makes `kubectl get all` work (kubectl has no list of its own), and the
 * order of resources is the order `get all` prints its sections in: core first, then apps.
 */
import type { KindDef } from '../api/kind.js';
import type { KindRegistry } from '../api/registry.js';

const READ_WRITE = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];

/** A subresource as discovery names it: the kind it answers with and the verbs it serves. */
export interface SubresourceInfo {
  name: string;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
}

/** The subresources kubesim serves for `def`, as the real API server lists them. */
export function subresourcesOf(def: KindDef): SubresourceInfo[] {
  const out: SubresourceInfo[] = [];
  if (def.kind === 'Pod') {
    out.push({ name: 'binding', kind: 'Binding', verbs: ['create'] });
    out.push({ name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    out.push({ name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] });
    out.push({ name: 'log', kind: 'Pod', verbs: ['get'] });
  }
  if (def.kind === 'Deployment' || def.kind === 'ReplicaSet') {
    out.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: STATUS_VERBS });
  }
  if (def.statusSubresource) out.push({ name: 'status', kind: def.kind, verbs: STATUS_VERBS });
  return out;
}

function groupVersionOf(def: KindDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** The group/versions the registry serves, core (`v1`) first, in registry order. */
export function groupVersions(registry: KindRegistry): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const def of registry.kinds) {
    const gv = groupVersionOf(def);
    if (!seen.has(gv)) seen.set(gv, { group: def.group, version: def.version });
  }
  return [...seen.values()];
}

export function kindsIn(registry: KindRegistry, group: string, version: string): KindDef[] {
  return registry.kinds.filter((d) => d.group === group && d.version === version);
}

/** `GET /api`. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `GET /apis`: every named group (the core group is `/api`'s). */
export function apiGroupList(registry: KindRegistry): Record<string, unknown> {
  const groups = groupVersions(registry)
    .filter((gv) => gv.group !== '')
    .map(({ group, version }) => {
      const gv = { groupVersion: `${group}/${version}`, version };
      return { name: group, versions: [gv], preferredVersion: gv };
    });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** `GET /apis/<group>`: the group's versions (APIGroup), or undefined for a group nobody serves. */
export function apiGroup(registry: KindRegistry, group: string): Record<string, unknown> | undefined {
  const versions = groupVersions(registry).filter((gv) => gv.group === group && group !== '');
  if (versions.length === 0) return undefined;
  const list = versions.map(({ version }) => ({ groupVersion: `${group}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: list, preferredVersion: list[0] };
}

/** `GET /api/v1` or `/apis/<group>/<version>`, or undefined when nothing is served there. */
export function apiResourceList(registry: KindRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const defs = kindsIn(registry, group, version);
  if (defs.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const def of defs) {
    resources.push({
      name: def.plural,
      singularName: def.singular,
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: READ_WRITE,
      ...(def.shortNames.length ? { shortNames: def.shortNames } : {}),
      ...(def.categories.length ? { categories: def.categories } : {}),
    });
    for (const sub of subresourcesOf(def)) {
      resources.push({
        name: `${def.plural}/${sub.name}`,
        singularName: '',
        namespaced: def.namespaced,
        ...(sub.group !== undefined ? { group: sub.group, version: sub.version } : {}),
        kind: sub.kind,
        verbs: sub.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

/** The Content-Type of an aggregated discovery answer; kubectl checks it before decoding. */
export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True when the Accept header asks for aggregated discovery v2 (kubectl 1.30+, client-go). */
export function wantsAggregated(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const p = part.replace(/\s/g, '');
    return p.includes('g=apidiscovery.k8s.io') && p.includes('v=v2;') && p.includes('as=APIGroupDiscoveryList');
  });
}

/**
 * `GET /api` or `/apis` with the aggregated Accept: every resource of the core group (`core`) or of the
 * named groups in one document (apidiscovery.k8s.io/v2).
 */
export function aggregatedDiscovery(registry: KindRegistry, core: boolean): Record<string, unknown> {
  const items = groupVersions(registry)
    .filter((gv) => (gv.group === '') === core)
    .map(({ group, version }) => ({
      metadata: { name: group, creationTimestamp: null },
      versions: [{ version, resources: kindsIn(registry, group, version).map(aggregatedResource), freshness: 'Current' }],
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

function aggregatedResource(def: KindDef): Record<string, unknown> {
  return {
    resource: def.plural,
    responseKind: { group: def.group, version: def.version, kind: def.kind },
    scope: def.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: def.singular,
    verbs: READ_WRITE,
    ...(def.shortNames.length ? { shortNames: def.shortNames } : {}),
    ...(def.categories.length ? { categories: def.categories } : {}),
    subresources: subresourcesOf(def).map((sub) => ({
      subresource: sub.name,
      responseKind: { group: sub.group ?? def.group, version: sub.version ?? def.version, kind: sub.kind },
      verbs: sub.verbs,
    })),
  };
}
