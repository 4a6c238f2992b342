// Reads one segment (a plain or `.gz` file) from an offset of its text through the line splitter into a
// sink: `report` reads every segment from 0, the backfill from where the stored place left off. Memory
// stays bounded whatever the file size.
import { open, type FileHandle, type FileReadResult } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { bytesOf, type Segment } from './file-segments.js';
import { LineSplitter } from './line-splitter.js';
import { describeFileError } from './source-errors.js';
import type { LineSink } from './source.js';

/** Plain files are read in chunks of this size (see readPlain); `.gz` files are inflated in 64 KiB pieces. */
const READ_CHUNK_BYTES = 1 << 20;
const GUNZIP_CHUNK_BYTES = 1 << 16;

export interface SegmentProgress {
  /** Resume point: offset in the (decompressed) text just after the last complete line fed. */
  offset: number;
  /** Bytes of the file on disk read so far (compressed bytes for `.gz`). */
  diskBytes: number;
}

export interface SegmentReadOptions {
  /** Called after each chunk's lines were fed; the read waits for a returned promise (a turn of the event loop). */
  afterChunk?: (progress: SegmentProgress) => void | Promise<void>;
  /** Checked before each chunk: true ends the read where it stands. */
  stopped?: () => boolean;
}

/**
 * Feeds the lines of `segment` after `from` (an offset in its decompressed text, at a line start) into
 * `sink`; the unterminated last line of the file counts as a line. Resolves with the offset read up to.
 * A segment opened when it was listed (file-segments.ts) is read through its handle, which stays open;
 * otherwise the file is opened by its path. A file or gzip error rejects as a SourceReadError naming the
 * file; an error of the sink goes up unchanged.
 */
export async function readSegment(segment: Segment & { handle?: FileHandle }, from: number, sink: LineSink, options: SegmentReadOptions = {}): Promise<number> {
  const splitter = new LineSplitter({ startOffset: from });
  const stopped = options.stopped ?? (() => false);
  const feed = async (chunk: Buffer, diskBytes: number): Promise<boolean> => {
    splitter.feedSink(chunk, sink);
    await options.afterChunk?.({ offset: splitter.offset, diskBytes });
    return stopped();
  };
  try {
    const read = segment.gzip ? readGzip : readPlain;
    const finished = segment.handle ? await read(segment.handle, from, feed) : await withFile(segment.path, (handle) => read(handle, from, feed));
    if (!finished) return splitter.offset;
  } catch (error) {
    // File and gzip errors carry a code; anything else is a bug of the sink and goes up unchanged.
    if (typeof (error as NodeJS.ErrnoException).code === 'string') throw describeFileError(segment.path, error);
    throw error;
  }
  splitter.feedSink(null, sink);
  return splitter.offset;
}

/** A chunk of text and the bytes on disk read so far; resolves true to stop reading. */
type ChunkFeed = (chunk: Buffer, diskBytes: number) => Promise<boolean>;

async function withFile<T>(path: string, use: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a plain file from `from` to its end through two reused buffers: while one chunk is split and
 * parsed, the next is already being read (by libuv's thread pool), so the parser never waits for the disk.
 * Resolves false when the feed stopped it.
 */
async function readPlain(handle: FileHandle, from: number, feed: ChunkFeed): Promise<boolean> {
  const buffers: Buffer[] = [Buffer.allocUnsafe(READ_CHUNK_BYTES), Buffer.allocUnsafe(READ_CHUNK_BYTES)];
  let position = from;
  let next: Promise<FileReadResult<Buffer>> = handle.read(buffers[0] as Buffer, 0, READ_CHUNK_BYTES, position);
  try {
    for (let turn = 1; ; turn += 1) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) return true;
      position += bytesRead;
      next = handle.read(buffers[turn % 2] as Buffer, 0, READ_CHUNK_BYTES, position);
      if (await feed(buffer.subarray(0, bytesRead), position - from)) return false;
    }
  } finally {
    // Never let the file be closed under a read still running (a stopped or failed feed leaves one behind).
    await next.catch(() => undefined);
  }
}

/** Inflates a `.gz` file and feeds its text after the first `from` bytes. Resolves false when the feed stopped it. */
async function readGzip(handle: FileHandle, from: number, feed: ChunkFeed): Promise<boolean> {
  let diskBytes = 0;
  const counted = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of bytesOf(handle)) {
      diskBytes += chunk.length;
      yield chunk;
    }
  };
  const input = Readable.from(counted());
  const text = input.pipe(createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }));
  input.on('error', (error) => text.destroy(error));
  let skip = from;
  try {
    for await (const chunk of text as AsyncIterable<Buffer>) {
      let bytes = chunk;
      if (skip > 0) {
        const dropped = Math.min(skip, bytes.length);
        skip -= dropped;
        bytes = bytes.subarray(dropped);
        if (bytes.length === 0) continue;
      }
      // Leaving the loop early ends the inflating without an error.
      if (await feed(bytes, diskBytes)) return false;
    }
  } finally {
    text.destroy();
    input.destroy();
  }
  return true;
}
