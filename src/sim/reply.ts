/**
 * What a connection to a pod finds, at one simulated instant. This is the one meeting point of the data
 * plane: the kubelet's pod workers answer for the pods they run (probes use the same answers), and
 * everything that sends traffic — probes, `cluster.request`, the traffic generator, kube-proxy's routing
 * — asks through it, so "the container is not listening yet" means the same thing everywhere.
 */

/** Why a connection or request failed, in the words a client (curl, a Go HTTP client) would use. */
export type ConnectError =
  /** Nothing listens on the port: the container is not running, or the app has not opened it yet. */
  | 'connection refused'
  /** No machine answers for the address: the node is down, or the address belongs to no pod. */
  | 'no route to host'
  /** The connection was accepted but no answer came within the client's timeout. */
  | 'timeout';

export type Reply =
  | { ok: true; status: number; body: string }
  | { ok: false; error: ConnectError; detail?: string };

/** The pods' side of the network: a request to `ip:port` as it would be answered now. */
export interface PodNetwork {
  /** An HTTP GET of `path` on `ip:port`. A 2xx/3xx `status` is a success for a probe, as the kubelet's is. */
  httpGet(ip: string, port: number, path: string): Reply;
  /** A TCP connect to `ip:port` (a tcpSocket probe): `ok` with status 0 when something listens. */
  tcpConnect(ip: string, port: number): Reply;
}
