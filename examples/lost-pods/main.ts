/**
 * Runs the lost-pods controller against the cluster of a kubeconfig until interrupted, printing each
 * label it sets or removes:
 *
 *   npx tsx examples/lost-pods/main.ts /tmp/kubesim.kubeconfig
 */
import * as k8s from '@kubernetes/client-node';
import { LostPodLabeler } from './controller.js';

const path = process.argv[2];
if (!path) {
  console.error('usage: main.ts <kubeconfig>: the path of a kubeconfig, such as the one `kubesim serve --kubeconfig` writes');
  process.exit(2);
}
const kc = new k8s.KubeConfig();
kc.loadFromFile(path);
const controller = new LostPodLabeler(kc, {
  onError: (err) => console.error(`lost-pods: ${(err as Error).message ?? String(err)}`),
  onApplied: (c) => console.log(`${c.lost ? 'labelled' : 'unlabelled'} pod ${c.namespace}/${c.name}`),
});
await controller.start();
process.on('SIGINT', () => void controller.stop().then(() => process.exit(0)));
console.log('lost-pods: watching nodes and pods (Ctrl-C stops)');
