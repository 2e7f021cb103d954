import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';

const ok = `name: demo
seed: 7
cluster:
  nodes: 2
steps:
  - note: hello
  - kubectl: get pods
    expect: { exitCode: 0, contains: Running }
  - apply: { yaml: "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: x}\\n" }
  - advance: 30s
  - crashNode: node-2
  - traffic: { url: "http://web", rps: 5, duration: 10s }
    expect: { failed: 0 }
`;

describe('parseScenario', () => {
  it('reads every step kind with its line', () => {
    const s = parseScenario(ok, 'demo.yaml');
    expect(s).toMatchObject({ name: 'demo', seed: 7, cluster: { nodes: 2 }, source: 'demo.yaml' });
    expect(s.steps.map((st) => [st.action, st.line])).toEqual([
      ['note', 6],
      ['kubectl', 7],
      ['apply', 9],
      ['advance', 10],
      ['crashNode', 11],
      ['traffic', 12],
    ]);
    expect(s.steps[1]).toMatchObject({ value: 'get pods', expect: { exitCode: 0, contains: 'Running' } });
  });

  it('reads the scenarios shipped in scenarios/', () => {
    const text = readFileSync(new URL('../../scenarios/walkthrough.yaml', import.meta.url), 'utf8');
    expect(parseScenario(text, 'walkthrough.yaml').steps.length).toBeGreaterThan(10);
  });

  it.each([
    ['not YAML', 'name: [x\n', /^f\.yaml:\d+: not valid YAML: /],
    ['not a mapping', '- a\n- b\n', 'f.yaml:1: expected a mapping with name, cluster and steps'],
    ['no name', 'steps:\n  - note: x\n', 'f.yaml:1: name: required (string)'],
    ['unknown top-level key', 'name: x\nstep: []\nsteps:\n  - note: x\n', 'f.yaml:1: unknown field "step"'],
    ['no steps', 'name: x\nsteps: []\n', 'f.yaml:2: steps: a scenario needs at least one step'],
    ['unknown step key', 'name: x\nsteps:\n  - note: a\n  - kubctl: get pods\n', 'f.yaml:4: step 2: unknown key "kubctl"; a step is one of: note, kubectl, apply, advance, crashNode, recoverNode, partitionNode, healNode, cordon, uncordon, traffic'],
    ['two actions', 'name: x\nsteps:\n  - note: a\n    advance: 1s\n', 'f.yaml:3: step 1: has 2 actions (note, advance); a step has exactly one of: note, kubectl, apply, advance, crashNode, recoverNode, partitionNode, healNode, cordon, uncordon, traffic'],
    ['bad duration', 'name: x\nsteps:\n  - note: a\n  - advance: soon\n', 'f.yaml:4: step 2: advance: expected a duration like "30s", "5m" or "1h30m"'],
    ['bad expect', 'name: x\nsteps:\n  - kubectl: get pods\n    expect: { exitcode: 1 }\n', 'f.yaml:4: step 1: expect: unknown field "exitcode"'],
    ['expect where nothing is expected', 'name: x\nsteps:\n  - advance: 1s\n    expect: { exitCode: 0 }\n', 'f.yaml:4: step 1: expect: a advance step has nothing to expect'],
    ['kubectl word repeated', 'name: x\nsteps:\n  - kubectl: kubectl get pods\n', 'f.yaml:3: step 1: kubectl: write the command without "kubectl" (kubectl: get pods)'],
    ['traffic without a rate', 'name: x\nsteps:\n  - traffic:\n      url: http://web\n      duration: 5s\n', 'f.yaml:4: step 1: traffic: rps: required (number)'],
  ])('%s: names the line, the step and the key', (_what, text, message) => {
    let thrown: unknown;
    try {
      parseScenario(text, 'f.yaml');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    if (typeof message === 'string') expect((thrown as Error).message).toBe(message);
    else expect((thrown as Error).message).toMatch(message);
  });
});
