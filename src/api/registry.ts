/**
 * Every kind kubesim serves, and the lookups kubectl and the store need: by kind, by resource name
 * (plural, singular or short name, any case), and the map from kind names to their TypeScript types.
 */
import { configMapDef, type ConfigMap } from './configmap.js';
import { deploymentDef, type Deployment } from './deployment.js';
import { endpointsDef, type Endpoints } from './endpoints.js';
import { endpointSliceDef, type EndpointSlice } from './endpointslice.js';
import { eventDef, type Event } from './event.js';
import type { KindDef } from './kind.js';
import { leaseDef, type Lease } from './lease.js';
import { namespaceDef, type Namespace } from './namespace.js';
import { nodeDef, type Node } from './node.js';
import { podDef, type Pod } from './pod.js';
import { replicaSetDef, type ReplicaSet } from './replicaset.js';
import { secretDef, type Secret } from './secret.js';
import { serviceDef, type Service } from './service.js';

/** Kind name → object type, so `store.get('Pod', ...)` is typed as a Pod. */
export interface KindMap {
  Namespace: Namespace;
  Node: Node;
  Lease: Lease;
  Pod: Pod;
  ReplicaSet: ReplicaSet;
  Deployment: Deployment;
  Service: Service;
  EndpointSlice: EndpointSlice;
  Endpoints: Endpoints;
  Secret: Secret;
  ConfigMap: ConfigMap;
  Event: Event;
}

export type KindName = keyof KindMap;

/** In discovery order: the core group first, then apps, as `kubectl get all` prints its sections. */
export const builtinKinds: readonly KindDef[] = [
  podDef,
  serviceDef,
  endpointsDef,
  namespaceDef,
  nodeDef,
  secretDef,
  configMapDef,
  eventDef,
  deploymentDef,
  replicaSetDef,
  endpointSliceDef,
  leaseDef,
] as unknown as KindDef[];

export class KindRegistry {
  private readonly byKind = new Map<string, KindDef>();
  private readonly byResource = new Map<string, KindDef>();

  constructor(readonly kinds: readonly KindDef[] = builtinKinds) {
    for (const def of kinds) {
      this.byKind.set(def.kind, def);
      for (const n of [def.plural, def.singular, def.kind.toLowerCase(), ...def.shortNames]) {
        this.byResource.set(n, def);
        if (def.group) this.byResource.set(`${n}.${def.group}`, def);
      }
    }
  }

  /** The definition of `kind` (`Deployment`), or undefined. */
  get(kind: string): KindDef | undefined {
    return this.byKind.get(kind);
  }

  /** What `kubectl get <resource>` means: `po`, `pods`, `Pod`, `deployments.apps` all resolve. */
  resolve(resource: string): KindDef | undefined {
    return this.byResource.get(resource.toLowerCase());
  }
}

export const defaultRegistry = new KindRegistry();
