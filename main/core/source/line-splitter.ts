// The one line splitter of every source (source.ts): splits a byte stream into lines and keeps the byte
// offset a follower commits. One limit and one rule for `report`, the backfill and live following alike:
// a line longer than MAX_LINE_BYTES is dropped whole, up to its newline, and counted once as unparsed.
// Hot path of every backfill: lines are found with a native memchr (Buffer#indexOf) and handed out as
// byte ranges of the chunk; one native UTF-8 check per chunk, and nothing is decoded here.
import { isUtf8 } from 'node:buffer';
import type { LineSink } from './source.js';

/** Lines longer than this (in bytes, without the newline) are skipped, never buffered. Murmur's longest are far shorter. */
export const MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

/**
 * Receives one line as `bytes[start, end)` (newline and trailing CR excluded), valid UTF-8. The bytes
 * are only valid during the call: the caller may reuse the chunk afterwards.
 */
export type ByteLineVisitor = (bytes: Buffer, start: number, end: number) => void;

export interface LineSplitterOptions {
  /** Longest line kept, in bytes (MAX_LINE_BYTES; tests set a small one); longer lines are dropped. */
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
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
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
    this.feedLines(chunk, (bytes, start, end) => lines.push(bytes.toString('utf8', start, end)));
    return lines;
  }

  /** End of input: an unterminated last line counts as a line (a finished file may lack the final newline). */
  end(): string[] {
    const lines: string[] = [];
    this.endLines((bytes, start, end) => lines.push(bytes.toString('utf8', start, end)));
    return lines;
  }

  /** Like feed(), without making a string per line: `visit` gets each line as a byte range of the chunk. */
  feedLines(chunk: Buffer, visit: ByteLineVisitor): void {
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
    if (start <= last) this.splitRegion(chunk, start, last, visit);
    this.consumed = this.received + last + 1;
    this.received += chunk.length;
    this.keepPartial(chunk.subarray(last + 1));
  }

  /**
   * feedLines(), or with null (the end of a finished file) endLines(); the lines this call dropped (too
   * long, not UTF-8) go to `dropped`, so the reader and the tailer count them as unparsed the same way.
   */
  feedChunk(chunk: Buffer | null, visit: ByteLineVisitor, dropped: (lines: number) => void): void {
    const before = this.droppedLines;
    if (chunk === null) this.endLines(visit);
    else this.feedLines(chunk, visit);
    if (this.droppedLines !== before) dropped(this.droppedLines - before);
  }

  /** feedChunk() into a LineSink: how every source hands its bytes to the tracker. */
  feedSink(chunk: Buffer | null, sink: LineSink): void {
    this.feedChunk(
      chunk,
      (bytes, start, end) => sink.feedBytes(bytes, start, end),
      (lines) => sink.countUnparsed(lines),
    );
  }

  /** end() for feedLines(). */
  endLines(visit: ByteLineVisitor): void {
    if (this.skipping) this.droppedLines += 1;
    else if (this.carry !== null && this.carry.length > 0) this.visitLine(this.carry, 0, this.carry.length, true, visit);
    this.carry = null;
    this.skipping = false;
    this.consumed = this.received;
  }

  private finishCarried(head: Buffer, visit: ByteLineVisitor): void {
    if (this.skipping) {
      this.droppedLines += 1;
    } else {
      const carry = this.carry ?? Buffer.alloc(0);
      if (carry.length + head.length > this.maxLineBytes) this.droppedLines += 1;
      else {
        const line = Buffer.concat([carry, head]);
        this.visitLine(line, 0, line.length, true, visit);
      }
    }
    this.carry = null;
    this.skipping = false;
  }

  /** `chunk[from, to)` holds whole lines separated by `\n`; `chunk[to]` is the newline ending the last one. */
  private splitRegion(chunk: Buffer, from: number, to: number, visit: ByteLineVisitor): void {
    // One check for the whole region; only a region with bad bytes somewhere is checked line by line.
    const checkEach = !isUtf8(chunk.subarray(from, to));
    for (let start = from; ; ) {
      const end = chunk.indexOf(NEWLINE, start);
      this.visitLine(chunk, start, end, checkEach, visit);
      if (end === to) return;
      start = end + 1;
    }
  }

  /** Hands `bytes[start, end)` (a line with its CR, if any) to `visit` unless too long or (when `check`) bad UTF-8. */
  private visitLine(bytes: Buffer, start: number, end: number, check: boolean, visit: ByteLineVisitor): void {
    if (end - start > this.maxLineBytes || (check && !isUtf8(bytes.subarray(start, end)))) {
      this.droppedLines += 1;
      return;
    }
    visit(bytes, start, end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end);
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
