/**
 * The image model: how the app inside each image behaves, declared as plain data by a scenario or a test
 * (`images: { 'myapp:1.4.3': { readyAfter: '20s' } }`). It is what makes a rollout break in kubesim: an
 * image that does not exist, an app that crashes, one whose health check starts failing, one that never
 * becomes ready.
 *
 * Guarantees: the data is validated once, at construction, with errors that name the field
 * (`images["myapp:1.4.3"].readyAfter: expected a duration like "5s"`); lookups are pure — an exact
 * `name:tag` entry wins over an entry for the bare name (every tag); an image nobody declared behaves as a
 * plain server that starts at once and answers every path. Random parts (pull time, stop time) are left
 * undefined here and drawn by the pod workers from their Rng. Cost: one map lookup per container start.
 */
import { z } from 'zod';
import { flatString } from '../../api/freeze.js';
import { parseImageReference } from '../../api/pod-image.js';
import { parseDuration } from '../../sim/duration.js';

const DURATION_HINT = 'expected a duration like "5s"';

const DurationSchema = z.string({ error: DURATION_HINT }).refine((s) => {
  try {
    return parseDuration(s) >= 0;
  } catch {
    return false;
  }
}, DURATION_HINT);

const FileNameSchema = z.string().refine((p) => p.startsWith('/'), 'expected an absolute path like "/etc/app.conf"');

/** What one image does. Every field is optional; the comments give the default. */
export const ImageSpecSchema = z.strictObject({
  /** false ⇒ every pull fails (ErrImagePull, then ImagePullBackOff). Default true. */
  exists: z.boolean({ error: 'expected true or false' }).optional(),
  /** How long a pull takes. Default: 1–2 s, drawn per pull. */
  pullTime: DurationSchema.optional(),
  /** The image's size in bytes, for the Pulled event. Default: 20–200 MB, from the image's name. */
  size: z.number({ error: 'expected a number of bytes' }).int('expected a whole number of bytes').nonnegative('expected a number of bytes ≥ 0').optional(),
  /** Warm-up: how long after the container starts the app opens its ports. Default "0s". */
  readyAfter: DurationSchema.optional(),
  /** The app exits this long after it starts. Default: it runs until stopped. */
  crashAfter: DurationSchema.optional(),
  /** The exit code when it exits by itself: 0 is Completed, anything else Error. Default 1. */
  exitCode: z.number({ error: 'expected an exit code 0–255' }).int('expected an exit code 0–255').min(0, 'expected an exit code 0–255').max(255, 'expected an exit code 0–255').optional(),
  /** It exits because the kernel killed it for memory: reason OOMKilled, exit code 137. Default false. */
  oomKilled: z.boolean({ error: 'expected true or false' }).optional(),
  /** Which starts (1 = the first) crash, e.g. [1, 2]: later ones run on. Default: every start. */
  crashOnAttempts: z.array(z.number().int().positive('expected attempt numbers from 1'), { error: 'expected a list of attempt numbers like [1, 2]' }).optional(),
  /** From this long after start, the app answers HTTP with `unhealthyResponse`. Default: never. */
  unhealthyAfter: DurationSchema.optional(),
  /** The paths that go unhealthy (a health endpoint, e.g. ["/healthz"]). Default: every path. */
  unhealthyPaths: z.array(z.string().startsWith('/', 'expected a path like "/healthz"'), { error: 'expected a list of paths' }).optional(),
  /** What an unhealthy app answers: an HTTP status, or "timeout". Default 500. */
  unhealthyResponse: z.union([z.number().int().min(100).max(599), z.literal('timeout')], { error: 'expected an HTTP status like 500 or "timeout"' }).optional(),
  /** The app listens but answers every request 503: it never becomes ready. Default false. */
  neverReady: z.boolean({ error: 'expected true or false' }).optional(),
  /** The ports the app listens on. Default: the container's declared containerPorts. */
  ports: z.array(z.number().int().min(1, 'expected a port 1–65535').max(65535, 'expected a port 1–65535'), { error: 'expected a list of ports' }).optional(),
  /** The HTTP paths it answers with 200; others get 404. Default: every path. */
  paths: z.array(z.string().startsWith('/', 'expected a path like "/healthz"'), { error: 'expected a list of paths' }).optional(),
  /** What a 200 carries. Default: the pod's name (like Kubernetes' serve-hostname test image). */
  body: z.string().optional(),
  /** The lines it logs when it starts. Default: one line naming the image and its ports. */
  logs: z.array(z.string(), { error: 'expected a list of log lines' }).optional(),
  /** The lines it logs just before it exits by itself (why it crashed). Default: none. */
  crashLogs: z.array(z.string(), { error: 'expected a list of log lines' }).optional(),
  /** How long it takes to exit after SIGTERM. Default: 0–1 s, drawn per stop. */
  stopTime: DurationSchema.optional(),
  /** Files in the container, for `cat`, `ls` and `test -f` (in exec and exec probes). */
  files: z.record(FileNameSchema, z.string()).optional(),
});
export type ImageSpec = z.infer<typeof ImageSpecSchema>;

/** The `images` a cluster is created with: image reference (`myapp:1.4.3` or `myapp`) → behaviour. */
export const ImagesSchema = z.record(
  z.string().refine((k) => parseImageReference(k) !== undefined, 'expected an image reference like "myapp:1.4.3" or "myapp"'),
  ImageSpecSchema,
);
export type ImagesData = z.infer<typeof ImagesSchema>;

/** One image's behaviour with every default that does not need chance applied; durations in ms. */
export interface ImageBehaviour {
  /** The reference as written in the pod (`myapp:1.4.3`). */
  image: string;
  exists: boolean;
  pullTimeMs?: number;
  size: number;
  readyAfterMs: number;
  crashAfterMs?: number;
  exitCode: number;
  oomKilled: boolean;
  crashOnAttempts?: number[];
  unhealthyAfterMs?: number;
  unhealthyResponse: number | 'timeout';
  unhealthyPaths?: string[];
  neverReady: boolean;
  ports?: number[];
  paths?: string[];
  body?: string;
  logs?: string[];
  crashLogs: string[];
  stopTimeMs?: number;
  files: Record<string, string>;
}

/** `images["myapp:1.4.3"].readyAfter: expected a duration like "5s"` — one line per problem. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      let path = 'images';
      for (const [i, part] of issue.path.entries()) {
        if (typeof part === 'number') path += `[${part}]`;
        else if (i === 0 || (i === 2 && issue.path[1] === 'files')) path += `[${JSON.stringify(String(part))}]`;
        else path += `.${String(part)}`;
      }
      let message = issue.message;
      if (issue.code === 'unrecognized_keys') message = `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
      if (issue.code === 'invalid_key') message = issue.issues[0]?.message ?? message;
      if (issue.code === 'invalid_type' && issue.expected === 'record') message = 'expected an object of image reference → behaviour';
      return `${path}: ${message}`;
    })
    .join('\n');
}

/** A stable size for an undeclared image: 20–200 MB, the same on every node and every run. */
function defaultSize(ref: string): number {
  let h = 2166136261;
  for (const ch of ref) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return 20_000_000 + (h % 180_000_000);
}

export class ImageModel {
  private readonly specs: ReadonlyMap<string, ImageSpec>;
  private readonly behaviours = new Map<string, Readonly<ImageBehaviour>>();

  /** Throws an Error listing every problem of `data`, each with its field. */
  constructor(data: unknown = {}) {
    const parsed = ImagesSchema.safeParse(data ?? {});
    if (!parsed.success) throw new Error(describeIssues(parsed.error));
    this.specs = new Map(Object.entries(parsed.data));
  }

  /** The declared entry for `image`: exact reference first, then `repository:tag`, then the bare repository. */
  declared(image: string): ImageSpec | undefined {
    const exact = this.specs.get(image);
    if (exact) return exact;
    const ref = parseImageReference(image);
    if (!ref) return undefined;
    return this.specs.get(`${ref.repository}:${ref.tag}`) ?? this.specs.get(ref.repository);
  }

  /** What `image` does when run: worked out once per reference, and shared (frozen) by every container of it. */
  behaviour(image: string): ImageBehaviour {
    let b = this.behaviours.get(image);
    if (!b) this.behaviours.set(image, (b = Object.freeze(this.resolve(image))));
    return b;
  }

  private resolve(image: string): ImageBehaviour {
    const spec = this.declared(image) ?? {};
    const ms = (d: string | undefined) => (d === undefined ? undefined : parseDuration(d));
    return {
      image,
      exists: spec.exists ?? parseImageReference(image) !== undefined,
      pullTimeMs: ms(spec.pullTime),
      size: spec.size ?? defaultSize(image),
      readyAfterMs: ms(spec.readyAfter) ?? 0,
      crashAfterMs: ms(spec.crashAfter),
      exitCode: spec.oomKilled ? 137 : (spec.exitCode ?? 1),
      oomKilled: spec.oomKilled ?? false,
      crashOnAttempts: spec.crashOnAttempts,
      unhealthyAfterMs: ms(spec.unhealthyAfter),
      unhealthyResponse: spec.unhealthyResponse ?? 500,
      unhealthyPaths: spec.unhealthyPaths,
      neverReady: spec.neverReady ?? false,
      ports: spec.ports,
      paths: spec.paths,
      body: spec.body,
      logs: spec.logs,
      crashLogs: spec.crashLogs ?? [],
      stopTimeMs: ms(spec.stopTime),
      files: spec.files ?? {},
    };
  }
}

/** Whether the app exits by itself on its `attempt`-th start (1-based), and when. */
export function crashDelay(b: ImageBehaviour, attempt: number): number | undefined {
  if (b.crashAfterMs === undefined) return undefined;
  if (b.crashOnAttempts && !b.crashOnAttempts.includes(attempt)) return undefined;
  return b.crashAfterMs;
}

/**
 * The name a container runtime resolves an image to: Docker Hub's `docker.io/library/` for a bare
 * name, `docker.io/` for a path without a registry; a tag of `latest` when none is written.
 */
export function normalizedImage(image: string): string {
  return remembered(normalized, image, normalize);
}

function normalize(image: string): string {
  const ref = parseImageReference(image);
  if (!ref) return image;
  const first = ref.repository.split('/')[0]!;
  const hasDomain = ref.repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const repo = hasDomain ? ref.repository : ref.repository.includes('/') ? `docker.io/${ref.repository}` : `docker.io/library/${ref.repository}`;
  const tagged = ref.digest && ref.tag === '' ? repo : `${repo}:${ref.tag}`;
  return ref.digest ? `${tagged}@${ref.digest}` : tagged;
}

/** A content digest for the image: the same reference has the same digest on every node. */
export function imageDigest(image: string): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < 64; round++) {
    for (const ch of `${image}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return `sha256:${out.slice(0, 64)}`;
}

/** The status's imageID: `docker.io/library/nginx@sha256:…`. */
export function imageID(image: string): string {
  return remembered(ids, image, (i) => {
    const full = normalizedImage(i);
    const repo = full.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
    return `${repo}@${imageDigest(full)}`;
  });
}

/**
 * Every container's status names its image and image ID, written again on each status change, and a
 * cluster runs few images: each is worked out once, and every pod's status holds the same string.
 * At most this many are remembered; past that the memory starts again.
 */
const REMEMBERED = 1024;
const normalized = new Map<string, string>();
const ids = new Map<string, string>();

function remembered(memo: Map<string, string>, image: string, work: (image: string) => string): string {
  let out = memo.get(image);
  if (out === undefined) {
    if (memo.size >= REMEMBERED) memo.clear();
    memo.set(image, (out = flatString(work(image))));
  }
  return out;
}
