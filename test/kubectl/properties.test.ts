// Invariants of in-process kubectl, over random inputs (fast-check prints the seed and the failing case).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/kubectl/args.js';
import { context, deploymentManifest, kubectl, nodeManifest, nodeStatus, podManifest, put, runningStatus, world } from './helpers.js';

/** How a shell user would quote an arbitrary word: single quotes, with ' written as '\''. */
const shellQuote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;

describe('tokenize', () => {
  it('gives back any list of words quoted the way a shell user quotes them', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }), (words) => {
        expect(tokenize(words.map(shellQuote).join(' '))).toEqual(words);
      }),
    );
  });
});

// Fragments of command lines, valid and not: verbs, resources, names, flags, values.
const fragment = fc.constantFrom(
  'get', 'delete', 'label', 'annotate', 'scale', 'apply', 'create', 'cordon', 'uncordon', 'set image', 'expose', 'describe', 'wait', 'drain', 'rollout undo',
  'pods', 'pod/web', 'po', 'deploy/api', 'deployment', 'api', 'web', 'nope', 'node-1', 'node/node-1', 'svc', 'foo',
  'app=v2', 'tier=fe', 'app-', "'a=b c'", 'api=img:2', 'nope=x', '--overwrite', '--replicas=2', '--replicas=x', '--current-replicas=7',
  '-l app=web', '-n team', '-A', '-o yaml', '-o bogus', '--cascade=bogus', '--grace-period=x', '--bogus', '-z', '-f missing.yaml',
  '--for=condition=Ready', '--timeout=2s', '--port=80', '--dry-run=client', '--', 'ls',
);

describe('a command that fails before printing anything changes nothing', () => {
  it('holds for random command lines over a small world', () => {
    fc.assert(
      fc.property(fc.array(fragment, { minLength: 1, maxLength: 6 }), (parts) => {
        const { store, clock } = world();
        put(store, podManifest('web', { labels: { app: 'web' }, nodeName: 'node-1' }), runningStatus('10.244.1.5'));
        put(store, podManifest('bare', { labels: { app: 'db' } }), { phase: 'Pending' });
        put(store, deploymentManifest('api', 3));
        put(store, nodeManifest('node-1'), nodeStatus('True', '172.18.0.2'));
        const before = JSON.stringify(store.trace.size) + store.resourceVersion;
        const res = kubectl(context(store, clock), parts.join(' '));
        if (res.exitCode !== 0 && res.stdout === '') {
          expect(JSON.stringify(store.trace.size) + store.resourceVersion).toBe(before);
        }
        // Whatever happens, kubectl answers with text, never an exception, and errors end with a newline.
        if (res.exitCode !== 0) expect(res.stderr.endsWith('\n')).toBe(true);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
