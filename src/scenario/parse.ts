/**
 * Reads a scenario file: YAML → the checked Scenario, or one ScenarioError that says where and what —
 * `walkthrough.yaml:14: step 3: advance: expected a duration like "30s", "5m" or "1h30m"`. Line numbers
 * come from the YAML parser's source ranges, so the error points at the line to fix. Nothing runs until
 * the whole file is valid.
 */
import { LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { ACTION_KEYS, actionSchemas, expectSchemas, scenarioHeader, type ActionKey, type Scenario, type Step } from './schema.js';

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

type Path = (string | number)[];

class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The line of the node at `path`, or of its nearest ancestor that exists. */
  line(path: Path): number {
    for (let n = path.length; n >= 0; n--) {
      const node = (n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true)) as YamlNode | null | undefined;
      if (node && (node as { range?: [number, number, number] }).range) {
        return this.lines.linePos((node as { range: [number, number, number] }).range[0]).line;
      }
    }
    return 1;
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') return `${field}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `${field}required (${issue.expected})`;
  if (issue.code === 'invalid_type') return `${field}expected ${issue.expected}`;
  return `${field}${issue.message}`;
}

export function parseScenario(text: string, source = '<inline>'): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line;
    throw new ScenarioError(`${source}:${line}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const at = new Locator(doc, lines);
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(`${source}:1: expected a mapping with name, cluster and steps`);
  }
  const header = scenarioHeader.safeParse(raw);
  if (!header.success) {
    const issue = header.error.issues[0]!;
    throw new ScenarioError(`${source}:${at.line(issue.path as Path)}: ${describeIssue(issue)}`);
  }
  const steps = header.data.steps.map((s, i) => parseStep(s, i, source, at));
  const { cluster, description, seed, epoch } = header.data;
  return {
    name: header.data.name,
    ...(description !== undefined ? { description } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(epoch !== undefined ? { epoch } : {}),
    cluster: {
      ...(cluster?.nodes !== undefined ? { nodes: cluster.nodes } : {}),
      ...(cluster?.images !== undefined ? { images: cluster.images } : {}),
    },
    steps,
    source,
  };
}

function parseStep(raw: unknown, i: number, source: string, at: Locator): Step {
  const path: Path = ['steps', i];
  const where = (sub: Path = []) => `${source}:${at.line([...path, ...sub])}: step ${i + 1}`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(`${where()}: expected a mapping with one of: ${ACTION_KEYS.join(', ')}`);
  }
  const obj = raw as Record<string, unknown>;
  const actions = Object.keys(obj).filter((k): k is ActionKey => (ACTION_KEYS as string[]).includes(k));
  const others = Object.keys(obj).filter((k) => !(ACTION_KEYS as string[]).includes(k) && k !== 'expect');
  if (others.length > 0) {
    throw new ScenarioError(`${where([others[0]!])}: unknown key "${others[0]}"; a step is one of: ${ACTION_KEYS.join(', ')}`);
  }
  if (actions.length !== 1) {
    const what = actions.length === 0 ? 'no action' : `${actions.length} actions (${actions.join(', ')})`;
    throw new ScenarioError(`${where()}: has ${what}; a step has exactly one of: ${ACTION_KEYS.join(', ')}`);
  }
  const action = actions[0]!;
  const value = actionSchemas[action].safeParse(obj[action]);
  if (!value.success) {
    const issue = value.error.issues[0]!;
    throw new ScenarioError(`${where([action, ...(issue.path as Path)])}: ${action}: ${describeIssue(issue)}`);
  }
  const step = { line: at.line(path), action, value: value.data } as Step & { expect?: unknown };
  if (obj.expect !== undefined) {
    const schema = expectSchemas[action];
    if (!schema) throw new ScenarioError(`${where(['expect'])}: expect: a ${action} step has nothing to expect`);
    const expect = schema.safeParse(obj.expect);
    if (!expect.success) {
      const issue = expect.error.issues[0]!;
      throw new ScenarioError(`${where(['expect', ...(issue.path as Path)])}: expect: ${describeIssue(issue)}`);
    }
    step.expect = expect.data;
  }
  if (action === 'kubectl' && /^\s*kubectl\s/.test(step.value as string)) {
    throw new ScenarioError(`${where([action])}: kubectl: write the command without "kubectl" (kubectl: get pods)`);
  }
  return step;
}

