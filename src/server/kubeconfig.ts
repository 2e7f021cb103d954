/**
 * The kubeconfig that points kubectl and client libraries at a kubesim server: one cluster, one user
 * (a bearer token, or none), one context named `kubesim` with namespace `default`. The cluster carries
 * `insecure-skip-tls-verify: true`, which kubectl accepts over plain http and which
 * @kubernetes/client-node requires before it talks to an http:// server at all.
 */
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** A bearer token the server requires (startServer's `token`). */
  token?: string;
  namespace?: string;
  /** The context, cluster and user name; `kubesim` by default. */
  name?: string;
}

export function kubeconfigFor(url: string, opts: KubeconfigOptions = {}): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`kubeconfigFor: expected the server's URL such as http://127.0.0.1:8080, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`kubeconfigFor: expected an http:// or https:// URL, got ${JSON.stringify(url)}`);
  }
  const name = opts.name ?? 'kubesim';
  const server = url.replace(/\/+$/, '');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'insecure-skip-tls-verify': true } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: opts.namespace ?? 'default' } }],
    'current-context': name,
    users: [{ name, user: opts.token ? { token: opts.token } : {} }],
  });
}
