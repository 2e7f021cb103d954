/**
 * The kubelet's back-off for restarting crashed containers and for pulling images (client-go's
 * flowcontrol.Backoff, as pkg/kubelet uses it): 10 s at first, doubling up to 300 s, forgotten when
 * nothing happened for twice the maximum (10 min).
 *
 * How the kubelet uses it, and why the first restart is immediate: on a container's exit the kubelet
 * asks "is it in back-off since it finished?" — for the first crash there is no entry, so it restarts at
 * once and records a 10 s back-off from that finish. The second crash is within 10 s of nothing, so it
 * waits 10 s (CrashLoopBackOff), then restarts and doubles to 20 s. Waits after each crash: 0, 10, 20,
 * 40, 80, 160, 300, 300 s … A container that runs 10 min between two exits starts over at 0.
 *
 * Pure values and functions; O(1).
 */

export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

/** One key's back-off: the current delay and the event time it was last moved at. */
export interface BackoffEntry {
  delayMs: number;
  lastUpdate: number;
}

/** An entry untouched for more than twice the maximum is forgotten (flowcontrol's hasExpired). */
export function backoffExpired(entry: BackoffEntry, eventTime: number, maxMs = BACKOFF_MAX_MS): boolean {
  return eventTime - entry.lastUpdate > 2 * maxMs;
}

/**
 * IsInBackOffSince: whether, at `now`, something that happened at `eventTime` must still wait. A missing
 * or expired entry never waits.
 */
export function isInBackOffSince(entry: BackoffEntry | undefined, eventTime: number, now: number, maxMs = BACKOFF_MAX_MS): boolean {
  if (!entry || backoffExpired(entry, eventTime, maxMs)) return false;
  return now - eventTime < entry.delayMs;
}

/** Next: the entry after an attempt at `eventTime` — the initial delay when new or expired, else doubled up to the maximum. */
export function nextBackoff(
  entry: BackoffEntry | undefined,
  eventTime: number,
  initialMs = BACKOFF_INITIAL_MS,
  maxMs = BACKOFF_MAX_MS,
): BackoffEntry {
  if (!entry || backoffExpired(entry, eventTime, maxMs)) return { delayMs: initialMs, lastUpdate: eventTime };
  return { delayMs: Math.min(entry.delayMs * 2, maxMs), lastUpdate: eventTime };
}

/** When a wait that began at `eventTime` ends, or `eventTime` itself when there is none. */
export function backoffUntil(entry: BackoffEntry | undefined, eventTime: number, maxMs = BACKOFF_MAX_MS): number {
  if (!entry || backoffExpired(entry, eventTime, maxMs)) return eventTime;
  return eventTime + entry.delayMs;
}

/**
 * IsInBackOffSinceUpdate, the image puller's test: whether `now` is still within the delay counted from
 * the last failure. A missing or expired entry never waits.
 */
export function isInBackOffSinceUpdate(entry: BackoffEntry | undefined, now: number, maxMs = BACKOFF_MAX_MS): boolean {
  if (!entry || backoffExpired(entry, now, maxMs)) return false;
  return now - entry.lastUpdate < entry.delayMs;
}
