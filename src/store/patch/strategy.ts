/**
 * The strategic-merge-patch metadata of the kinds kubesim serves: the `patchStrategy` and `patchMergeKey`
 * struct tags of k8s.io/api (core/v1, apps/v1, discovery/v1, coordination/v1) and of ObjectMeta in
 * apimachinery, as a tree keyed by field name from the object's root.
 * Guarantees: `patchMetaFor(kind)` always answers (an unknown kind gets ObjectMeta's tags only), lookups
 * are O(1) per path step, and a field missing from the tree has no tag — its lists are replaced whole, as
 * Kubernetes does for untagged fields (and as JSON merge patch always does).
 */

/** The tag values that occur in k8s.io/api. `retainKeys` only changes how clients build patches. */
export type PatchStrategy = 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';

export interface PatchMeta {
  /** The field's `patchStrategy` tag; absent when the field has none. */
  readonly strategy?: PatchStrategy;
  /** The field's `patchMergeKey` tag: what identifies an element of a merged list of objects. */
  readonly mergeKey?: string;
  /** Tags below this field: of the object itself, or of each element when the field is a list. */
  readonly fields?: Readonly<Record<string, PatchMeta>>;
}

const NO_META: PatchMeta = {};

/** The metadata of field `key` below `meta` (untagged when the tree says nothing). */
export function fieldMeta(meta: PatchMeta, key: string): PatchMeta {
  const fields = meta.fields;
  return fields !== undefined && Object.hasOwn(fields, key) ? fields[key]! : NO_META;
}

/** A list merges element by element only with the `merge` strategy (`merge` or `merge,retainKeys`). */
export function mergesList(meta: PatchMeta): boolean {
  return meta.strategy === 'merge' || meta.strategy === 'merge,retainKeys';
}

/** An object field tagged `replace` is replaced whole instead of merged. */
export function replacesMap(meta: PatchMeta): boolean {
  return meta.strategy === 'replace';
}

// ---- building blocks, named after the Go types ---------------------------------------------------

const fields = (f: Record<string, PatchMeta>): PatchMeta => ({ fields: f });
const mergeByKey = (mergeKey: string, elem?: Record<string, PatchMeta>): PatchMeta => ({
  strategy: 'merge',
  mergeKey,
  ...(elem ? { fields: elem } : {}),
});
/** `patchStrategy:"merge"` on a list of strings (finalizers, podCIDRs): the lists are unioned. */
const mergePrimitives: PatchMeta = { strategy: 'merge' };
/** `patchStrategy:"merge" patchMergeKey:"type"`: every `conditions` list of every status. */
const conditions = mergeByKey('type');

/** metav1.ObjectMeta: ownerReferences by uid, finalizers as a set of strings. Labels/annotations are maps. */
const objectMeta = fields({
  ownerReferences: mergeByKey('uid'),
  finalizers: mergePrimitives,
});

/** core/v1 Container (and EphemeralContainerCommon, which repeats its tags). */
const container: Record<string, PatchMeta> = {
  ports: mergeByKey('containerPort'),
  env: mergeByKey('name'),
  volumeMounts: mergeByKey('mountPath'),
  volumeDevices: mergeByKey('devicePath'),
  // envFrom, resizePolicy, resources.claims: no patch tags, replaced whole.
};

/** core/v1 PodSpec. `tolerations` and `readinessGates` have no tags: replaced whole. */
const podSpec = fields({
  volumes: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  initContainers: mergeByKey('name', container),
  containers: mergeByKey('name', container),
  ephemeralContainers: mergeByKey('name', container),
  imagePullSecrets: mergeByKey('name'),
  hostAliases: mergeByKey('ip'),
  topologySpreadConstraints: mergeByKey('topologyKey'),
  schedulingGates: mergeByKey('name'),
  resourceClaims: { strategy: 'merge,retainKeys', mergeKey: 'name' },
});

/** core/v1 PodStatus. containerStatuses and friends have no tags. */
const podStatus = fields({
  conditions,
  podIPs: mergeByKey('ip'),
  hostIPs: mergeByKey('ip'),
  resourceClaimStatuses: { strategy: 'merge,retainKeys', mergeKey: 'name' },
});

/** core/v1 PodTemplateSpec, inside ReplicaSet and Deployment. */
const podTemplateSpec = fields({ metadata: objectMeta, spec: podSpec });

const only = (f: Record<string, PatchMeta>): PatchMeta => fields({ metadata: objectMeta, ...f });

/** The tree for each kind, by Kind name. */
export const PATCH_META: Readonly<Record<string, PatchMeta>> = {
  Pod: only({ spec: podSpec, status: podStatus }),
  ReplicaSet: only({
    spec: fields({ template: podTemplateSpec }),
    status: fields({ conditions }),
  }),
  Deployment: only({
    // `patchStrategy:"retainKeys"` on DeploymentSpec.Strategy: kubectl apply sends `$retainKeys` for it.
    spec: fields({ template: podTemplateSpec, strategy: { strategy: 'retainKeys' } }),
    status: fields({ conditions }),
  }),
  // ServicePort by port; status.loadBalancer.ingress has no tags.
  Service: only({
    spec: fields({ ports: mergeByKey('port') }),
    status: fields({ conditions }),
  }),
  // NodeSpec.taints has no tags (replaced whole); podCIDRs is a merged set of strings.
  Node: only({
    spec: fields({ podCIDRs: mergePrimitives }),
    status: fields({ conditions, addresses: mergeByKey('type') }),
  }),
  // NamespaceSpec.finalizers has no tags, unlike metadata.finalizers.
  Namespace: only({ status: fields({ conditions }) }),
  // EndpointSubset lists, EndpointSlice endpoints and ports: no tags.
  Endpoints: only({}),
  EndpointSlice: only({}),
  ConfigMap: only({}),
  Secret: only({}),
  Event: only({}),
  Lease: only({}),
};

const UNKNOWN_KIND = only({});

export function patchMetaFor(kind: string): PatchMeta {
  return Object.hasOwn(PATCH_META, kind) ? PATCH_META[kind]! : UNKNOWN_KIND;
}
