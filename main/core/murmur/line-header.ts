// The header of a Murmur log line, `<L>YYYY-MM-DD hh:mm:ss.zzz `, read from the line's bytes: where it
// starts (after NUL bytes or a journald prefix), the level, the date and the time. Every line goes through
// this, so the date string is made once per day and the time is kept as a number.
import type { LogLevel } from './events.js';
import { decodeAscii, findForward, isDigit } from './text-range.js';

/** Where the digits of ` hh:mm:ss.zzz` are, from its leading space. */
const CLOCK_DIGITS = [1, 2, 4, 5, 7, 8, 10, 11, 12];
/** `<W>` + `YYYY-MM-DD hh:mm:ss.zzz` + one space. */
const HEADER_LENGTH = 27;
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
  /** The bytes of `date`: a line on the same day only compares them. */
  private readonly dateBytes = new Uint8Array(10);

  /** Reads the header of the line `text[from, to)`: returns where its message starts, or -1 when it has none. */
  read(text: Buffer, from: number, to: number): number {
    const start = headerStart(text, from, to);
    if (start === -1 || to - start < HEADER_LENGTH) return -1;
    const level = levelOf(text[start + 1]);
    if (level === undefined || text[start] !== 60 /* < */ || text[start + 2] !== 62 /* > */) return -1;
    if (!this.readDate(text, start + 3) || !this.readClock(text, start + 13)) return -1;
    this.level = level;
    this.timeAt = start + 3;
    return start + HEADER_LENGTH;
  }

  /** Checks `YYYY-MM-DD` at `at` and keeps it in `date`; a line of the same day as the last only compares bytes. */
  private readDate(text: Buffer, at: number): boolean {
    const known = this.dateBytes;
    let same = this.date !== '';
    for (let i = 0; i < 10 && same; i += 1) same = text[at + i] === known[i];
    if (same) return true;
    if (!digits(text, at, 4) || text[at + 4] !== 45 /* - */ || !digits(text, at + 5, 2) || text[at + 7] !== 45 || !digits(text, at + 8, 2)) {
      return false;
    }
    known.set(text.subarray(at, at + 10));
    this.date = decodeAscii(text, at, at + 10);
    return true;
  }

  /** Checks ` hh:mm:ss.zzz ` at `at` and keeps its digits in `clock`, reading each digit once. */
  private readClock(text: Buffer, at: number): boolean {
    if (text[at] !== 32 || text[at + 3] !== 58 /* : */ || text[at + 6] !== 58 || text[at + 9] !== 46 /* . */ || text[at + 13] !== 32) return false;
    let clock = 0;
    for (const offset of CLOCK_DIGITS) {
      const digit = (text[at + offset] as number) - 48;
      if (!(digit >= 0 && digit <= 9)) return false;
      clock = clock * 10 + digit;
    }
    this.clock = clock;
    return true;
  }
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

