import { describe, expect, it } from 'vitest';
import { causesOf } from './helpers.js';
import { admit, admitStatus } from '../../src/api/admit.js';
import { isStatusError } from '../../src/api/errors.js';
import { deepFreeze } from '../../src/api/freeze.js';
import { replicaSetDef, type ReplicaSet } from '../../src/api/replicaset.js';

const problems = (input: unknown, old?: ReplicaSet): string[] => causesOf(() => admit(replicaSetDef, input, old));

function message(input: unknown, old?: ReplicaSet): string {
  try {
    admit(replicaSetDef, input, old);
  } catch (e) {
    if (isStatusError(e)) return e.message;
    throw e;
  }
  return '';
}

const HASH = '7d8f9c6b4';
const labels = { app: 'web', 'pod-template-hash': HASH };

/** A ReplicaSet as the deployment controller writes one; `spec` overrides its fields. */
function rs(spec: Record<string, unknown> = {}, name = `web-${HASH}`): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
      ...spec,
    },
  };
}

const withTemplateSpec = (podSpec: Record<string, unknown>) =>
  rs({ template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx' }], ...podSpec } } });

describe('ReplicaSet defaults', () => {
  it('shows replicas 1, minReadySeconds 0, pod defaults and `status: {replicas: 0}`', () => {
    const r = admit(replicaSetDef, rs({ replicas: undefined }));
    expect(r.spec).toMatchObject({ replicas: 1, minReadySeconds: 0, selector: { matchLabels: labels } });
    expect(r.spec.template.spec).toMatchObject({
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      containers: [{ imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }],
    });
    expect(r.status).toEqual({ replicas: 0 });
  });

  it('does not default the selector from the template (apps/v1)', () => {
    expect(admit(replicaSetDef, rs({ replicas: 0 })).spec.replicas).toBe(0);
    expect(problems(rs({ selector: undefined }))).toContain('spec.selector: Required value');
  });

  it('is idempotent', () => {
    const once = admit(replicaSetDef, rs());
    expect(admit(replicaSetDef, structuredClone(once))).toEqual(once);
  });

  it('keeps fields it does not model', () => {
    const r = admit(replicaSetDef, { ...rs({ future: 1 }), status: { replicas: 2, future: 'x' } });
    expect(r.spec).toMatchObject({ future: 1 });
    expect(r.status).toMatchObject({ replicas: 2, future: 'x' });
  });
});

describe('ReplicaSet validation', () => {
  it("answers in the API server's words", () => {
    expect(message(rs({ replicas: -1 }))).toBe(
      `ReplicaSet.apps "web-${HASH}" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`,
    );
  });

  const mismatch = `spec.template.metadata.labels: Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``;
  const cases: { name: string; input: Record<string, unknown>; expected: string[] }[] = [
    { name: 'valid', input: rs(), expected: [] },
    {
      name: 'negative replicas and minReadySeconds',
      input: rs({ replicas: -1, minReadySeconds: -5 }),
      expected: [
        'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
        'spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0',
      ],
    },
    { name: 'missing selector', input: rs({ selector: undefined }), expected: ['spec.selector: Required value', mismatch] },
    // Kubernetes' ReplicaSet validation says "deployment" here too.
    { name: 'empty selector', input: rs({ selector: {} }), expected: ['spec.selector: Invalid value: {}: empty selector is invalid for deployment'] },
    {
      name: 'selector wider than the template is fine',
      input: rs({ selector: { matchLabels: { app: 'web' } } }),
      expected: [],
    },
    {
      name: 'selector that misses the template',
      input: rs({ selector: { matchLabels: { app: 'web', 'pod-template-hash': 'other' } } }),
      expected: [mismatch],
    },
    {
      name: 'NotIn excludes the template',
      input: rs({ selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] } }),
      expected: [mismatch],
    },
    {
      name: 'activeDeadlineSeconds',
      input: withTemplateSpec({ activeDeadlineSeconds: 10 }),
      expected: ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'],
    },
    {
      name: 'restartPolicy Never',
      input: withTemplateSpec({ restartPolicy: 'Never' }),
      expected: ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    },
    { name: 'matchExpressions select too', input: rs({ selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] } }), expected: [] },
    {
      name: 'unknown selector operator: the field, then the selector as a whole',
      input: rs({ selector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] } }),
      expected: [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
        'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Equals","values":["web"]}]}: invalid label selector',
      ],
    },
    {
      name: 'In without values',
      input: rs({ selector: { matchLabels: labels, matchExpressions: [{ key: 'tier', operator: 'In' }] } }),
      expected: [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        `spec.selector: Invalid value: ${JSON.stringify({ matchLabels: labels, matchExpressions: [{ key: 'tier', operator: 'In' }] })}: invalid label selector`,
      ],
    },
    {
      name: 'no spec: what Go decodes as an empty one',
      input: { metadata: { name: 'web', namespace: 'default' } },
      expected: [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`',
        'spec.template.spec.containers: Required value',
      ],
    },
    {
      name: 'wrong type',
      input: rs({ minReadySeconds: 1.5 }),
      expected: ['spec.minReadySeconds: Invalid value: 1.5: must be of type integer'],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(problems(input)).toEqual(expected);
  });

  it('lists every problem together', () => {
    expect(message(rs({ replicas: -1, selector: {} }, 'web'))).toBe(
      'ReplicaSet.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, ' +
        'spec.selector: Invalid value: {}: empty selector is invalid for deployment]',
    );
  });
});

describe('ReplicaSet update', () => {
  const old = admit(replicaSetDef, rs());

  it('may scale', () => {
    expect(problems(rs({ replicas: 0 }), old)).toEqual([]);
  });

  it('may not change its selector (apps/v1)', () => {
    expect(problems(rs({ selector: { matchLabels: { app: 'web' } } }), old)).toEqual([
      'spec.selector: Invalid value: {"matchLabels":{"app":"web"}}: field is immutable',
    ]);
  });

  it('refuses a fraction where an integer belongs, as a create does', () => {
    expect(problems(rs({ minReadySeconds: 1.5 }), old)).toEqual(['spec.minReadySeconds: Invalid value: 1.5: must be of type integer']);
  });

  it('compares selectors by meaning, not by key order', () => {
    const reordered = { 'pod-template-hash': HASH, app: 'web' };
    expect(problems(rs({ selector: { matchLabels: reordered } }), old)).toEqual([]);
  });

  it('keeps the stored template when a scale leaves it alone, and defaults a template it changes', () => {
    const stored = deepFreeze(structuredClone(old));
    for (let i = 0; i < 2; i++) {
      const scaled = admit(replicaSetDef, { ...stored, spec: { ...stored.spec, replicas: i } }, stored);
      expect(scaled.spec.template).toBe(stored.spec.template);
    }
    // A frozen spec handed on whole, as a controller hands on a stored one, still gets its defaults.
    const { imagePullPolicy: _, ...sidecar } = { ...stored.spec.template.spec.containers[0]!, name: 'log', image: 'busybox:latest' };
    const spec = deepFreeze({ ...stored.spec.template.spec, containers: [...stored.spec.template.spec.containers, sidecar] });
    const withSidecar = () => admit(replicaSetDef, { ...stored, spec: { ...stored.spec, template: { ...stored.spec.template, spec } } }, stored);
    const changed = withSidecar();
    expect(changed.spec.template.spec.containers[1]).toMatchObject({ name: 'log', imagePullPolicy: 'Always' });
    expect(withSidecar().spec.template.spec).toBe(changed.spec.template.spec);
  });
});

describe('ReplicaSet status', () => {
  const old = admit(replicaSetDef, rs());
  const statusProblems = (status: unknown): string[] => {
    try {
      admitStatus(replicaSetDef, old, status);
    } catch (e) {
      if (isStatusError(e)) return (e.status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
      throw e;
    }
    return [];
  };

  it('defaults replicas to 0 and takes the rest as reported', () => {
    expect(admitStatus(replicaSetDef, old, { observedGeneration: 1 }).status).toEqual({ replicas: 0, observedGeneration: 1 });
  });

  const cases: { name: string; status: Record<string, unknown>; expected: string[] }[] = [
    { name: 'consistent', status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1, terminatingReplicas: 1 }, expected: [] },
    {
      name: 'negative counts',
      status: { replicas: -1, observedGeneration: -1, terminatingReplicas: -1 },
      expected: [
        'status.replicas: Invalid value: -1: must be greater than or equal to 0',
        'status.observedGeneration: Invalid value: -1: must be greater than or equal to 0',
        'status.terminatingReplicas: Invalid value: -1: must be greater than or equal to 0',
        // Absent counts are Go's zeros, and 0 > -1: Kubernetes reports these too.
        'status.fullyLabeledReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas',
      ],
    },
    {
      name: 'more of a kind than all',
      status: { replicas: 1, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
      expected: [
        'status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas',
        'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
        'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
      ],
    },
    {
      name: 'more available than ready',
      status: { replicas: 3, readyReplicas: 1, availableReplicas: 2 },
      expected: ['status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas'],
    },
  ];
  it.each(cases)('$name', ({ status, expected }) => {
    expect(statusProblems(status)).toEqual(expected);
  });
});

describe('replicaSetDef', () => {
  it('names the kind as kubectl and the API server do', () => {
    expect(replicaSetDef).toMatchObject({
      kind: 'ReplicaSet',
      group: 'apps',
      apiVersion: 'apps/v1',
      plural: 'replicasets',
      shortNames: ['rs'],
      categories: ['all'],
      namespaced: true,
      statusSubresource: true,
      generationFromSpec: true,
    });
  });
});
