/**
 * kubesim's own endpoints under `/kubesim/v1/`, for tests and people driving a served simulation:
 * `POST advance?by=30s` runs the world for that much simulated time; `POST crash|recover|partition|heal
 * ?node=` injects and lifts node faults; `GET clock` tells the simulated time and speed; `POST
 * speed?value=10|max|0` changes the real-time driver's speed. Answers are JSON; a bad argument is a 400
 * Status naming the parameter and what was expected.
 */
import type { ServerResponse } from 'node:http';
import { StatusError } from '../api/errors.js';
import { formatTimestamp } from '../api/meta.js';
import { formatDuration, parseDuration } from '../sim/duration.js';
import { methodNotAllowed, sendJson } from './http.js';
import { parseSpeed, type RealTimeDriver } from './realtime.js';
import type { NodeFault, ServeTarget } from './target.js';

const FAULTS: readonly NodeFault[] = ['crash', 'recover', 'partition', 'heal'];

/** The longest single advance a request may ask for: a day of simulated time. */
export const MAX_ADVANCE_MS = 24 * 60 * 60 * 1000;

function clockState(target: ServeTarget, driver: RealTimeDriver | undefined): Record<string, unknown> {
  return {
    now: formatTimestamp(target.clock.now()),
    elapsed: formatDuration(target.clock.elapsed()),
    speed: driver ? String(driver.speed) : '0',
  };
}

export function handleControl(
  target: ServeTarget,
  driver: RealTimeDriver | undefined,
  method: string,
  action: string,
  query: URLSearchParams,
  res: ServerResponse,
): void {
  if (action === 'clock') {
    if (method !== 'GET') throw methodNotAllowed(method, '/kubesim/v1/clock');
    return sendJson(res, 200, clockState(target, driver));
  }
  if (method !== 'POST') throw methodNotAllowed(method, `/kubesim/v1/${action}`);
  if (action === 'advance') {
    const by = query.get('by');
    if (!by) throw new StatusError('BadRequest', 'advance: the "by" parameter is required: a duration such as 30s, 5m or 1h30m');
    let ms: number;
    try {
      ms = parseDuration(by);
    } catch {
      throw new StatusError('BadRequest', `advance: by: invalid duration ${JSON.stringify(by)}: expected a duration such as 30s, 5m or 1h30m`);
    }
    if (ms < 0 || ms > MAX_ADVANCE_MS) throw new StatusError('BadRequest', `advance: by: ${by} is out of range: expected 0s to 24h`);
    target.advance(ms);
    return sendJson(res, 200, clockState(target, driver));
  }
  if (action === 'speed') {
    if (!driver) throw new StatusError('BadRequest', 'speed: this server has no real-time driver');
    try {
      driver.speed = parseSpeed(query.get('value') ?? '');
    } catch (e) {
      throw new StatusError('BadRequest', `speed: value: ${(e as Error).message.replace(/^--speed: /, '')}`);
    }
    if (driver.speed !== 0) driver.start();
    return sendJson(res, 200, clockState(target, driver));
  }
  if ((FAULTS as readonly string[]).includes(action)) {
    const node = query.get('node');
    if (!node) throw new StatusError('BadRequest', `${action}: the "node" parameter is required: the name of a node`);
    if (!target.fault) throw new StatusError('BadRequest', `${action}: node faults are not available: the server runs over a store without kubelets`);
    try {
      target.fault(action as NodeFault, node);
    } catch (e) {
      if (e instanceof StatusError) throw e;
      throw new StatusError('BadRequest', (e as Error).message);
    }
    return sendJson(res, 200, { ...clockState(target, driver), node, fault: action });
  }
  throw new StatusError('NotFound', `the server could not find the requested resource (/kubesim/v1/${action}); served: advance, clock, speed, ${FAULTS.join(', ')}`);
}
