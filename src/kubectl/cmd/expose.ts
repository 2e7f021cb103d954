/**
 * `kubectl expose deployment api --port=80 --target-port=8080 [--type=NodePort] [--name=x]`: a Service
 * whose selector is the target's (a Deployment's or ReplicaSet's matchLabels, a Pod's labels, a
 * Service's selector) and whose port defaults to the first container port. Prints `service/api exposed`.
 */
import { str } from '../args.js';
import { WRITE, type Command } from '../command.js';
import { clientError } from '../errors.js';
import { findTargets } from '../targets.js';

interface PodSpecLike {
  containers?: { ports?: { containerPort: number; protocol?: string }[] }[];
}

function selectorOf(kind: string, object: Record<string, unknown>): Record<string, string> {
  const spec = object.spec as { selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | Record<string, string> };
  const meta = object.metadata as { labels?: Record<string, string> };
  switch (kind) {
    case 'Pod':
      if (!meta.labels || Object.keys(meta.labels).length === 0) throw clientError(`the pod has no labels and cannot be exposed`);
      return meta.labels;
    case 'Service':
      return (spec.selector as Record<string, string>) ?? {};
    case 'Deployment':
    case 'ReplicaSet': {
      const sel = spec.selector as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
      if (sel.matchExpressions?.length) {
        throw clientError(`couldn't retrieve selectors via --selector flag or introspection: the provided selector has expressions; expose accepts only matchLabels`);
      }
      return sel.matchLabels ?? {};
    }
    default:
      throw clientError(`cannot expose a ${kind}`);
  }
}

function portsOf(kind: string, object: Record<string, unknown>): number[] {
  const spec = object.spec as { template?: { spec?: PodSpecLike }; ports?: { port: number }[] } & PodSpecLike;
  if (kind === 'Service') return (spec.ports ?? []).map((p) => p.port);
  const podSpec = kind === 'Pod' ? spec : spec.template?.spec;
  return (podSpec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
}

export const exposeCommand: Command = {
  name: 'expose',
  flags: [
    { name: 'port', type: 'string' },
    { name: 'target-port', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'protocol', type: 'string' },
    { name: 'filename', short: 'f', type: 'strings' },
  ],
  run(inv) {
    const targets = findTargets(inv, inv.p.args, { command: 'expose' });
    const { def, object } = targets[0]!;
    const selector = selectorOf(def.kind, object);
    const portFlag = str(inv.p, 'port');
    const ports = portFlag !== undefined ? [Number(portFlag)] : portsOf(def.kind, object);
    if (ports.length === 0 || ports.some((p) => !Number.isInteger(p))) throw clientError("couldn't find port via --port flag or introspection");
    const type = str(inv.p, 'type');
    if (type !== undefined && !['ClusterIP', 'NodePort', 'LoadBalancer'].includes(type)) {
      throw clientError(`invalid service type "${type}": must be one of ClusterIP, NodePort or LoadBalancer`);
    }
    const target = str(inv.p, 'target-port');
    const name = str(inv.p, 'name') ?? object.metadata.name!;
    const protocol = str(inv.p, 'protocol') ?? 'TCP';
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: object.metadata.namespace ?? inv.namespace, ...(object.metadata.labels ? { labels: { ...object.metadata.labels } } : {}) },
      spec: {
        selector,
        ...(type ? { type } : {}),
        ports: ports.map((port, i) => ({
          ...(ports.length > 1 ? { name: `port-${i + 1}` } : {}),
          port,
          protocol,
          targetPort: target === undefined ? port : /^\d+$/.test(target) ? Number(target) : target,
        })),
      },
    };
    inv.ctx.store.create(service, { ...WRITE, reason: 'expose' });
    inv.out(`service/${name} exposed\n`);
    return 0;
  },
};
