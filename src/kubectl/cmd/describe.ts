/**
 * `kubectl describe TYPE [NAME...]` for pods, deployments, replicasets, services, nodes, configmaps,
 * secrets and namespaces. A name that
 * matches nothing exactly describes every object whose name starts with it, as kubectl does
 * (`describe pod web` finds `web-7d8f9c6b4-x2x9z`); several objects print separated by a blank line.
 */
import { notFound } from '../../api/errors.js';
import { qualifiedResource, type KindDef } from '../../api/kind.js';
import type { KubeObject } from '../../api/meta.js';
import type { Store } from '../../store/store.js';
import { bool, str } from '../args.js';
import type { Command } from '../command.js';
import { clientError, errorText, KubectlError } from '../errors.js';
import { noResourcesMessage } from '../printers/index.js';
import { resourceRequests } from '../resources.js';
import { describeNode, describeService } from '../describe/cluster.js';
import { describeConfigMap, describeNamespace, describeSecret } from '../describe/config.js';
import { describePod } from '../describe/pod.js';
import { describeDeployment, describeReplicaSet } from '../describe/workloads.js';

type Describer = (store: Store, obj: never, now: number) => string;

const DESCRIBERS: Record<string, Describer> = {
  Pod: describePod,
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  Service: describeService,
  Node: describeNode,
  ConfigMap: describeConfigMap,
  Secret: describeSecret,
  Namespace: describeNamespace,
};

export const describeCommand: Command = {
  name: 'describe',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'show-events', type: 'bool' },
  ],
  run(inv) {
    const { store } = inv.ctx;
    if (inv.p.args.length === 0) {
      throw new KubectlError('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
    }
    const requests = resourceRequests(store.registry, inv.p.args, 'describe');
    for (const { def } of requests) {
      if (!DESCRIBERS[def.kind]) throw clientError(`describe is not supported for ${qualifiedResource(def)} in-process; supported: pods, deployments, replicasets, services, nodes, configmaps, secrets, namespaces`);
    }
    const all = bool(inv.p, 'all-namespaces');
    const selector = str(inv.p, 'selector');
    const found: { def: KindDef; obj: KubeObject }[] = [];
    const errors: string[] = [];
    for (const { def, names } of requests) {
      const ns = def.namespaced && !all ? inv.namespace : undefined;
      const list = () => store.items(def.kind, { ...(ns ? { namespace: ns } : {}), ...(selector ? { labelSelector: selector } : {}) });
      if (names.length === 0) {
        for (const obj of list()) found.push({ def, obj });
        continue;
      }
      for (const name of names) {
        const exact = store.get(def.kind, def.namespaced ? inv.namespace : undefined, name);
        const matches = exact ? [exact] : list().filter((o) => o.metadata.name?.startsWith(name));
        if (matches.length === 0) errors.push(errorText(notFound(qualifiedResource(def), name)));
        for (const obj of matches) found.push({ def, obj });
      }
    }
    const now = inv.ctx.clock.now();
    inv.out(found.map(({ def, obj }) => (DESCRIBERS[def.kind] as (s: Store, o: KubeObject, n: number) => string)(store, obj, now)).join('\n\n'));
    for (const e of errors) inv.err(`${e}\n`);
    if (found.length === 0 && errors.length === 0) inv.err(`${noResourcesMessage(all ? undefined : inv.namespace)}\n`);
    return errors.length > 0 ? 1 : 0;
  },
};
