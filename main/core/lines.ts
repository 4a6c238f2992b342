// Splits a byte stream into text lines and keeps the byte offset a tailer can commit.
// Hot path of every backfill: one native UTF-8 check and one decode per chunk, not per line.
import { isUtf8 } from 'node:buffer';

/** Lines longer than this (in bytes, without the newline) are skipped, never buffered. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

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
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.keepPartial(chunk);
      this.received += chunk.length;
      return lines;
    }
    let start = 0;
    if (this.carry !== null || this.skipping) {
      const first = chunk.indexOf(NEWLINE);
      this.finishCarried(chunk.subarray(0, first), lines);
      start = first + 1;
    }
    if (start <= last) this.splitRegion(chunk.subarray(start, last), lines);
    this.consumed = this.received + last + 1;
    this.received += chunk.length;
    this.keepPartial(chunk.subarray(last + 1));
    return lines;
  }

  /** End of input: an unterminated last line counts as a line (a finished file may lack the final newline). */
  end(): string[] {
    const lines: string[] = [];
    if (this.skipping) this.droppedLines += 1;
    else if (this.carry !== null && this.carry.length > 0) this.pushBytes(this.carry, lines);
    this.carry = null;
    this.skipping = false;
    this.consumed = this.received;
    return lines;
  }

  private finishCarried(head: Buffer, lines: string[]): void {
    if (this.skipping) {
      this.droppedLines += 1;
    } else {
      const carry = this.carry ?? Buffer.alloc(0);
      if (carry.length + head.length > this.maxLineBytes) this.droppedLines += 1;
      else this.pushBytes(Buffer.concat([carry, head]), lines);
    }
    this.carry = null;
    this.skipping = false;
  }

  /** `region` holds whole lines separated by `\n`, without the final newline. */
  private splitRegion(region: Buffer, lines: string[]): void {
    if (!isUtf8(region)) {
      this.splitBadRegion(region, lines);
      return;
    }
    const parts = region.toString('utf8').split('\n');
    // A decoded line has at most as many UTF-16 units as bytes, so only long strings need a byte count.
    const suspectLength = this.maxLineBytes / 3;
    for (const part of parts) {
      if (part.length > suspectLength && Buffer.byteLength(part) > this.maxLineBytes) {
        this.droppedLines += 1;
        continue;
      }
      lines.push(part.charCodeAt(part.length - 1) === CARRIAGE_RETURN ? part.slice(0, -1) : part);
    }
  }

  /** Slow path for a chunk with bad bytes somewhere: check each line on its own. */
  private splitBadRegion(region: Buffer, lines: string[]): void {
    let start = 0;
    for (;;) {
      const end = region.indexOf(NEWLINE, start);
      const line = region.subarray(start, end === -1 ? region.length : end);
      if (line.length > this.maxLineBytes) this.droppedLines += 1;
      else this.pushBytes(line, lines);
      if (end === -1) return;
      start = end + 1;
    }
  }

  private pushBytes(bytes: Buffer, lines: string[]): void {
    if (bytes.length > this.maxLineBytes || !isUtf8(bytes)) {
      this.droppedLines += 1;
      return;
    }
    const text = bytes.toString('utf8');
    lines.push(text.charCodeAt(text.length - 1) === CARRIAGE_RETURN ? text.slice(0, -1) : text);
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
