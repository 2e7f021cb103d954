/**
 * Every scenario in scenarios/ runs green and prints exactly its golden transcript
 * (test/scenario/golden/<name>.txt). After an intended change, regenerate them with
 * `UPDATE_GOLDEN=1 npx vitest run test/scenario` and read the diff before committing it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/runner.js';

const root = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));
const files = readdirSync(root).filter((f) => f.endsWith('.yaml')).sort();

describe('shipped scenarios', () => {
  it.each(files)('%s runs green and prints its golden transcript', (file) => {
    const path = join(root, file);
    const result = runScenario(parseScenario(readFileSync(path, 'utf8'), path));
    expect(result.failures).toEqual([]);
    const golden = join(goldenDir, file.replace(/\.yaml$/, '.txt'));
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, result.transcript);
    expect(existsSync(golden), `no golden transcript ${golden}: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(result.transcript).toBe(readFileSync(golden, 'utf8'));
  });
});
