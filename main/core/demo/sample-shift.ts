// Moves the sample log in time so that its last day is today: every timestamp gets the same whole number of
// days (so evenings stay evenings), and the lines that would lie in the future are left out.
import type { LogTime } from '../../contract.js';
import { DAY_MS, requireLogTimeWall, wallToLogTime } from '../../log-time.js';

export interface ShiftedSample {
  text: string;
  /** Days added to every timestamp. */
  days: number;
  /** Lines kept (those not later than `now`). */
  lines: number;
  /** Time of the last line kept, or null when none had a timestamp. */
  lastTime: LogTime | null;
}

/** `<W>2026-11-27 13:11:15.961 ...`: the timestamp starts after the 3-character level. */
const TIMESTAMP = /^<[A-Z]>(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3})/;

/** Murmur's spelling of a log time: `2026-11-27 13:11:15.961`. */
export function murmurTimestamp(time: LogTime): string {
  return `${time.slice(0, 10)} ${time.slice(11, 23)}`;
}

function lineTime(line: string): LogTime | null {
  const match = TIMESTAMP.exec(line);
  return match ? `${match[1]}T${match[2]}` : null;
}

/** Shifts `sample` (lines ending in \n) so its last line falls on the date of `now`, then cuts it at `now`. */
export function shiftSample(sample: string, now: LogTime): ShiftedSample {
  const lines = sample.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let last: LogTime | null = null;
  for (let i = lines.length - 1; i >= 0 && last === null; i -= 1) last = lineTime(lines[i] ?? '');
  if (last === null) return { text: lines.map((line) => `${line}\n`).join(''), days: 0, lines: lines.length, lastTime: null };
  const days = Math.round((requireLogTimeWall(`${now.slice(0, 10)}T00:00:00.000`) - requireLogTimeWall(`${last.slice(0, 10)}T00:00:00.000`)) / DAY_MS);
  const limit = requireLogTimeWall(now);
  const kept: string[] = [];
  let lastTime: LogTime | null = null;
  for (const line of lines) {
    const time = lineTime(line);
    if (time === null) {
      kept.push(`${line}\n`);
      continue;
    }
    const shifted = requireLogTimeWall(time) + days * DAY_MS;
    if (shifted > limit) break; // the log is in time order: the rest is later still
    lastTime = wallToLogTime(shifted);
    kept.push(`${line.slice(0, 3)}${murmurTimestamp(lastTime)}${line.slice(26)}\n`);
  }
  return { text: kept.join(''), days, lines: kept.length, lastTime };
}
