/**
 * What a resource URL names, as the API server's RequestInfoFactory reads it (apiserver/pkg/endpoints/
 * request/requestinfo.go): `/api/v1/...` for the core group, `/apis/<group>/<version>/...` for the others,
 * then optionally `watch/`, `namespaces/<ns>/`, the resource, a name and a subresource. Pure; no lookups:
 * whether the resource exists is the caller's question.
 */

export interface ResourcePath {
  group: string;
  version: string;
  /** Absent for cluster-scoped requests and for lists across all namespaces. */
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** The deprecated `/watch/` prefix was used. */
  watchPrefix: boolean;
}

/** The parts of `/api/v1/...` or `/apis/g/v/...`, or undefined when the path is not a resource path. */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  // `namespaces/<ns>/<resource>...` is namespaced content; `namespaces/<name>[/status]` is the Namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) return undefined;
  const [resource, name, subresource] = rest as [string, string?, string?];
  return {
    group,
    version,
    ...(namespace !== undefined ? { namespace } : {}),
    resource,
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    watchPrefix,
  };
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
