// Arithmetic on Murmur's local timestamps (`YYYY-MM-DDTHH:MM:SS.mmm`, no offset). They are compared as
// if they were UTC: the log carries no zone, so a DST change can shift one duration by an hour at most.
import type { LogTime } from '../../contract.js';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a log time. */
export function logDate(time: LogTime): string {
  return time.slice(0, 10);
}

/** Whole seconds from `start` to `end`, never negative (clocks can step back). */
export function secondsBetween(start: LogTime, end: LogTime): number {
  const ms = Date.parse(`${end}Z`) - Date.parse(`${start}Z`);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms / 1000) : 0;
}

/** The calendar day after `date` (`YYYY-MM-DD`). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
