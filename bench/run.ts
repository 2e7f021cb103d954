/**
 * `npm run bench [-- --scale 0.1] [suite...]`: runs the benchmark suites (all, or those named), prints
 * figures, writes bench/results/*.json. `--scale` (0.01 … 1) shrinks every suite from Kubernetes' limits.
 */
import { curveSuite } from './curve.js';
import { envelopeSuite } from './envelope.js';
import { floorSuite } from './floor.js';
import { propertiesSuite } from './properties.js';
import { rolloutSuite } from './rollout.js';
import { storeSuite } from './store.js';
import { walkthroughSuite } from './walkthrough.js';

// In this order: walkthrough first (small), then the envelope, whose run the floor and the curve reuse.
const suites: Record<string, (scale: number) => void> = {
  store: storeSuite,
  walkthrough: walkthroughSuite,
  envelope: envelopeSuite,
  floor: floorSuite,
  curve: curveSuite,
  rollout: rolloutSuite,
  properties: propertiesSuite,
};

const args = process.argv.slice(2);
let scale = 1;
const chosen: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--scale') scale = Number(args[++i]);
  else if (a.startsWith('--scale=')) scale = Number(a.slice(8));
  else chosen.push(a);
}
if (!(scale > 0 && scale <= 1)) {
  console.error('error: --scale expects a number in (0, 1], e.g. --scale 0.1');
  process.exit(1);
}
for (const name of chosen) {
  if (!suites[name]) {
    console.error(`error: unknown suite "${name}"; suites: ${Object.keys(suites).join(', ')}`);
    process.exit(1);
  }
}
for (const name of chosen.length ? chosen : Object.keys(suites)) suites[name]!(scale);
