// Log times are wall-clock times of the Murmur host's zone, without an offset. These pure helpers find the
// instant such a time names in a given IANA zone, with Intl only (no zone database of our own). The engine
// uses them for session lengths across a DST change; the dashboard bundles them for its ticking clocks.
import type { LogTime } from '../contract.js';

const DAY_MS = 86_400_000;
/** Offsets are remembered per quarter hour: zones change offset on the hour or half hour. */
const OFFSET_STEP_MS = 15 * 60_000;
/** Bound on remembered offsets per zone and kind (a year of quarter hours is 35,040). */
const MAX_OFFSETS = 100_000;

/** A zone's offsets remembered: by UTC day (NaN for a day its offset changes in), and by quarter hour. */
interface KnownOffsets {
  days: Map<number, number>;
  quarters: Map<number, number>;
}

// One formatter per zone: building one is far slower than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, KnownOffsets>();

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

/**
 * How far the zone's clock is ahead of UTC at instant `ms`, in ms (negative west of Greenwich). A day with
 * the same offset at both ends keeps it throughout (no zone changes twice within a day): one Intl call
 * serves the whole day, and only a day with a change is looked up by the quarter hour.
 */
export function zoneOffsetMs(ms: number, zone: string): number {
  let known = offsets.get(zone);
  if (known === undefined) offsets.set(zone, (known = { days: new Map(), quarters: new Map() }));
  const day = Math.floor(ms / DAY_MS);
  let daily = known.days.get(day);
  if (daily === undefined) {
    const atStart = quarterOffset(day * DAY_MS, zone, known.quarters);
    daily = atStart === quarterOffset((day + 1) * DAY_MS, zone, known.quarters) ? atStart : Number.NaN;
    remember(known.days, day, daily);
  }
  return Number.isNaN(daily) ? quarterOffset(ms, zone, known.quarters) : daily;
}

/** The zone's offset at the start of the quarter hour `ms` falls in. */
function quarterOffset(ms: number, zone: string, known: Map<number, number>): number {
  const step = Math.floor(ms / OFFSET_STEP_MS);
  let offset = known.get(step);
  if (offset === undefined) {
    const whole = step * OFFSET_STEP_MS;
    offset = wallAsUtc(whole, zone) - whole;
    remember(known, step, offset);
  }
  return offset;
}

function remember(known: Map<number, number>, key: number, offset: number): void {
  if (known.size >= MAX_OFFSETS) known.clear();
  known.set(key, offset);
}

/**
 * `time` (`YYYY-MM-DDThh:mm:ss` with up to three digits of fraction) as a wall-clock number: its fields
 * read as UTC, in ms; NaN when it is not a log time. Read by hand, not with a regex or Date.parse: a
 * backfill reads several for every session it stores.
 */
export function logTimeWall(time: LogTime): number {
  const length = time.length;
  if (length < 19 || length === 20 || length > 23) return Number.NaN;
  const separated = time[4] === '-' && time[7] === '-' && time[10] === 'T' && time[13] === ':' && time[16] === ':';
  if (!separated || (length > 19 && time[19] !== '.')) return Number.NaN;
  const month = digitsAt(time, 5, 2);
  const day = digitsAt(time, 8, 2);
  const hour = digitsAt(time, 11, 2);
  const minute = digitsAt(time, 14, 2);
  const second = digitsAt(time, 17, 2);
  // One to three digits of fraction are milliseconds: `.5` is 500.
  const millis = length > 19 ? digitsAt(time, 20, length - 20) * 10 ** (23 - length) : 0;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59 && millis >= 0)) return Number.NaN;
  return Date.UTC(digitsAt(time, 0, 4), month - 1, day, hour, minute, second, millis);
}

/** The number written with `count` decimal digits at `at`; NaN when one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
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
  const wall = logTimeWall(time);
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
  const startWall = logTimeWall(start);
  const endWall = logTimeWall(end);
  return Number.isNaN(startWall) || Number.isNaN(endWall) ? 0 : secondsBetweenWalls(startWall, endWall, zone);
}
