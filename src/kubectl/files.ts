/**
 * Files for `kubectl -f` from the real file system: a path, relative to a base folder; a folder reads
 * its `.yaml`, `.yml` and `.json` files in name order (kubectl's FileVisitor does the same, without
 * `-R`). What `createCluster` can hand to the KubectlContext.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

function resolve(path: string, baseDir?: string): string {
  return isAbsolute(path) || !baseDir ? path : join(baseDir, path);
}

export const nodeFiles = {
  readFile(path: string, baseDir?: string): string {
    return readFileSync(resolve(path, baseDir), 'utf8');
  },
  readDir(path: string, baseDir?: string): string[] | undefined {
    const full = resolve(path, baseDir);
    let isDir = false;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      return undefined;
    }
    return isDir ? readdirSync(full).sort() : undefined;
  },
};
