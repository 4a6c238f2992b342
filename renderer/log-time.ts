// Log times are wall-clock times of the Murmur host's zone, without an offset. These pure helpers find the
// instant such a time names in a given IANA zone, with Intl only (no zone database of our own).
import type { LogTime } from '../main/contract.js';
import { logTimeToMs } from './format.js';

const LOG_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;
const DAY_MS = 86_400_000;

// One formatter per zone: building one is far slower than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const fields = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' } as const;
  return new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', ...fields });
}

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    try {
      found = wallClockFormat(zone);
    } catch {
      // The server checked the name with its own Intl; a browser whose zone data lacks it reads the log as
      // the viewer's local time, as the dashboard did before zones were known.
      found = wallClockFormat(undefined);
    }
    formatters.set(zone, found);
  }
  return found;
}

/** The zone's wall clock at instant `ms` (whole seconds), as epoch ms of the same fields read in UTC. */
function wallAsUtc(ms: number, zone: string): number {
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter(zone).formatToParts(ms)) fields[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** How far the zone's clock is ahead of UTC at instant `ms`, in ms (negative west of Greenwich). */
export function zoneOffsetMs(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallAsUtc(whole, zone) - whole;
}

/**
 * Epoch ms of `time` read as a wall-clock time in `zone`; 0 when `time` is not a log time (as logTimeToMs).
 * The offsets a day before and a day after bound the wall time (no zone changes its offset twice within two days):
 * the wall time minus an offset is the answer when the zone has that offset at the result.
 * - A repeated wall time (clocks turned back) fits both: the earlier instant is taken, as the log cannot say.
 * - A skipped wall time (clocks turned forward) fits neither: it is read with the offset before the change,
 *   the instant a clock that was not turned forward would show it (02:30 in a gap from 02:00 to 03:00 is 03:30).
 */
export function zonedLogTimeToMs(time: LogTime, zone: string): number {
  const match = LOG_TIME.exec(time);
  if (!match) return 0;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, Number((match[7] ?? '0').padEnd(3, '0')));
  const before = zoneOffsetMs(wall - DAY_MS, zone);
  const after = zoneOffsetMs(wall + DAY_MS, zone);
  if (before === after) return wall - before;
  const fitting = [wall - before, wall - after].filter((ms) => ms + zoneOffsetMs(ms, zone) === wall);
  return fitting.length > 0 ? Math.min(...fitting) : wall - before;
}

/** Now on the zone's wall clock, as a log time: what the Murmur host's log would write at this instant. */
export function zoneNow(zone: string, now = Date.now()): LogTime {
  const iso = new Date(wallAsUtc(now, zone) + (now % 1000)).toISOString();
  return iso.slice(0, -1);
}

/** The instant `time` names in `zone`; without a zone (a source not known yet) it is read as the viewer's time. */
export function logTimeInstant(time: LogTime, zone: string | undefined): number {
  return zone === undefined ? logTimeToMs(time) : zonedLogTimeToMs(time, zone);
}
