/**
 * The Kubernetes-compatible HTTP API (`kubesim serve`): start a server over a store and clock (or a
 * whole cluster), write the kubeconfig kubectl needs, and let a real-time driver move the clock.
 */
export { startServer, SERVED_VERSION, type RunningServer, type ServerOptions } from './server.js';
export { kubeconfigFor, type KubeconfigOptions } from './kubeconfig.js';
export { RealTimeDriver, parseSpeed, type Speed, type RealTimeDriverOptions } from './realtime.js';
export { targetFor, type ServeTarget, type ServableCluster, type NodeFault, type ExecOutput } from './target.js';
