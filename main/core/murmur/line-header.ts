// The header of a Murmur log line, `<L>YYYY-MM-DD hh:mm:ss.zzz `, read from the line's bytes: where it
// starts (after NUL bytes or a journald prefix), the level, the date and the time. Every line goes through
// this, so the date string is made once per day and the time is kept as a number.
import type { LogLevel } from './events.js';
import { decodeAscii, findForward, isDigit } from './text-range.js';

/** `<W>` + `YYYY-MM-DD hh:mm:ss.zzz` + one space. */
const HEADER_LENGTH = 27;
/** `YYYY-MM-DD hh`: what consecutive lines mostly share, compared instead of read again. */
const DATE_HOUR_LENGTH = 13;
/** `May 01 04:52:24 host-name murmurd[146331]: ` and the like. */
const JOURNAL_PREFIX_MAX = 256;

export class LineHeader {
  level: LogLevel = 'W';
  /** Index of the timestamp's first digit. */
  timeAt = 0;
  /** The time of day as the integer hhmmsszzz (see clockOf). */
  clock = 0;
  /** The line's `YYYY-MM-DD`: consecutive lines share one string, made when the date bytes change. */
  date = '';
  /** The bytes of `date` and the hour after it: a line of the same hour only compares them. */
  private readonly dateHourBytes = new Uint8Array(DATE_HOUR_LENGTH);
  /** The hour of `dateHourBytes` as clock digits (hh0000000); -1 before the first line. */
  private hourClock = -1;

  /** Reads the header of the line `text[from, to)`: returns where its message starts, or -1 when it has none. */
  read(text: Buffer, from: number, to: number): number {
    const start = text[from] === 60 /* < */ ? from : headerStart(text, from, to);
    if (start === -1 || to - start < HEADER_LENGTH) return -1;
    const level = levelOf(text[start + 1]);
    if (level === undefined || text[start + 2] !== 62 /* > */) return -1;
    const at = start + 3;
    if (!this.sameDateHour(text, at) && !this.readDateHour(text, at)) return -1;
    // `:mm:ss.zzz ` after the hour, each digit read once.
    if (text[at + 13] !== 58 /* : */ || text[at + 16] !== 58 || text[at + 19] !== 46 /* . */ || text[at + 23] !== 32) return -1;
    const m1 = (text[at + 14] as number) - 48;
    const m2 = (text[at + 15] as number) - 48;
    const s1 = (text[at + 17] as number) - 48;
    const s2 = (text[at + 18] as number) - 48;
    const z1 = (text[at + 20] as number) - 48;
    const z2 = (text[at + 21] as number) - 48;
    const z3 = (text[at + 22] as number) - 48;
    if (!(isDigitValue(m1) && isDigitValue(m2) && isDigitValue(s1) && isDigitValue(s2) && isDigitValue(z1) && isDigitValue(z2) && isDigitValue(z3))) {
      return -1;
    }
    this.clock = this.hourClock + m1 * 1_000_000 + m2 * 100_000 + s1 * 10_000 + s2 * 1000 + z1 * 100 + z2 * 10 + z3;
    this.level = level;
    this.timeAt = at;
    return start + HEADER_LENGTH;
  }

  /** Whether `YYYY-MM-DD hh` at `at` is the one of the last line read. */
  private sameDateHour(text: Buffer, at: number): boolean {
    if (this.hourClock === -1) return false;
    const known = this.dateHourBytes;
    for (let i = 0; i < DATE_HOUR_LENGTH; i += 1) if (text[at + i] !== known[i]) return false;
    return true;
  }

  /** Checks `YYYY-MM-DD hh` at `at` and keeps it; the date string is made again only when the date changed. */
  private readDateHour(text: Buffer, at: number): boolean {
    const dateOk = digits(text, at, 4) && text[at + 4] === 45 /* - */ && digits(text, at + 5, 2) && text[at + 7] === 45 && digits(text, at + 8, 2);
    if (!dateOk || text[at + 10] !== 32 || !digits(text, at + 11, 2)) return false;
    const known = this.dateHourBytes;
    let sameDate = this.hourClock !== -1;
    for (let i = 0; i < 10 && sameDate; i += 1) sameDate = text[at + i] === known[i];
    if (!sameDate) this.date = decodeAscii(text, at, at + 10);
    known.set(text.subarray(at, at + DATE_HOUR_LENGTH));
    this.hourClock = ((text[at + 11] as number) - 48) * 100_000_000 + ((text[at + 12] as number) - 48) * 10_000_000;
    return true;
  }
}

function isDigitValue(value: number): boolean {
  return value >= 0 && value <= 9;
}

/** Where `<L>` starts: at `from` normally, after leading NUL bytes, or after a journald/syslog prefix. */
function headerStart(text: Buffer, from: number, to: number): number {
  let start = from;
  while (start < to && text[start] === 0) start += 1;
  if (start > from || text[start] === 60 /* < */) {
    return start + 2 < to && text[start] === 60 && text[start + 2] === 62 /* > */ ? start : -1;
  }
  // A journald/syslog prefix is short; never search past it (garbage lines would make this quadratic).
  const journal = findForward(text, ']: <', from, Math.min(to, from + JOURNAL_PREFIX_MAX));
  if (journal === -1 || journal + 6 > to) return -1;
  return text[journal + 5] === 62 /* > */ ? journal + 3 : -1;
}

function digits(text: Buffer, at: number, count: number): boolean {
  for (let i = at; i < at + count; i += 1) if (!isDigit(text[i])) return false;
  return true;
}

/** The level letter, or undefined when it is not one. */
function levelOf(code: number | undefined): LogLevel | undefined {
  switch (code) {
    case 67:
      return 'C';
    case 70:
      return 'F';
    case 68:
      return 'D';
    case 88:
      return 'X';
    case 87:
      return 'W';
    default:
      return undefined;
  }
}

