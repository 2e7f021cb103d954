/**
 * Container image references (`registry:5000/team/app:1.2@sha256:...`), parsed by the grammar of
 * distribution/reference that the kubelet and the API server use. Pure; never throws.
 */

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
/** A repository name may not be longer than this (reference.NameTotalLengthMax). */
const NAME_MAX = 255;

export interface ImageReference {
  /** The repository as written, without tag or digest: `registry:5000/team/app`, `nginx`. */
  repository: string;
  /** The tag; `latest` when neither a tag nor a digest is given (parsers.ParseImageName). */
  tag: string;
  digest: string;
}

/** The parts of an image reference, or undefined when it is not one. */
export function parseImageReference(image: string): ImageReference | undefined {
  const m = REFERENCE.exec(image);
  if (!m || m[1]!.length > NAME_MAX) return undefined;
  const tag = m[2] ?? '';
  const digest = m[3] ?? '';
  return { repository: m[1]!, tag: tag || digest ? tag : 'latest', digest };
}

/**
 * SetDefaults_Container's pull policy: Always for `latest` (written or implied), IfNotPresent for any
 * other tag or for a digest alone. A reference that does not parse gets IfNotPresent: Kubernetes ignores
 * the parse error there and leaves the image to fail at pull time.
 */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  return parseImageReference(image ?? '')?.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
