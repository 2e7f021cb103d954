/**
 * The walkthrough suite: the article's scenario (scenarios/walkthrough.yaml) end to end through the
 * scenario runner, kubectl output and all — what `npm start` costs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../src/scenario/parse.js';
import { runScenario } from '../src/scenario/runner.js';
import { cpuTime, perSecond, report, time } from './report.js';

const FILE = fileURLToPath(new URL('../scenarios/walkthrough.yaml', import.meta.url));

export function walkthroughSuite(): void {
  const scenario = parseScenario(readFileSync(FILE, 'utf8'), FILE);
  const cpu = cpuTime();
  const run = time(() => runScenario(scenario, { trace: true }));
  const cpuMs = cpu();
  if (!run.result.ok) throw new Error(`walkthrough: the scenario failed: ${run.result.failures.map((f) => f.message).join('; ')}`);
  const writes = run.result.trace?.length ?? 0;
  report('walkthrough', scenario.seed ?? 1, [
    { name: 'wall time', value: Math.round(run.ms), unit: 'ms', note: `${scenario.steps.length} steps` },
    { name: 'cpu time', value: Math.round(cpuMs), unit: 'ms' },
    { name: 'simulated time covered', value: run.result.elapsed / 1000, unit: 's' },
    { name: 'simulated per wall second', value: Math.round(run.result.elapsed / run.ms), unit: '×' },
    { name: 'store writes', value: writes, unit: 'writes' },
    { name: 'writes per second', value: perSecond(writes, run.ms), unit: 'writes/s' },
  ]);
}
