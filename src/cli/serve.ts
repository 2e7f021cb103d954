/**
 * `kubesim serve`: a simulated cluster behind a Kubernetes API on 127.0.0.1, for real kubectl and client
 * libraries. The clock starts at the wall clock's now (kubectl computes some ages itself, from the
 * timestamps it reads) and follows it × speed through the real-time driver; `--speed 0` leaves it to
 * `POST /kubesim/v1/advance`. `--scenario` plays a scenario file first and serves the cluster it leaves.
 * Runs until the process is interrupted (or `signal` aborts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createCluster, type Cluster } from '../cluster.js';
import { parseScenario } from '../scenario/parse.js';
import { runScenario } from '../scenario/runner.js';
import { kubeconfigFor, parseSpeed, RealTimeDriver, startServer, targetFor } from '../server/index.js';

export interface ServeFlags {
  port: string;
  speed: string;
  seed?: number;
  nodes: string;
  scenario?: string;
  kubeconfig?: string;
}

export class ServeError extends Error {}

export async function serve(flags: ServeFlags, out: { write(s: string): unknown }, signal?: AbortSignal): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ServeError(`--port expects a port number 0–65535, got ${JSON.stringify(flags.port)}`);
  const nodes = Number(flags.nodes);
  if (!Number.isInteger(nodes) || nodes < 0) throw new ServeError(`--nodes expects a whole number, got ${JSON.stringify(flags.nodes)}`);
  let speed;
  try {
    speed = parseSpeed(flags.speed);
  } catch (e) {
    throw new ServeError((e as Error).message);
  }
  const epoch = Date.now(); // real-time driver: the served clock starts at the wall clock's now
  let cluster: Cluster;
  if (flags.scenario) {
    let text: string;
    try {
      text = readFileSync(flags.scenario, 'utf8');
    } catch {
      throw new ServeError(`the path "${flags.scenario}" does not exist`);
    }
    const scenario = parseScenario(text, flags.scenario);
    const result = runScenario(scenario, { baseDir: resolve(flags.scenario, '..'), epoch, ...(flags.seed !== undefined ? { seed: flags.seed } : {}) });
    for (const f of result.failures) out.write(`# ${flags.scenario}:${f.line}: step ${f.step}: ${f.message}\n`);
    cluster = result.cluster;
  } else {
    cluster = createCluster({ seed: flags.seed ?? 1, nodes, epoch });
  }
  const target = targetFor(cluster);
  const driver = new RealTimeDriver(target, { speed });
  const server = await startServer(target, { port, driver });
  const kubeconfig = kubeconfigFor(server.url);
  if (flags.kubeconfig) {
    writeFileSync(flags.kubeconfig, kubeconfig);
    out.write(`kubesim serving ${server.url} (speed ${speed}); kubeconfig written to ${flags.kubeconfig}\n`);
    out.write(`  kubectl --kubeconfig ${flags.kubeconfig} get nodes\n`);
  } else {
    out.write(`kubesim serving ${server.url} (speed ${speed}). Save this as a kubeconfig:\n\n${kubeconfig}\n`);
  }
  if (speed !== 0) driver.start();
  await new Promise<void>((done) => {
    const stop = () => done();
    if (signal) signal.addEventListener('abort', stop, { once: true });
    else {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
  });
  driver.stop();
  await server.close();
  return 0;
}
