import { describe, expect, it } from 'vitest';
import { admit, admitStatus } from '../../src/api/admit.js';
import { deploymentDef, type Deployment } from '../../src/api/deployment.js';
import { isStatusError } from '../../src/api/errors.js';
import { isDNS1123Subdomain } from '../../src/api/validation/names.js';

/** What the API server answers a rejected request with: its message, and each cause as `field: message`. */
function rejection(request: () => unknown): { message: string; causes: string[] } {
  try {
    request();
  } catch (e) {
    if (!isStatusError(e)) throw e;
    return { message: e.message, causes: (e.status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`) };
  }
  return { message: '', causes: [] };
}
const problems = (input: unknown, old?: Deployment) => rejection(() => admit(deploymentDef, input, old)).causes;
const message = (input: unknown, old?: Deployment) => rejection(() => admit(deploymentDef, input, old)).message;

/** A valid Deployment of `app: web`; `spec` overrides its fields. */
function deploy(spec: Record<string, unknown> = {}, name = 'web'): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
      ...spec,
    },
  };
}

/** A template for `app: web` with `podSpec` merged into its pod spec. */
const template = (podSpec: Record<string, unknown>, labels: Record<string, string> = { app: 'web' }) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'web', image: 'nginx' }], ...podSpec },
});
const strategy = (s: unknown) => deploy({ strategy: s });
const rolling = (ru: Record<string, unknown>) => strategy({ type: 'RollingUpdate', rollingUpdate: ru });
const MISMATCH = '`selector` does not match template `labels`';

describe('Deployment defaults', () => {
  it('fills in what `kubectl get deploy -o yaml` shows', () => {
    const d = admit(deploymentDef, deploy());
    expect(d.spec).toMatchObject({
      replicas: 1,
      minReadySeconds: 0,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      selector: { matchLabels: { app: 'web' } },
    });
    expect(d.spec).not.toHaveProperty('paused');
    expect(d.spec.template.spec).toMatchObject({
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      containers: [
        { name: 'web', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
      ],
    });
    expect(d).not.toHaveProperty('status');
  });

  const cases: { name: string; input: Record<string, unknown>; expected: unknown }[] = [
    { name: 'no strategy: RollingUpdate, a quarter each way', input: deploy(), expected: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
    { name: 'an empty type counts as unset', input: strategy({ type: '' }), expected: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
    { name: 'Recreate gets no rollingUpdate', input: strategy({ type: 'Recreate' }), expected: { type: 'Recreate' } },
    { name: 'a half-written rollingUpdate is completed', input: rolling({ maxSurge: 1 }), expected: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } },
    { name: 'rollingUpdate without a type', input: strategy({ rollingUpdate: { maxUnavailable: 0 } }), expected: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } },
    { name: 'written values are kept', input: rolling({ maxSurge: '50%', maxUnavailable: 2 }), expected: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 2 } } },
  ];
  it.each(cases)('strategy: $name', ({ input, expected }) => {
    expect(admit(deploymentDef, input).spec.strategy).toEqual(expected);
  });

  it.each(cases)('is idempotent: $name', ({ input }) => {
    const once = admit(deploymentDef, input);
    expect(admit(deploymentDef, structuredClone(once))).toEqual(once);
  });

  it('keeps written values', () => {
    const d = admit(deploymentDef, deploy({ replicas: 3, revisionHistoryLimit: 0, progressDeadlineSeconds: 120, minReadySeconds: 5, paused: true }));
    expect(d.spec).toMatchObject({ replicas: 3, revisionHistoryLimit: 0, progressDeadlineSeconds: 120, minReadySeconds: 5, paused: true });
  });

  it('pulls an untagged (`latest`) image always', () => {
    expect(admit(deploymentDef, deploy({ template: template({}) })).spec.template.spec.containers[0]).toMatchObject({ imagePullPolicy: 'Always' });
  });

  it('keeps fields it does not model', () => {
    const d = admit(deploymentDef, { ...deploy({ future: { a: 1 }, strategy: { type: 'RollingUpdate', rollingUpdate: { x: 1 } } }), extra: true });
    expect(d).toMatchObject({ extra: true, spec: { future: { a: 1 }, strategy: { rollingUpdate: { x: 1, maxSurge: '25%' } } } });
  });

  it('names the field of a wrong type', () => {
    expect(problems(deploy({ replicas: '3' }))).toEqual(['spec.replicas: Invalid value: "3": must be of type integer']);
    expect(problems(deploy({ paused: 'yes' }))).toEqual(['spec.paused: Invalid value: "yes": must be of type boolean']);
  });
});

describe('Deployment validation', () => {
  it("answers in the API server's words", () => {
    expect(message(deploy({ replicas: -1 }))).toBe(
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('reports a missing selector twice, as Kubernetes does: required, and matching nothing', () => {
    expect(message(deploy({ selector: undefined }))).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, ' +
        'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`]',
    );
  });

  it('lists every problem of a manifest together', () => {
    expect(problems(deploy({ replicas: -2, minReadySeconds: -1, revisionHistoryLimit: -1, strategy: { type: 'Recreate', rollingUpdate: {} } }, 'Web'))).toEqual([
      ...isDNS1123Subdomain('Web').map((m) => `metadata.name: Invalid value: "Web": ${m}`),
      'spec.replicas: Invalid value: -2: must be greater than or equal to 0',
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  const cases: { name: string; input: Record<string, unknown>; expected: string[] }[] = [
    { name: 'valid', input: deploy(), expected: [] },
    { name: 'zero replicas are fine', input: deploy({ replicas: 0 }), expected: [] },
    { name: 'empty selector', input: deploy({ selector: {} }), expected: ['spec.selector: Invalid value: {}: empty selector is invalid for deployment'] },
    {
      name: 'selector that misses the template',
      input: deploy({ selector: { matchLabels: { app: 'api' } } }),
      expected: [`spec.template.metadata.labels: Invalid value: {"app":"web"}: ${MISMATCH}`],
    },
    {
      name: 'template without labels',
      input: deploy({ template: { spec: template({}).spec } }),
      expected: [`spec.template.metadata.labels: Invalid value: null: ${MISMATCH}`],
    },
    {
      name: 'unknown strategy type, reported on the strategy',
      input: strategy({ type: 'BlueGreen' }),
      expected: ['spec.strategy: Unsupported value: {"type":"BlueGreen"}: supported values: "Recreate", "RollingUpdate"'],
    },
    {
      name: 'Recreate with rollingUpdate',
      input: strategy({ type: 'Recreate', rollingUpdate: { maxSurge: 1 } }),
      expected: ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    },
    {
      name: 'maxSurge and maxUnavailable both 0',
      input: rolling({ maxSurge: 0, maxUnavailable: 0 }),
      expected: ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
    },
    {
      name: 'both 0%',
      input: rolling({ maxSurge: '0%', maxUnavailable: '0%' }),
      expected: ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0'],
    },
    { name: 'maxSurge 0 alone is fine', input: rolling({ maxSurge: 0, maxUnavailable: 1 }), expected: [] },
    { name: 'maxUnavailable 0 alone is fine', input: rolling({ maxSurge: 1, maxUnavailable: 0 }), expected: [] },
    { name: 'maxSurge may exceed 100%', input: rolling({ maxSurge: '200%', maxUnavailable: 0 }), expected: [] },
    {
      name: 'maxUnavailable may not exceed 100%',
      input: rolling({ maxSurge: 1, maxUnavailable: '101%' }),
      expected: ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "101%": must not be greater than 100%'],
    },
    {
      name: 'negative maxSurge',
      input: rolling({ maxSurge: -1, maxUnavailable: 1 }),
      expected: ['spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0'],
    },
    {
      name: 'progressDeadlineSeconds must exceed minReadySeconds',
      input: deploy({ minReadySeconds: 30, progressDeadlineSeconds: 30 }),
      expected: ['spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds'],
    },
    {
      name: 'negative progressDeadlineSeconds',
      input: deploy({ progressDeadlineSeconds: -1 }),
      expected: [
        'spec.progressDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0',
        'spec.progressDeadlineSeconds: Invalid value: -1: must be greater than minReadySeconds',
      ],
    },
    { name: 'revisionHistoryLimit 0 keeps nothing, validly', input: deploy({ revisionHistoryLimit: 0 }), expected: [] },
    {
      name: 'restartPolicy other than Always',
      input: deploy({ template: template({ restartPolicy: 'OnFailure' }) }),
      expected: ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    },
    {
      name: 'a malformed percentage counts as 0',
      input: rolling({ maxSurge: '1.5%', maxUnavailable: 0 }),
      expected: [
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"1.5%\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
      ],
    },
    {
      name: 'no spec at all',
      input: { metadata: { name: 'web', namespace: 'default' } },
      expected: ['spec.selector: Required value', `spec.template.metadata.labels: Invalid value: null: ${MISMATCH}`, 'spec.template.spec.containers: Required value'],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(problems(input)).toEqual(expected);
  });

  it('is namespaced and named like a DNS subdomain', () => {
    expect(problems({ ...deploy(), metadata: { name: 'web.v2' } })).toEqual(['metadata.namespace: Required value']);
  });
});

describe('Deployment update', () => {
  const old = admit(deploymentDef, deploy());

  it('may scale and change its template', () => {
    expect(problems(deploy({ replicas: 5, template: template({ containers: [{ name: 'web', image: 'nginx:1.26' }] }) }), old)).toEqual([]);
  });

  it('may not change its selector (apps/v1)', () => {
    const labels = { app: 'web', tier: 'front' };
    const next = deploy({ selector: { matchLabels: labels }, template: template({}, labels) });
    expect(message(next, old)).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"front"}}: field is immutable',
    );
  });

  it('sees an empty matchExpressions as the same selector', () => {
    expect(problems(deploy({ selector: { matchLabels: { app: 'web' }, matchExpressions: [] } }), old)).toEqual([]);
  });
});

describe('Deployment status', () => {
  const old = admit(deploymentDef, deploy({ replicas: 3 }));
  const statusProblems = (status: unknown, prev: Deployment = old) => rejection(() => admitStatus(deploymentDef, prev, status)).causes;

  it('takes what the controller reports', () => {
    const available = { type: 'Available', status: 'True', lastUpdateTime: '2024-01-01T00:00:00Z', lastTransitionTime: '2024-01-01T00:00:00Z' };
    const conditions = [{ ...available, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }];
    const status = { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions };
    expect(admitStatus(deploymentDef, old, status).status).toEqual(status);
  });

  const cases: { name: string; status: Record<string, unknown>; expected: string[] }[] = [
    { name: 'empty', status: {}, expected: [] },
    {
      name: 'negative counts',
      status: { observedGeneration: -1, unavailableReplicas: -1, terminatingReplicas: -1, collisionCount: -1 },
      expected: [
        'status.observedGeneration: Invalid value: -1: must be greater than or equal to 0',
        'status.unavailableReplicas: Invalid value: -1: must be greater than or equal to 0',
        'status.terminatingReplicas: Invalid value: -1: must be greater than or equal to 0',
        'status.collisionCount: Invalid value: -1: must be greater than or equal to 0',
      ],
    },
    {
      // Absent counts are Go's zeros, and 0 > -1: Kubernetes reports these too.
      name: 'negative replicas are outnumbered by zeros',
      status: { replicas: -1 },
      expected: [
        'status.replicas: Invalid value: -1: must be greater than or equal to 0',
        'status.updatedReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas',
      ],
    },
    {
      name: 'more updated, ready or available than all',
      status: { replicas: 1, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
      expected: [
        'status.updatedReplicas: Invalid value: 2: cannot be greater than status.replicas',
        'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
        'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
      ],
    },
    { name: 'more available than ready', status: { replicas: 3, readyReplicas: 1, availableReplicas: 2 }, expected: ['status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas'] },
  ];
  it.each(cases)('$name', ({ status, expected }) => {
    expect(statusProblems(status)).toEqual(expected);
  });

  it('never lowers collisionCount', () => {
    const collided = admitStatus(deploymentDef, old, { collisionCount: 2 });
    expect(statusProblems({ collisionCount: 3 }, collided)).toEqual([]);
    expect(statusProblems({ collisionCount: 1 }, collided)).toEqual(['status.collisionCount: Invalid value: 1: cannot be decremented']);
    expect(statusProblems({}, collided)).toEqual(['status.collisionCount: Invalid value: 0: cannot be decremented']);
  });
});
