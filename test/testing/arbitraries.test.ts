import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster.js';
import { deploymentShape, invalidStrategy, rolloutCase } from '../../src/testing/arbitraries.js';
import { deploymentManifest } from '../../src/testing/model.js';

describe('arbitraries', () => {
  it('every generated Deployment is one the API server admits', () => {
    const cluster = createCluster({ seed: 1 });
    fc.assert(
      fc.property(deploymentShape(), (d) => {
        const res = cluster.kubectl('apply -f - --dry-run=server', { stdin: deploymentManifest(d) });
        expect(res.stderr).toBe('');
        expect(res.exitCode).toBe(0);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('maxSurge and maxUnavailable both zero, or maxUnavailable above 100%, are refused with the field named', () => {
    const cluster = createCluster({ seed: 1 });
    fc.assert(
      fc.property(deploymentShape(), invalidStrategy(), (d, strategy) => {
        const res = cluster.kubectl('apply -f -', { stdin: deploymentManifest({ ...d, strategy }) });
        expect(res.exitCode).toBe(1);
        expect(res.stderr).toMatch(/spec\.strategy\.rollingUpdate\.maxUnavailable: Invalid value: .*(may not be 0 when `maxSurge` is 0|must not be greater than 100%)/);
        expect(cluster.store.get('Deployment', 'default', 'web')).toBeUndefined();
      }),
      { seed: 8, numRuns: 100 },
    );
  });

  it('a case names only images and nodes it has', () => {
    fc.assert(
      fc.property(rolloutCase(), (c) => {
        for (const a of c.actions) {
          if (a.type === 'setImage') expect(a.image).toBeLessThan(c.images.length);
          if (a.type === 'apply') expect(a.deployment.image).toBeLessThan(c.images.length);
          if ('node' in a) expect(a.node).toBeLessThan(c.nodes.length);
        }
        expect(c.deployment.image).toBeLessThan(c.images.length);
      }),
      { seed: 9, numRuns: 300 },
    );
  });
});
