// Calendar arithmetic on Murmur's local timestamps (`YYYY-MM-DDTHH:MM:SS.mmm`, no offset), read as if they
// were UTC. Lengths of time, which a DST change affects, are zoned-time.ts's.
import type { LogTime } from '../../contract.js';
import { logTimeWall } from '../zoned-time.js';
import { decodeAscii } from './text-range.js';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a log time. */
export function logDate(time: LogTime): string {
  return time.slice(0, 10);
}

/** The calendar day after `date` (`YYYY-MM-DD`). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * The time of day of a log time as one integer, its digits `hhmmsszzz`: a tracker keeps this and the
 * date string instead of making a time string for every line. Digits out of range survive the round trip.
 */
export function clockOf(time: LogTime): number {
  return Number(time.slice(11, 13) + time.slice(14, 16) + time.slice(17, 19) + time.slice(20, 23));
}

/** Where logTimeOf writes its text: one flat string, not one joined from pieces (see msToLogTime). */
const TIME_BYTES = Buffer.alloc(23);
/** Where the digits of `hhmmsszzz` go in `YYYY-MM-DDThh:mm:ss.zzz`. */
const CLOCK_PLACES = [11, 12, 14, 15, 17, 18, 20, 21, 22];

/** The log time of a date and a clock from clockOf(). */
export function logTimeOf(date: string, clock: number): LogTime {
  const out = TIME_BYTES;
  for (let i = 0; i < 10; i += 1) out[i] = date.charCodeAt(i);
  out[10] = 84; // T
  out[13] = 58; // :
  out[16] = 58;
  out[19] = 46; // .
  let rest = clock;
  for (let i = CLOCK_PLACES.length - 1; i >= 0; i -= 1) {
    out[CLOCK_PLACES[i] as number] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return decodeAscii(out, 0, 23);
}

/** The last date wallOf() read, and the wall-clock ms its day starts at (NaN when not a date). */
let wallDate = '';
let wallDayStart = Number.NaN;

/**
 * logTimeWall(logTimeOf(date, clock)) without making the string: the wall-clock ms of a date and a clockOf()
 * clock, NaN when they are not a valid time. A backfill takes the length of every session from these.
 */
export function wallOf(date: string, clock: number): number {
  if (date !== wallDate) {
    wallDate = date;
    wallDayStart = logTimeWall(`${date}T00:00:00`);
  }
  const hour = Math.floor(clock / 10_000_000);
  const minute = Math.floor(clock / 100_000) % 100;
  const second = Math.floor(clock / 1000) % 100;
  if (!(hour <= 23 && minute <= 59 && second <= 59)) return Number.NaN;
  return wallDayStart + hour * 3_600_000 + minute * 60_000 + second * 1000 + (clock % 1000);
}
