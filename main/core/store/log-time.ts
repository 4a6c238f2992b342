// Log times (`2026-11-27T13:11:15.961`, the server's local time without offset) as epoch-like numbers for
// compact storage (murmur/log-time.ts has the calendar arithmetic). Read as if they were UTC, so no time
// zone or DST rule ever shifts them.
import type { LogTime } from '../../contract.js';
import { decodeAscii } from '../murmur/text-range.js';
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

function dayName(dayNumber: number): string {
  let day = dayNames.get(dayNumber);
  if (day === undefined) {
    day = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size < 100_000) dayNames.set(dayNumber, day);
  }
  return day;
}

/**
 * Where msToLogTime writes its text. The result is one flat string: a string joined from pieces would be
 * joined again at its first comparison, and loading a store compares every session's end once.
 */
const LOG_TIME_BYTES = Buffer.alloc(23);

export function msToLogTime(ms: number): LogTime {
  const dayNumber = Math.floor(ms / DAY_MS);
  const day = dayName(dayNumber);
  const inDay = ms - dayNumber * DAY_MS;
  const out = LOG_TIME_BYTES;
  for (let i = 0; i < 10; i += 1) out[i] = day.charCodeAt(i);
  out[10] = 84; // T
  writeDigits(out, 11, 2, Math.floor(inDay / 3_600_000));
  out[13] = 58; // :
  writeDigits(out, 14, 2, Math.floor(inDay / 60_000) % 60);
  out[16] = 58;
  writeDigits(out, 17, 2, Math.floor(inDay / 1000) % 60);
  out[19] = 46; // .
  writeDigits(out, 20, 3, inDay % 1000);
  return decodeAscii(out, 0, 23);
}

/** `value` as `count` decimal digits at `at`, zero-padded. */
function writeDigits(out: Buffer, at: number, count: number, value: number): void {
  let rest = value;
  for (let i = at + count - 1; i >= at; i -= 1) {
    out[i] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
}
