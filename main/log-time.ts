// The one module for log times, shared by the engine and the dashboard (it is pure: no Node, no DOM).
// A log time (`2026-11-27T13:11:15.961`, the contract's LogTime) is a wall-clock time of the Murmur host's
// zone, without an offset. Three ways to turn one into a number, each with its own name:
// - its wall: the fields read as UTC, in ms (logTimeWall): calendar arithmetic and compact storage, which
//   no time zone or DST rule ever shifts;
// - its instant in a given IANA zone (zonedLogTimeToMs, logTimeInstant), found with Intl only (no zone
//   database of our own): session lengths across a DST change, the dashboard's ticking clocks;
// - the instant this machine's clock shows the same fields (logTimeOnLocalClock): what the dashboard's
//   charts and formatters, which read local time, need to show the fields as written.
import type { LogTime } from './contract.js';

export const DAY_MS = 86_400_000;
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
  const known = knownOffsets(zone);
  const daily = dailyOffset(Math.floor(ms / DAY_MS), zone, known);
  return Number.isNaN(daily) ? quarterOffset(ms, zone, known.quarters) : daily;
}

function knownOffsets(zone: string): KnownOffsets {
  let known = offsets.get(zone);
  if (known === undefined) offsets.set(zone, (known = { days: new Map(), quarters: new Map() }));
  return known;
}

/** The offset `zone` keeps all day long on UTC day `day` (days since the epoch), NaN when it changes that day. */
function dailyOffset(day: number, zone: string, known: KnownOffsets): number {
  let daily = known.days.get(day);
  if (daily === undefined) {
    const atStart = quarterOffset(day * DAY_MS, zone, known.quarters);
    daily = atStart === quarterOffset((day + 1) * DAY_MS, zone, known.quarters) ? atStart : Number.NaN;
    remember(known.days, day, daily);
  }
  return daily;
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

// ---- calendar and wall-clock arithmetic ----

/**
 * The character codes logTimeOf() and wallToLogTime() write. Its result is made in one String.fromCharCode call, a flat
 * string: a string joined from pieces would be joined again at its first comparison, and loading a store
 * compares every session's end once.
 */
const LOG_TIME_CODES: number[] = new Array<number>(23).fill(0);

/** `YYYY-MM-DD` of a log time. */
export function logDate(time: LogTime): string {
  return time.slice(0, 10);
}

/** The calendar day after `date` (`YYYY-MM-DD`). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The day `days - 1` days before `date` (`YYYY-MM-DD`): the first of a window of `days` days ending on `date`. */
export function windowStart(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - (Math.max(1, days) - 1) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The time of day of a log time as one integer, its digits `hhmmsszzz`: a tracker keeps this and the
 * date string instead of making a time string for every line. Digits out of range survive the round trip.
 */
export function clockOf(time: LogTime): number {
  return Number(time.slice(11, 13) + time.slice(14, 16) + time.slice(17, 19) + time.slice(20, 23));
}

/** Where the digits of `hhmmsszzz` go in `YYYY-MM-DDThh:mm:ss.zzz`. */
const CLOCK_PLACES = [11, 12, 14, 15, 17, 18, 20, 21, 22];

/** The log time of a date and a clock from clockOf(), one flat string (see LOG_TIME_CODES). */
export function logTimeOf(date: string, clock: number): LogTime {
  const out = LOG_TIME_CODES;
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
  return String.fromCharCode.apply(null, out);
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

/** logTimeWall() of a time that must be one (a stored or generated one): throws when it is not. */
export function requireLogTimeWall(time: LogTime): number {
  const ms = logTimeWall(time);
  if (Number.isNaN(ms)) throw new Error(`not a log time: ${JSON.stringify(time)}`);
  return ms;
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


/** The log time whose wall (logTimeWall) is `wall`. */
export function wallToLogTime(wall: number): LogTime {
  const dayNumber = Math.floor(wall / DAY_MS);
  const day = dayName(dayNumber);
  const inDay = wall - dayNumber * DAY_MS;
  const out = LOG_TIME_CODES;
  for (let i = 0; i < 10; i += 1) out[i] = day.charCodeAt(i);
  out[10] = 84; // T
  writeDigits(out, 11, 2, Math.floor(inDay / 3_600_000));
  out[13] = 58; // :
  writeDigits(out, 14, 2, Math.floor(inDay / 60_000) % 60);
  out[16] = 58;
  writeDigits(out, 17, 2, Math.floor(inDay / 1000) % 60);
  out[19] = 46; // .
  writeDigits(out, 20, 3, inDay % 1000);
  return String.fromCharCode.apply(null, out);
}

/** `value` as `count` decimal digits at `at`, zero-padded. */
function writeDigits(out: number[], at: number, count: number, value: number): void {
  let rest = value;
  for (let i = at + count - 1; i >= at; i -= 1) {
    out[i] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
}

// ---- instants ----

/**
 * The last wall day instantOfWall() was asked about, in which zone, and the offset the zone keeps all day
 * long the day before it and the day after it (NaN when it does not). A backfill asks twice per session,
 * mostly about the same day: this spares it four lookups in the remembered offsets each time.
 */
let steadyDay = Number.NaN;
let steadyZone = '';
let steadyOffset = Number.NaN;

/** The offset `zone` keeps all day long both the day before wall day `day` and the day after, or NaN. */
function steadyOffsetAround(day: number, zone: string): number {
  const known = knownOffsets(zone);
  const before = dailyOffset(day - 1, zone, known);
  return before === dailyOffset(day + 1, zone, known) ? before : Number.NaN;
}

/**
 * The instant (epoch ms) of a wall-clock time of `zone`, given as its fields read in UTC.
 * The offsets a day before and a day after bound the wall time (no zone changes its offset twice within two days):
 * the wall time minus an offset is the answer when the zone has that offset at the result.
 * - A repeated wall time (clocks turned back) fits both: the earlier instant is taken, as the log cannot say.
 * - A skipped wall time (clocks turned forward) fits neither: it is read with the offset before the change,
 *   the instant a clock that was not turned forward would show it (02:30 in a gap from 02:00 to 03:00 is 03:30).
 */
function instantOfWall(wall: number, zone: string): number {
  const day = Math.floor(wall / DAY_MS);
  if (day !== steadyDay || zone !== steadyZone) {
    steadyDay = day;
    steadyZone = zone;
    steadyOffset = steadyOffsetAround(day, zone);
  }
  if (!Number.isNaN(steadyOffset)) return wall - steadyOffset;
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

/** The wall-clock time of `date` on this machine, as Murmur writes its own (local time, no offset). */
export function localLogTime(date: Date): LogTime {
  return wallToLogTime(date.getTime() - date.getTimezoneOffset() * 60_000);
}

/** Now on the zone's wall clock, as a log time: what the Murmur host's log would write at this instant. */
export function zoneNow(zone: string, now = Date.now()): LogTime {
  return wallToLogTime(wallAsUtc(now, zone) + (now % 1000));
}

// ---- the viewer's clock (the dashboard) ----

/**
 * The instant at which this machine's clock shows the fields of `time` (0 when it is not a log time).
 * Formatting it with local-time getters, or on a chart's local time axis, gives back the fields as written;
 * the instant the log means needs the server's zone (logTimeInstant).
 */
export function logTimeOnLocalClock(time: LogTime): number {
  const ms = Date.parse(time); // a date-time without an offset is read as local time
  return Number.isNaN(ms) ? 0 : ms;
}

/** Local midnight starting `date` (`YYYY-MM-DD`) on this machine's clock. */
export function dayOnLocalClock(date: string): number {
  return logTimeOnLocalClock(`${date}T00:00:00`);
}

/** The date (`YYYY-MM-DD`) this machine's clock shows at instant `ms`. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Now on the server's wall clock, read the way the formatters read a log time (logTimeOnLocalClock), so that
 * "today" in a formatted log time is the server's today; the viewer's own now when the zone is not known yet.
 */
export function serverNowMs(zone: string | undefined, now = Date.now()): number {
  return zone === undefined ? now : logTimeOnLocalClock(zoneNow(zone, now));
}

/** The instant `time` names in `zone`; without a zone (a source not known yet) it is read as the viewer's time. */
export function logTimeInstant(time: LogTime, zone: string | undefined): number {
  return zone === undefined ? logTimeOnLocalClock(time) : zonedLogTimeToMs(time, zone);
}
