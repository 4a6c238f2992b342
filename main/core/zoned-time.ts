// Log times are wall-clock times of the Murmur host's zone, without an offset. These pure helpers find the
// instant such a time names in a given IANA zone, with Intl only (no zone database of our own). The engine
// uses them for session lengths across a DST change; the dashboard bundles them for its ticking clocks.
import type { LogTime } from '../contract.js';

const LOG_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;
const DAY_MS = 86_400_000;
/** Offsets are remembered per quarter hour: zones change offset on the hour or half hour. */
const OFFSET_STEP_MS = 15 * 60_000;
/** Bound on remembered offsets per zone (a year of quarter hours is 35,040). */
const MAX_OFFSETS = 100_000;

// One formatter per zone: building one is far slower than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

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
      // The zone was checked where it was configured; an Intl whose zone data lacks it (an old browser)
      // reads the log as local time, as the dashboard did before zones were known.
      found = wallClockFormat(undefined);
    }
    formatters.set(zone, found);
  }
  return found;
}

/** The zone's wall clock at instant `ms` (whole seconds), as epoch ms of the same fields read in UTC. */
export function wallAsUtc(ms: number, zone: string): number {
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter(zone).formatToParts(ms)) fields[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** How far the zone's clock is ahead of UTC at instant `ms`, in ms (negative west of Greenwich). */
export function zoneOffsetMs(ms: number, zone: string): number {
  let known = offsets.get(zone);
  if (known === undefined) offsets.set(zone, (known = new Map()));
  const step = Math.floor(ms / OFFSET_STEP_MS);
  let offset = known.get(step);
  if (offset === undefined) {
    const whole = step * OFFSET_STEP_MS;
    offset = wallAsUtc(whole, zone) - whole;
    if (known.size >= MAX_OFFSETS) known.clear();
    known.set(step, offset);
  }
  return offset;
}

/** `time` as a wall-clock number: its fields read as UTC, in ms; NaN when it is not a log time. */
function wallOf(time: LogTime): number {
  const match = LOG_TIME.exec(time);
  if (!match) return Number.NaN;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(year, month - 1, day, hour, minute, second, Number((match[7] ?? '0').padEnd(3, '0')));
}

/**
 * The instant (epoch ms) of a wall-clock time of `zone`, given as its fields read in UTC.
 * The offsets a day before and a day after bound the wall time (no zone changes its offset twice within two days):
 * the wall time minus an offset is the answer when the zone has that offset at the result.
 * - A repeated wall time (clocks turned back) fits both: the earlier instant is taken, as the log cannot say.
 * - A skipped wall time (clocks turned forward) fits neither: it is read with the offset before the change,
 *   the instant a clock that was not turned forward would show it (02:30 in a gap from 02:00 to 03:00 is 03:30).
 */
export function instantOfWall(wall: number, zone: string): number {
  const before = zoneOffsetMs(wall - DAY_MS, zone);
  const after = zoneOffsetMs(wall + DAY_MS, zone);
  if (before === after) return wall - before;
  const fitting = [wall - before, wall - after].filter((ms) => ms + zoneOffsetMs(ms, zone) === wall);
  return fitting.length > 0 ? Math.min(...fitting) : wall - before;
}

/** Epoch ms of `time` read as a wall-clock time in `zone`; 0 when `time` is not a log time. */
export function zonedLogTimeToMs(time: LogTime, zone: string): number {
  const wall = wallOf(time);
  return Number.isNaN(wall) ? 0 : instantOfWall(wall, zone);
}

/**
 * Whole seconds between two wall-clock times (fields read as UTC, in ms), never negative (clocks can step
 * back). In `zone` a DST change in between is taken out; without one the times are read as UTC.
 */
export function secondsBetweenWalls(startWall: number, endWall: number, zone: string | undefined): number {
  const ms = zone === undefined ? endWall - startWall : instantOfWall(endWall, zone) - instantOfWall(startWall, zone);
  return ms > 0 ? Math.round(ms / 1000) : 0;
}

/** secondsBetweenWalls() for two log times; 0 when either is not one. */
export function zonedSecondsBetween(start: LogTime, end: LogTime, zone: string | undefined): number {
  const startWall = wallOf(start);
  const endWall = wallOf(end);
  return Number.isNaN(startWall) || Number.isNaN(endWall) ? 0 : secondsBetweenWalls(startWall, endWall, zone);
}
