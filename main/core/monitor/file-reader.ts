// Reads one whole log file (plain or `.gz`) from a byte offset into a line sink, in small chunks with a turn
// of the event loop between them, so a backfill of many megabytes never freezes the dashboard or the server.
import { createReadStream } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { LineSplitter } from '../lines.js';
import type { LineSink } from '../murmur/reader.js';

/** The tracker's fast path: lines as byte ranges of the chunk read, decoded only where the tracker keeps text. */
export type RangeSink = Required<Pick<LineSink, 'feedBytes' | 'countUnparsed'>>;

/** Feeds the complete lines of `chunk` (or, with null, the unterminated last line) to `sink`. */
export function feedChunk(splitter: LineSplitter, chunk: Buffer | null, sink: RangeSink): void {
  splitter.feedChunk(
    chunk,
    (bytes, start, end) => sink.feedBytes(bytes, start, end),
    (lines) => sink.countUnparsed(lines),
  );
}

const READ_CHUNK_BYTES = 64 * 1024;

export interface ReadProgress {
  /** Resume point: offset in the (decompressed) text just after the last complete line fed. */
  offset: number;
  /** Bytes of the file on disk read so far (compressed bytes for `.gz`), for progress. */
  diskBytes: number;
}

/**
 * Feeds the lines of `path` after `startOffset` (an offset in the decompressed text) to `sink`, calling
 * `onChunk` after each chunk's lines. Resolves with the offset of the end of the text.
 */
export async function readFileLines(
  path: string,
  gzip: boolean,
  startOffset: number,
  sink: RangeSink,
  onChunk: (progress: ReadProgress) => void,
  stopped: () => boolean = () => false,
): Promise<number> {
  const input = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, start: gzip ? 0 : startOffset });
  const text = gzip ? input.pipe(createGunzip({ chunkSize: READ_CHUNK_BYTES })) : input;
  input.on('error', (error) => text.destroy(error));
  // The first byte fed is always the one at startOffset (a `.gz` is decompressed and the bytes before dropped).
  const splitter = new LineSplitter({ startOffset });
  let skip = gzip ? startOffset : 0;
  try {
    for await (const chunk of text as AsyncIterable<Buffer>) {
      if (stopped()) return splitter.offset;
      let bytes = chunk;
      if (skip > 0) {
        const dropped = Math.min(skip, bytes.length);
        skip -= dropped;
        bytes = bytes.subarray(dropped);
      }
      feedChunk(splitter, bytes, sink);
      onChunk({ offset: splitter.offset, diskBytes: input.bytesRead });
      await nextTurn();
    }
  } finally {
    text.destroy();
    input.destroy();
  }
  feedChunk(splitter, null, sink);
  onChunk({ offset: splitter.offset, diskBytes: input.bytesRead });
  return splitter.offset;
}
