/**
 * ObjectMeta, OwnerReference and LabelSelector: the parts every kind shares (apimachinery's meta/v1).
 * Objects are loose: fields kubesim does not model are kept as they were written, the way the API server
 * keeps every field its schema knows.
 */
import { z } from 'zod';

export const OwnerReferenceSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});
export type OwnerReference = z.infer<typeof OwnerReferenceSchema>;

export const ObjectMetaSchema = z.looseObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().int().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  deletionGracePeriodSeconds: z.number().int().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  ownerReferences: z.array(OwnerReferenceSchema).optional(),
  finalizers: z.array(z.string()).optional(),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

export const LabelSelectorRequirementSchema = z.looseObject({
  key: z.string(),
  operator: z.string(),
  values: z.array(z.string()).optional(),
});
export type LabelSelectorRequirement = z.infer<typeof LabelSelectorRequirementSchema>;

export const LabelSelectorSchema = z.looseObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(LabelSelectorRequirementSchema).optional(),
});
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

/** What every stored object has, whatever its kind. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** Kubernetes timestamps are RFC 3339 with whole seconds (`2024-01-01T00:00:00Z`). */
export function formatTimestamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  const slot = ((second % TIMESTAMP_SLOTS) + TIMESTAMP_SLOTS) % TIMESTAMP_SLOTS;
  if (timestampSeconds[slot] !== second) {
    timestampSeconds[slot] = second;
    timestampTexts[slot] = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return timestampTexts[slot]!;
}

// The text of each of the last few minutes' seconds, made once: simulated time mostly asks for recent
// seconds, again and again, and every object that keeps a timestamp then shares one string instead of
// holding its own copy (a pod keeps about eight, an Event three).
const TIMESTAMP_SLOTS = 256;
const timestampSeconds = new Float64Array(TIMESTAMP_SLOTS).fill(Number.NaN);
const timestampTexts: string[] = new Array<string>(TIMESTAMP_SLOTS).fill('');

/**
 * Milliseconds since the epoch of an RFC 3339 timestamp. Controllers read the same few timestamps over
 * and over (a ReplicaSet's creationTimestamp on every sort, a condition's on every sync), most of them
 * the shared texts above: the last few hundred are kept with their value.
 */
export function parseTimestamp(s: string): number {
  let ms = parsedTimestamps.get(s);
  if (ms === undefined) {
    if (parsedTimestamps.size >= TIMESTAMP_SLOTS) parsedTimestamps.clear();
    parsedTimestamps.set(s, (ms = Date.parse(s)));
  }
  return ms;
}

const parsedTimestamps = new Map<string, number>();
