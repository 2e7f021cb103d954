/**
 * Vitest's global setup: the tests' temporary files (kubeconfigs, scenario files, property-test
 * replays) go under one directory of their own, made before the test workers start and removed when
 * the run ends, so a run leaves nothing behind in the system's temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-tests-'));
  // os.tmpdir() reads TMPDIR; the workers, started after this, inherit it.
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
