/**
 * `-f` as kubectl reads it: files, folders (their .yaml/.yml/.json files, in name order) and `-` for
 * stdin; each file may hold many documents or a List. Everything is read and parsed before anything is
 * sent, so a broken file stops the command before it changes anything.
 */
import { parseManifests } from '../api/manifest.js';
import type { KubeObject } from '../api/meta.js';
import type { KubectlContext } from './context.js';
import { clientError } from './errors.js';

export interface SourcedObject {
  /** The file it came from (`web.yaml`, `STDIN`), for `error when creating "web.yaml": ...`. */
  source: string;
  object: KubeObject;
}

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/;

export function readFilenames(
  ctx: KubectlContext,
  filenames: readonly string[],
  io: { stdin?: string; baseDir?: string },
  verb = 'apply',
): SourcedObject[] {
  const out: SourcedObject[] = [];
  const readText = (path: string): string => {
    if (!ctx.readFile) throw clientError(`the path "${path}" does not exist`);
    try {
      return ctx.readFile(path, io.baseDir);
    } catch {
      throw clientError(`the path "${path}" does not exist`);
    }
  };
  const addText = (text: string, source: string) => {
    for (const object of parseManifests(text, source)) out.push({ source, object: object as KubeObject });
  };
  for (const name of filenames) {
    if (name === '-') {
      addText(io.stdin ?? '', 'STDIN');
      continue;
    }
    const entries = ctx.readDir?.(name, io.baseDir);
    if (entries) {
      for (const entry of entries.filter((e) => MANIFEST_EXTENSIONS.test(e))) {
        const path = `${name.replace(/\/$/, '')}/${entry}`;
        addText(readText(path), path);
      }
      continue;
    }
    addText(readText(name), name);
  }
  if (out.length === 0) throw clientError(`no objects passed to ${verb}`);
  return out;
}
