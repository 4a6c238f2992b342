// Log times (`2026-11-27T13:11:15.961`, the server's local time without offset) as epoch-like numbers for
// compact storage (murmur/log-time.ts has the calendar arithmetic). Read as if they were UTC, so no time
// zone or DST rule ever shifts them.
import type { LogTime } from '../../contract.js';

export function logTimeToMs(time: LogTime): number {
  const ms = Date.parse(`${time}Z`);
  if (Number.isNaN(ms)) throw new Error(`not a log time: ${JSON.stringify(time)}`);
  return ms;
}

export function msToLogTime(ms: number): LogTime {
  return new Date(ms).toISOString().slice(0, 23);
}

export const DAY_MS = 86_400_000;
