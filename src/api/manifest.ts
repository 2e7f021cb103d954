/**
 * Manifests as people write them: YAML (one or many `---` documents) or JSON, a single object or a
 * `List`. Turns text into the plain objects a client sends, with kubectl's error wording for text that
 * is not a manifest, and never a partial result: a file with one broken document yields nothing.
 */
import { parseAllDocuments } from 'yaml';

/** A problem with a manifest file, worded as kubectl words it (`error parsing web.yaml: ...`). */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

const VALIDATE_HINT = 'if you choose to ignore these errors, turn validation off with --validate=false';

/** The objects in `text`, in order. `source` names the file in errors (`web.yaml`, or `STDIN`). */
export function parseManifests(text: string, source = 'STDIN'): Record<string, unknown>[] {
  // kubectl decodes text that starts with `{` as JSON, anything else as YAML (a superset of JSON).
  const docs = text.trimStart().startsWith('{') ? [parseJson(text, source)] : parseYaml(text, source);
  const out: Record<string, unknown>[] = [];
  for (const doc of docs) {
    if (doc !== null && doc !== undefined) collect(doc, source, out); // empty documents are skipped
  }
  return out;
}

function collect(doc: unknown, source: string, out: Record<string, unknown>[]): void {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalidData(source, 'invalid object to validate');
  const obj = doc as Record<string, unknown>;
  if (typeof obj.kind !== 'string' || obj.kind === '') throw invalidData(source, 'kind not set');
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') throw invalidData(source, 'apiVersion not set');
  // `kind: List` (what `kubectl get -o yaml` prints) carries its objects in `items`.
  if (obj.kind === 'List') {
    for (const item of Array.isArray(obj.items) ? obj.items : []) collect(item, source, out);
  } else {
    out.push(obj);
  }
}

function invalidData(source: string, what: string): ManifestError {
  return new ManifestError(`error validating "${source}": error validating data: ${what}; ${VALIDATE_HINT}`);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ManifestError(`error parsing ${source}: json: ${(e as Error).message}`);
  }
}

function parseYaml(text: string, source: string): unknown[] {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const values: unknown[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      const first = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? err.message;
      throw new ManifestError(
        `error parsing ${source}: error converting YAML to JSON: yaml: ${line !== undefined ? `line ${line}: ` : ''}${lowerFirst(first)}`,
      );
    }
    values.push(doc.toJS({ maxAliasCount: 100 }));
  }
  return values;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
