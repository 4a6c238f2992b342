// Calendar arithmetic on Murmur's local timestamps (`YYYY-MM-DDTHH:MM:SS.mmm`, no offset), read as if they
// were UTC. Lengths of time, which a DST change affects, are zoned-time.ts's.
import type { LogTime } from '../../contract.js';

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

/** The log time of a date and a clock from clockOf(). */
export function logTimeOf(date: string, clock: number): LogTime {
  const digits = String(clock).padStart(9, '0');
  return `${date}T${digits.slice(0, 2)}:${digits.slice(2, 4)}:${digits.slice(4, 6)}.${digits.slice(6)}`;
}
