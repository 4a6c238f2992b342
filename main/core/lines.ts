// Splits a byte stream into text lines and keeps the byte offset a tailer can commit.
// Hot path of every backfill: one native UTF-8 check and one decode per chunk, not per line.
import { isUtf8 } from 'node:buffer';

/**
 * A copy of `text` that does not keep alive the string it was cut from. V8 makes a slice of 13 or more
 * characters point into its parent, so a user name sliced out of a decoded 1 MB chunk would pin that
 * chunk for as long as the session stays open. Prepending a character and slicing it off forces a copy.
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/** Lines longer than this (in bytes, without the newline) are skipped, never buffered. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

/** Receives one line as `text[start, end)` (newline and trailing CR excluded). */
export type LineVisitor = (text: string, start: number, end: number) => void;

/**
 * How feedRanges() decodes: 'utf8' gives ordinary strings; 'latin1' gives one character per byte (the
 * bytes, already checked to be valid UTF-8), several times faster to make and scan; fields cut from it
 * must be decoded as UTF-8 (ScannedLine does).
 */
export type RangeEncoding = 'utf8' | 'latin1';

export interface LineSplitterOptions {
  /** Longest line kept, in bytes; longer lines are dropped (counted in `droppedLines`). */
  maxLineBytes?: number;
  /** Byte offset of the first byte that will be fed (a tailer resuming mid-file). */
  startOffset?: number;
}

/**
 * Feed Buffers in, get complete lines out: UTF-8 decoded, `\n` and a trailing `\r` removed.
 * A partial last line waits for its newline. Lines over `maxLineBytes` or not valid UTF-8 are
 * dropped and counted in `droppedLines` (the tracker counts them as unparsed).
 */
export class LineSplitter {
  /** Lines skipped so far because they were too long or not valid UTF-8. */
  droppedLines = 0;
  private readonly maxLineBytes: number;
  /** Bytes of the unfinished last line (never more than maxLineBytes). */
  private carry: Buffer | null = null;
  /** Inside a line already known to be too long: discard bytes up to its newline. */
  private skipping = false;
  private received: number;
  private encoding: RangeEncoding = 'utf8';
  private consumed: number;

  constructor(options: LineSplitterOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.received = options.startOffset ?? 0;
    this.consumed = this.received;
  }

  /** Byte offset just after the last complete line consumed: what a tailer commits. */
  get offset(): number {
    return this.consumed;
  }

  /** Byte offset just after the last byte fed (offset + bytes of the unfinished line). */
  get receivedOffset(): number {
    return this.received;
  }

  /** Bytes held for the unfinished last line: at most maxLineBytes (an overlong line is not kept). */
  get bufferedBytes(): number {
    return this.carry === null ? 0 : this.carry.length;
  }

  /** Returns the lines completed by this chunk, in order. */
  feed(chunk: Buffer): string[] {
    const lines: string[] = [];
    this.feedRanges(chunk, (text, start, end) => lines.push(text.slice(start, end)));
    return lines;
  }

  /** End of input: an unterminated last line counts as a line (a finished file may lack the final newline). */
  end(): string[] {
    const lines: string[] = [];
    this.endRanges((text, start, end) => lines.push(text.slice(start, end)));
    return lines;
  }

  /**
   * Like feed(), without making a string per line: `visit(text, start, end)` gets each line as a range
   * of a decoded chunk (the backfill's hot path).
   */
  feedRanges(chunk: Buffer, visit: LineVisitor, encoding: RangeEncoding = 'utf8'): void {
    this.encoding = encoding;
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.keepPartial(chunk);
      this.received += chunk.length;
      return;
    }
    let start = 0;
    if (this.carry !== null || this.skipping) {
      const first = chunk.indexOf(NEWLINE);
      this.finishCarried(chunk.subarray(0, first), visit);
      start = first + 1;
    }
    if (start <= last) this.splitRegion(chunk.subarray(start, last), visit);
    this.consumed = this.received + last + 1;
    this.received += chunk.length;
    this.keepPartial(chunk.subarray(last + 1));
  }

  /** end() for feedRanges(). */
  endRanges(visit: LineVisitor, encoding: RangeEncoding = 'utf8'): void {
    this.encoding = encoding;
    if (this.skipping) this.droppedLines += 1;
    else if (this.carry !== null && this.carry.length > 0) this.visitBytes(this.carry, visit);
    this.carry = null;
    this.skipping = false;
    this.consumed = this.received;
  }

  private finishCarried(head: Buffer, visit: LineVisitor): void {
    if (this.skipping) {
      this.droppedLines += 1;
    } else {
      const carry = this.carry ?? Buffer.alloc(0);
      if (carry.length + head.length > this.maxLineBytes) this.droppedLines += 1;
      else this.visitBytes(Buffer.concat([carry, head]), visit);
    }
    this.carry = null;
    this.skipping = false;
  }

  /** `region` holds whole lines separated by `\n`, without the final newline. */
  private splitRegion(region: Buffer, visit: LineVisitor): void {
    if (!isUtf8(region)) {
      this.splitBadRegion(region, visit);
      return;
    }
    const text = region.toString(this.encoding);
    // A decoded line has at most as many UTF-16 units as bytes, so only long lines need a byte count.
    const suspectLength = this.maxLineBytes / 3;
    for (let start = 0; ; ) {
      const found = text.indexOf('\n', start);
      const end = found === -1 ? text.length : found;
      if (end - start > suspectLength && Buffer.byteLength(text.slice(start, end)) > this.maxLineBytes) this.droppedLines += 1;
      else visit(text, start, end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN ? end - 1 : end);
      if (found === -1) return;
      start = found + 1;
    }
  }

  /** Slow path for a chunk with bad bytes somewhere: check each line on its own. */
  private splitBadRegion(region: Buffer, visit: LineVisitor): void {
    let start = 0;
    for (;;) {
      const end = region.indexOf(NEWLINE, start);
      const line = region.subarray(start, end === -1 ? region.length : end);
      if (line.length > this.maxLineBytes) this.droppedLines += 1;
      else this.visitBytes(line, visit);
      if (end === -1) return;
      start = end + 1;
    }
  }

  private visitBytes(bytes: Buffer, visit: LineVisitor): void {
    if (bytes.length > this.maxLineBytes || !isUtf8(bytes)) {
      this.droppedLines += 1;
      return;
    }
    const text = bytes.toString(this.encoding);
    visit(text, 0, text.charCodeAt(text.length - 1) === CARRIAGE_RETURN ? text.length - 1 : text.length);
  }

  private keepPartial(tail: Buffer): void {
    if (this.skipping || tail.length === 0) return;
    const kept = this.carry === null ? 0 : this.carry.length;
    if (kept + tail.length > this.maxLineBytes) {
      this.carry = null;
      this.skipping = true;
      return;
    }
    // Copy: the caller may reuse the chunk's memory after feed() returns.
    this.carry = this.carry === null ? Buffer.from(tail) : Buffer.concat([this.carry, tail]);
  }
}
