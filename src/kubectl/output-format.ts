/**
 * `-o`: which printer a command uses, and kubectl's error for one it does not know. Each command lists
 * the formats it accepts (kubectl's own lists, in its order) so the error names exactly those.
 */
import { clientError } from './errors.js';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string };

export const GET_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';
export const OBJECT_FORMATS = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

export function parseOutput(value: string | undefined, allowed: string): OutputFormat {
  if (value === undefined || value === '') return { kind: 'table', wide: false };
  if (value === 'wide' && allowed.includes('wide')) return { kind: 'table', wide: true };
  if (value === 'yaml' || value === 'json' || value === 'name') return { kind: value };
  const jp = /^jsonpath=(.*)$/s.exec(value);
  if (jp) return { kind: 'jsonpath', template: jp[1]! };
  if (value === 'jsonpath') throw clientError('template format specified but no template given');
  throw clientError(`unable to match a printer suitable for the output format "${value}", allowed formats are: ${allowed}`);
}
