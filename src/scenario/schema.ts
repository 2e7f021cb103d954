/**
 * What a scenario file may say, as zod schemas: the file's top level (name, description, seed, cluster)
 * and one schema per step key. A step is a mapping with exactly one action key — `kubectl`, `apply`,
 * `advance`, `crashNode`, `recoverNode`, `partitionNode`, `healNode`, `cordon`, `uncordon`, `traffic`,
 * `note` — plus `expect` where the action has an outcome to check. The step keys are a contract with the
 * people who write scenarios: keys are added, never renamed.
 */
import { z } from 'zod';
import { parseDuration } from '../sim/duration.js';

const duration = z.union([z.number().nonnegative(), z.string()]).refine(
  (v) => {
    try {
      parseDuration(v);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a duration like "30s", "5m" or "1h30m"' },
);

const nodeName = z.string().min(1, 'expected a node name like "node-2"');

export const kubectlExpect = z.strictObject({
  exitCode: z.number().int().optional(),
  /** The whole of stdout, exactly. */
  stdout: z.string().optional(),
  /** Text stdout (or stderr) must contain. */
  contains: z.union([z.string(), z.array(z.string())]).optional(),
  /** A regular expression stdout must match. */
  matches: z.string().optional(),
});

export const trafficSpec = z.strictObject({
  url: z.string().min(1),
  rps: z.number().positive(),
  duration,
  from: z.string().optional(),
});

export const trafficExpect = z.strictObject({
  failed: z.number().int().nonnegative().optional(),
  minFailed: z.number().int().nonnegative().optional(),
  succeeded: z.number().int().nonnegative().optional(),
});

/** Each action key's value. */
export const actionSchemas = {
  note: z.string(),
  kubectl: z.string().min(1, 'expected a kubectl command line like "get pods"'),
  apply: z.union([z.string().min(1), z.strictObject({ yaml: z.string().min(1) })]),
  advance: duration,
  crashNode: nodeName,
  recoverNode: nodeName,
  partitionNode: nodeName,
  healNode: nodeName,
  cordon: nodeName,
  uncordon: nodeName,
  traffic: trafficSpec,
} as const;

export type ActionKey = keyof typeof actionSchemas;
export const ACTION_KEYS = Object.keys(actionSchemas) as ActionKey[];

/** Which actions take an `expect`, and what it may say. */
export const expectSchemas: Partial<Record<ActionKey, z.ZodType>> = {
  kubectl: kubectlExpect,
  apply: kubectlExpect,
  traffic: trafficExpect,
};

export type KubectlExpect = z.infer<typeof kubectlExpect>;
export type TrafficSpec = z.infer<typeof trafficSpec>;
export type TrafficExpect = z.infer<typeof trafficExpect>;

export type Step =
  | { line: number; action: 'note'; value: string }
  | { line: number; action: 'kubectl'; value: string; expect?: KubectlExpect }
  | { line: number; action: 'apply'; value: string | { yaml: string }; expect?: KubectlExpect }
  | { line: number; action: 'advance'; value: string | number }
  | { line: number; action: 'crashNode' | 'recoverNode' | 'partitionNode' | 'healNode' | 'cordon' | 'uncordon'; value: string }
  | { line: number; action: 'traffic'; value: TrafficSpec; expect?: TrafficExpect };

export const scenarioHeader = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  seed: z.number().int().nonnegative().optional(),
  /** Simulated wall time at the start (RFC 3339); the default is the cluster's. */
  epoch: z.string().optional(),
  cluster: z
    .strictObject({
      nodes: z.union([z.number().int().nonnegative(), z.array(z.record(z.string(), z.unknown()))]).optional(),
      images: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  steps: z.array(z.unknown()).min(1, 'a scenario needs at least one step'),
});

export interface Scenario {
  name: string;
  description?: string;
  seed?: number;
  epoch?: string;
  cluster: { nodes?: number | Record<string, unknown>[]; images?: Record<string, unknown> };
  steps: Step[];
  /** The file it came from (for errors and relative paths), or `<inline>`. */
  source: string;
}
