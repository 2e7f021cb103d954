/**
 * `kubectl create deployment|namespace|configmap|secret generic|service <type>` — the generators that
 * build an object from flags, as kubectl 1.32 builds them (names, labels, port names checked against
 * its `--dry-run=client -o yaml`): a Deployment labelled `app=<name>` whose containers are named after
 * their images, a Service selecting `app=<name>` with ports named `80-8080`, and so on. Returns the
 * manifest; the caller creates it.
 */
import { Buffer } from 'node:buffer';
import { int, strings, type FlagSpec, type ParsedArgs } from '../args.js';
import { clientError, KubectlError } from '../errors.js';

export const GENERATOR_FLAGS: FlagSpec[] = [
  { name: 'image', type: 'strings' },
  { name: 'replicas', short: 'r', type: 'int' },
  { name: 'port', type: 'int' },
  { name: 'from-literal', type: 'array' },
  { name: 'tcp', type: 'strings' },
];

/** `nginx` from `registry.k8s.io/nginx:1.27@sha256:...`: kubectl's container name for an image. */
function containerName(image: string): string {
  const last = image.split('/').pop() ?? image;
  return last.split('@')[0]!.split(':')[0]!.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

function literals(p: ParsedArgs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const lit of strings(p, 'from-literal')) {
    const eq = lit.indexOf('=');
    if (eq <= 0) throw clientError(`invalid literal source ${lit}, expected key=value`);
    const key = lit.slice(0, eq);
    if (key in out) throw clientError(`cannot add key ${key}, another key by that name already exists in Data for ConfigMap "${p.args[1] ?? ''}"`);
    out[key] = lit.slice(eq + 1);
  }
  return out;
}

function servicePorts(p: ParsedArgs, type: string): Record<string, unknown>[] {
  const specs = strings(p, 'tcp');
  if (specs.length === 0) throw clientError('at least one tcp port specifier must be provided');
  return specs.map((spec) => {
    const [port, target] = spec.split(':');
    const n = Number(port);
    if (!Number.isInteger(n) || n <= 0 || n > 65535) throw clientError(`invalid port specifier ${spec}`);
    const t = target === undefined ? n : /^\d+$/.test(target) ? Number(target) : target;
    return { name: target === undefined ? port : `${port}-${target}`, port: n, protocol: 'TCP', targetPort: t };
  });
}

const SERVICE_TYPES: Record<string, string> = { clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer' };

/** The manifest `kubectl create <what> NAME ...` builds, or undefined when `args[0]` is not a generator. */
export function generate(p: ParsedArgs): Record<string, unknown> | undefined {
  const [what, ...rest] = p.args;
  const nameOf = (args: string[], usage: string) => {
    if (args.length !== 1) throw new KubectlError(`error: exactly one NAME is required, got ${args.length}\nSee 'kubectl create ${usage} -h' for help and examples`);
    return args[0]!;
  };
  switch (what) {
    case 'deployment':
    case 'deploy': {
      const images = strings(p, 'image');
      if (images.length === 0) throw clientError('required flag(s) "image" not set');
      const name = nameOf(rest, 'deployment');
      const port = int(p, 'port');
      const labels = { app: name };
      const containers = images.map((image, i) => ({
        image,
        name: containerName(image),
        ...(i === 0 && port !== undefined && port >= 0 ? { ports: [{ containerPort: port }] } : {}),
        resources: {},
      }));
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { labels, name },
        spec: { replicas: int(p, 'replicas') ?? 1, selector: { matchLabels: labels }, strategy: {}, template: { metadata: { labels }, spec: { containers } } },
      };
    }
    case 'namespace':
    case 'ns':
      return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: nameOf(rest, 'namespace') }, spec: {} };
    case 'configmap':
    case 'cm':
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: nameOf(rest, 'configmap') }, data: literals(p) };
    case 'secret': {
      if (rest[0] !== 'generic') throw clientError(`kubectl create secret ${rest[0] ?? ''} is not supported in-process; use create secret generic`);
      const data = Object.fromEntries(Object.entries(literals(p)).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
      return { apiVersion: 'v1', kind: 'Secret', metadata: { name: nameOf(rest.slice(1), 'secret generic') }, data };
    }
    case 'service':
    case 'svc': {
      const type = SERVICE_TYPES[rest[0] ?? ''];
      if (!type) throw clientError(`kubectl create service ${rest[0] ?? ''} is not supported in-process; use clusterip, nodeport or loadbalancer`);
      const name = nameOf(rest.slice(1), `service ${rest[0]}`);
      return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { labels: { app: name }, name },
        spec: { ports: servicePorts(p, type), selector: { app: name }, type },
      };
    }
    default:
      return undefined;
  }
}
