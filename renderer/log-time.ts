// The dashboard's side of zoned log times (main/core/zoned-time.ts has the arithmetic): the ticking "now" of a
// server's wall clock, and the instant a log time names when its zone may not be known yet.
import type { LogTime } from '../main/contract.js';
import { wallAsUtc, zonedLogTimeToMs } from '../main/core/zoned-time.js';
import { logTimeToMs } from './format.js';

/** Now on the zone's wall clock, as a log time: what the Murmur host's log would write at this instant. */
export function zoneNow(zone: string, now = Date.now()): LogTime {
  const iso = new Date(wallAsUtc(now, zone) + (now % 1000)).toISOString();
  return iso.slice(0, -1);
}

/**
 * Now on the server's wall clock, read the way the format helpers read a log time, so that "today" in a
 * formatted log time is the server's today; the viewer's own now when the zone is not known yet.
 */
export function serverNowMs(zone: string | undefined, now = Date.now()): number {
  return zone === undefined ? now : logTimeToMs(zoneNow(zone, now));
}

/** The instant `time` names in `zone`; without a zone (a source not known yet) it is read as the viewer's time. */
export function logTimeInstant(time: LogTime, zone: string | undefined): number {
  return zone === undefined ? logTimeToMs(time) : zonedLogTimeToMs(time, zone);
}
