// Unwraps Docker's json-file log. Each line of the file is one JSON object per write of the container:
// `{"log":"<W>2026-11-27 13:11:15.961 1 => ...\n","stream":"stderr","time":"2026-11-27T13:11:15.961817Z"}`.
// A line of the program's output longer than Docker's 16 KiB buffer comes as several objects, all but the
// last without the trailing "\n" in `log` (moby daemon/logger/copier.go, jsonfilelog.go); they are joined
// here. Sits between the line splitter (which splits the file into objects and keeps byte offsets of the
// file) and the tracker (which gets Murmur's own lines). The position committed after a chunk may fall
// between the pieces of such a line: a crash right then loses that one line, over 16 KiB, which Murmur
// never writes (its longest lines name a user or a channel).
import { MAX_LINE_BYTES } from '../line-splitter.js';
import { jsonRecord } from '../json-record.js';
import type { LineSink } from '../source.js';

/** The `log` text of one object, or null when the line is not a json-file record. */
function logText(line: string): string | null {
  const log = jsonRecord(line)?.log;
  return typeof log === 'string' ? log : null;
}

export class DockerJsonLines implements LineSink {
  readonly #sink: LineSink;
  readonly #maxLineBytes: number;
  /** The start of a line Docker split into several objects, waiting for its end. */
  #partial = '';
  /** Inside a split line already over the limit: its pieces are skipped up to its end. */
  #skipping = false;

  constructor(sink: LineSink, maxLineBytes: number = MAX_LINE_BYTES) {
    this.#sink = sink;
    this.#maxLineBytes = maxLineBytes;
  }

  feedBytes(bytes: Buffer, start: number, end: number): void {
    const log = logText(bytes.toString('utf8', start, end));
    if (log === null) {
      this.#sink.countUnparsed(1);
      return;
    }
    const complete = log.endsWith('\n');
    const piece = complete ? log.slice(0, -1) : log;
    if (this.#skipping) {
      if (complete) this.#endSkip();
      return;
    }
    const text = this.#partial + piece;
    if (Buffer.byteLength(text) > this.#maxLineBytes) {
      this.#partial = '';
      if (complete) this.#sink.countUnparsed(1);
      else this.#skipping = true;
      return;
    }
    if (!complete) {
      this.#partial = text;
      return;
    }
    this.#partial = '';
    const line = Buffer.from(text, 'utf8');
    this.#sink.feedBytes(line, 0, line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length);
  }

  countUnparsed(lines: number): void {
    this.#sink.countUnparsed(lines);
  }

  #endSkip(): void {
    this.#skipping = false;
    this.#sink.countUnparsed(1);
  }
}
