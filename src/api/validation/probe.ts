/**
 * Probe and lifecycle-handler validation (validateProbe, validateHandler and friends in
 * pkg/apis/core/validation), in Kubernetes' order and words. A probe or hook runs exactly one handler.
 */
import { fieldError, type FieldError } from '../errors.js';
import type { HTTPGetAction, LifecycleHandler, Probe } from '../pod-container.js';
import { validatePortNumOrName } from './service.js';

/** apimachinery's IsNegativeErrorMsg. */
export const IS_NEGATIVE_MSG = 'must be greater than or equal to 0';

const SUPPORTED_HTTP_SCHEMES = ['HTTP', 'HTTPS'];
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;
const HTTP_HEADER_MSG =
  "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";

type ProbeKind = 'liveness' | 'readiness' | 'startup';
/** Kubernetes' commonHandler: what a probe (exec, httpGet, tcpSocket, grpc) or a hook (…, sleep) runs. */
type Handler = LifecycleHandler & { grpc?: Probe['grpc'] };

function validateHTTPGet(http: HTTPGetAction, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!http.path) errs.push(fieldError.required(`${path}.path`));
  errs.push(...validatePortNumOrName(`${path}.port`, http.port));
  if (!SUPPORTED_HTTP_SCHEMES.includes(http.scheme)) {
    errs.push(fieldError.notSupported(`${path}.scheme`, http.scheme, SUPPORTED_HTTP_SCHEMES));
  }
  for (const h of http.httpHeaders ?? []) {
    if (!HTTP_HEADER_NAME.test(h.name)) errs.push(fieldError.invalid(`${path}.httpHeaders`, h.name, HTTP_HEADER_MSG));
  }
  return errs;
}

/**
 * validateHandler: the first handler set is validated, each further one is Forbidden. `gracePeriod` is
 * the pod's terminationGracePeriodSeconds, the longest a preStop sleep may last.
 */
export function validateHandler(handler: Handler, gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let handlers = 0;
  const one = (name: string, validate: () => FieldError[]) => {
    if (handlers > 0) {
      errs.push(fieldError.forbidden(`${path}.${name}`, 'may not specify more than 1 handler type'));
    } else {
      handlers++;
      errs.push(...validate());
    }
  };
  const { exec, httpGet, tcpSocket, grpc, sleep } = handler;
  if (exec) one('exec', () => (exec.command?.length ? [] : [fieldError.required(`${path}.exec.command`)]));
  if (httpGet) one('httpGet', () => validateHTTPGet(httpGet, `${path}.httpGet`));
  if (tcpSocket) one('tcpSocket', () => validatePortNumOrName(`${path}.tcpSocket.port`, tcpSocket.port));
  if (grpc) one('grpc', () => validatePortNumOrName(`${path}.grpc.port`, grpc.port));
  if (sleep) {
    one('sleep', () => {
      if (gracePeriod === undefined || (sleep.seconds > 0 && sleep.seconds <= gracePeriod)) return [];
      const msg =
        `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). ` +
        'Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.';
      return [fieldError.invalid(`${path}.sleep`, sleep.seconds, msg)];
    });
  }
  if (handlers === 0) errs.push(fieldError.required(path, 'must specify a handler type'));
  return errs;
}

/**
 * validateLivenessProbe, validateReadinessProbe and validateStartupProbe. Liveness and startup probes
 * must succeed exactly once: a second success would mean nothing, the container being already live.
 */
export function validateProbe(probe: Probe | undefined, kind: ProbeKind, gracePeriod: number | undefined, path: string): FieldError[] {
  if (!probe) return [];
  // Probes have no sleep handler; only the four probe handlers count.
  const { exec, httpGet, tcpSocket, grpc } = probe;
  const errs = validateHandler({ exec, httpGet, tcpSocket, grpc }, gracePeriod, path);
  const counts = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;
  for (const f of counts) {
    const v = probe[f];
    if (v !== undefined && v < 0) errs.push(fieldError.invalid(`${path}.${f}`, v, IS_NEGATIVE_MSG));
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (tgps !== undefined && tgps <= 0) {
    errs.push(fieldError.invalid(`${path}.terminationGracePeriodSeconds`, tgps, 'must be greater than 0'));
  }
  if (kind !== 'readiness' && probe.successThreshold !== 1) {
    errs.push(fieldError.invalid(`${path}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  if (kind === 'readiness' && tgps !== undefined) {
    errs.push(fieldError.invalid(`${path}.terminationGracePeriodSeconds`, tgps, 'must not be set for readinessProbes'));
  }
  return errs;
}

export function validateLifecycle(
  lifecycle: { postStart?: LifecycleHandler | undefined; preStop?: LifecycleHandler | undefined },
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (lifecycle.postStart) errs.push(...validateHandler(lifecycle.postStart, gracePeriod, `${path}.postStart`));
  if (lifecycle.preStop) errs.push(...validateHandler(lifecycle.preStop, gracePeriod, `${path}.preStop`));
  return errs;
}
