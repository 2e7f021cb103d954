/**
 * pod-template-hash: a 32-bit FNV-1a hash of the pod template (and the Deployment's collisionCount, when
 * set), written as a decimal number and then "safe-encoded" character by character into Kubernetes'
 * name alphabet — which is why ReplicaSets are named like `web-7d8f9c6b4`. The same template always
 * gives the same hash, so going back to an old template finds its old ReplicaSet again.
 *
 * Kubernetes hashes Go's printed form of the template struct; kubesim hashes the template's canonical
 * JSON (keys sorted), so the values differ from a real cluster's while keeping every property above.
 */
import { NAME_ALPHABET } from '../../../sim/rng.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1a(bytes: Uint8Array, hash = FNV_OFFSET): number {
  let h = hash;
  for (const b of bytes) h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  return h >>> 0;
}

/**
 * Each frozen object's canonical JSON. A stored object never changes (a change is a new version that
 * shares what it did not touch), so a template is printed once, not on every sync of its Deployment.
 */
const printed = new WeakMap<object, string>();

/** JSON with object keys in sorted order, so equal templates always print alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const known = printed.get(value);
  if (known !== undefined) return known;
  let out: string;
  if (Array.isArray(value)) out = `[${value.map(canonicalJson).join(',')}]`;
  else {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    out = `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  if (Object.isFrozen(value)) printed.set(value, out);
  return out;
}

/** rand.SafeEncodeString: each character mapped into the alphabet, so no vowels and no look-alikes. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += NAME_ALPHABET[s.charCodeAt(i) % NAME_ALPHABET.length];
  return out;
}

/** Each frozen template's hash by collisionCount, for the same reason as `printed`. */
const hashed = new WeakMap<object, Map<number | undefined, string>>();

/** ComputeHash(template, collisionCount). */
export function computeHash(template: unknown, collisionCount?: number): string {
  if (template === null || typeof template !== 'object' || !Object.isFrozen(template)) return hashOf(template, collisionCount);
  let byCount = hashed.get(template);
  if (!byCount) hashed.set(template, (byCount = new Map()));
  let hash = byCount.get(collisionCount);
  if (hash === undefined) byCount.set(collisionCount, (hash = hashOf(template, collisionCount)));
  return hash;
}

function hashOf(template: unknown, collisionCount: number | undefined): string {
  const encoder = new TextEncoder();
  let h = fnv1a(encoder.encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    // Kubernetes writes the count little-endian into an 8-byte buffer and hashes all 8 bytes.
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv1a(bytes, h);
  }
  return safeEncodeString(String(h));
}
