/**
 * Rules for the key/value bags of ConfigMaps and Secrets: key names (apimachinery's IsConfigMapKey,
 * word for word), the 1 MiB size limit, and base64 decoding as strict as Go's encoding/json is when it
 * reads a `[]byte` field, so a value the API server would refuse is refused here with the same offset.
 */
import { fieldError, type FieldError } from '../errors.js';

/** core.MaxSecretSize, which also bounds ConfigMaps. */
export const MAX_SECRET_SIZE = 1024 * 1024;

const CONFIG_MAP_KEY = '[-._a-zA-Z0-9]+';
const configMapKeyRe = new RegExp(`^${CONFIG_MAP_KEY}$`);

/** Problems with a ConfigMap or Secret key; empty when valid. */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!configMapKeyRe.test(key)) {
    errs.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' " +
        `(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '${CONFIG_MAP_KEY}')`,
    );
  }
  // Keys become file names when mounted as a volume: `.` and `..` would escape the directory.
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** Key errors for one bag, each at `<bag>[<key>]` as field.Path.Key prints it. */
export function validateKeys(bag: Record<string, unknown> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of Object.keys(bag ?? {})) {
    for (const msg of isConfigMapKey(key)) errs.push(fieldError.invalid(`${path}[${key}]`, key, msg));
  }
  return errs;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Decodes standard, padded base64 the way Go's base64.StdEncoding does (CR and LF are skipped). Returns
 * the bytes, or the message Go gives: `illegal base64 data at input byte N`, N being where decoding
 * stopped making sense (a bad character, or the start of an incomplete group).
 */
export function decodeBase64(s: string): { bytes: Buffer } | { error: string } {
  const clean = s.replace(/[\r\n]/g, '');
  const n = clean.length;
  // Fast path: canonical, padded base64 (almost every value).
  if (n % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return { bytes: Buffer.from(clean, 'base64') };
  /** Go reports offsets in the input as given, newlines included. */
  const originalIndex = (k: number): number => {
    if (k >= n) return s.length;
    let seen = -1;
    for (let i = 0; i < s.length; i++) if (s[i] !== '\r' && s[i] !== '\n' && ++seen === k) return i;
    return s.length;
  };
  const fail = (k: number) => ({ error: `illegal base64 data at input byte ${originalIndex(k)}` });
  let si = 0;
  while (si < n) {
    for (let j = 0; j < 4; j++) {
      if (si === n) return fail(si - j); // an incomplete group: Go points at its start
      const c = clean[si++]!;
      if (B64.includes(c)) continue;
      if (c !== '=') return fail(si - 1);
      // Padding may only fill the last one or two places of the last group.
      if (j < 2) return fail(si - 1);
      if (j === 2) {
        if (si === n) return fail(n);
        if (clean[si] !== '=') return fail(si - 1);
        si++;
      }
      if (si < n) return fail(si);
      return { bytes: Buffer.from(clean, 'base64') };
    }
  }
  return { bytes: Buffer.from(clean, 'base64') };
}

/** The decoded size of a base64 value, 0 when it does not decode (its error is reported elsewhere). */
export function decodedLength(s: string): number {
  const d = decodeBase64(s);
  return 'bytes' in d ? d.bytes.length : 0;
}

/** Base64 errors for one bag. The value is not echoed: for a Secret it is the secret. */
export function validateBase64Values(bag: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(bag ?? {})) {
    const d = decodeBase64(value);
    if ('error' in d) errs.push(fieldError.invalid(`${path}[${key}]`, '<secret contents redacted>', d.error));
  }
  return errs;
}

/**
 * Rewrites every value that decodes into canonical base64, as the API server does by decoding into
 * bytes and encoding again on the way out. Values that do not decode are left for validation to report.
 * Idempotent.
 */
export function canonicalizeBase64(bag: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(bag ?? {})) {
    const d = decodeBase64(value);
    if ('bytes' in d) bag![key] = d.bytes.toString('base64');
  }
}

type Bag = Record<string, string> | undefined;

/** Equal contents; an absent bag equals an empty one, as they are after a round trip through storage. */
export function sameBag(a: Bag, b: Bag): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => b !== undefined && Object.hasOwn(b, k) && b[k] === a![k]);
}

/**
 * The update rule of an object with `immutable: true`: it may not become mutable again, and the named
 * bags may not change (ValidateSecretUpdate, ValidateConfigMapUpdate).
 */
export function validateImmutableBags<T extends { immutable?: boolean | undefined }>(
  obj: T,
  old: T,
  bags: readonly (keyof T & string)[],
): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  const detail = 'field is immutable when `immutable` is set';
  if (obj.immutable !== true) errs.push(fieldError.forbidden('immutable', detail));
  for (const bag of bags) {
    if (!sameBag(obj[bag] as Bag, old[bag] as Bag)) errs.push(fieldError.forbidden(bag, detail));
  }
  return errs;
}
