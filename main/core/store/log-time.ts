// Log times (`2026-11-27T13:11:15.961`, the server's local time without offset) as epoch-like numbers for
// compact storage (murmur/log-time.ts has the calendar arithmetic). Read as if they were UTC, so no time
// zone or DST rule ever shifts them.
import type { LogTime } from '../../contract.js';
import { logTimeWall } from '../zoned-time.js';

export const DAY_MS = 86_400_000;

export function logTimeToMs(time: LogTime): number {
  const ms = logTimeWall(time);
  if (Number.isNaN(ms)) throw new Error(`not a log time: ${JSON.stringify(time)}`);
  return ms;
}

/** The wall-clock time of `date` on this machine, as Murmur writes its own (local time, no offset). */
export function localLogTime(date: Date): LogTime {
  return msToLogTime(date.getTime() - date.getTimezoneOffset() * 60_000);
}

/** Calendar day strings by day number: loading a store formats hundreds of thousands of times. */
const dayNames = new Map<number, string>();

export function msToLogTime(ms: number): LogTime {
  const dayNumber = Math.floor(ms / DAY_MS);
  let day = dayNames.get(dayNumber);
  if (day === undefined) {
    day = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size < 100_000) dayNames.set(dayNumber, day);
  }
  const inDay = ms - dayNumber * DAY_MS;
  const two = (value: number): string => (value < 10 ? `0${value}` : `${value}`);
  const millis = inDay % 1000;
  return `${day}T${two(Math.floor(inDay / 3_600_000))}:${two(Math.floor(inDay / 60_000) % 60)}:${two(Math.floor(inDay / 1000) % 60)}.${millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : millis}`;
}

