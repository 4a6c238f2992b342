// Reads a source from disk: its rotations (PATH.N[.gz] … PATH.1[.gz]) oldest first, then the live PATH.
// Streams every file through the line splitter, so memory stays bounded whatever the file size.
import { createReadStream } from 'node:fs';
import { open, readdir, stat, type FileReadResult } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { LineSplitter, type ByteLineVisitor } from '../lines.js';
import { readAccessAdvice } from '../log-access.js';

/** Plain files are read in chunks of this size (see readPlain). */
const READ_CHUNK_BYTES = 1 << 20;

export interface SourceFile {
  path: string;
  /** Whether the file is gzip-compressed (`.gz`). */
  gzip: boolean;
  /** 0 for the live file, N for `PATH.N`. */
  rotation: number;
}

/** Where lines go: the tracker implements this (`feed` + `countUnparsed`, and the fast `feedBytes`). */
export interface LineSink {
  feed(line: string): void;
  /** When present, lines arrive as byte ranges of the chunk read (see ByteLineVisitor), not one string each. */
  feedBytes?(bytes: Buffer, start: number, end: number): void;
  /** Lines dropped before parsing (too long, not UTF-8). */
  countUnparsed(lines: number): void;
}

/** A file of a source could not be read; the message says which file and what to do. */
export class SourceReadError extends Error {
  readonly path: string;
  readonly code: string | undefined;
  constructor(path: string, code: string | undefined, message: string) {
    super(message);
    this.name = 'SourceReadError';
    this.path = path;
    this.code = code;
  }
}

/** Turns a file-system error into a message an admin can act on. */
export function describeFileError(path: string, error: unknown): SourceReadError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new SourceReadError(path, code, `${path}: no such file or directory`);
    case 'EACCES':
    case 'EPERM':
      return new SourceReadError(
        path,
        code,
        `${path}: permission denied. ${readAccessAdvice()}`,
      );
    case 'EISDIR':
      return new SourceReadError(path, code, `${path}: is a directory; give the path of the log file`);
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return new SourceReadError(path, code, `${path}: damaged gzip data (${(error as Error).message})`);
    default:
      return new SourceReadError(path, code, `${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The files of a source, oldest first: `PATH.N(.gz)` … `PATH.1(.gz)`, then `PATH`. When both `PATH.N` and
 * `PATH.N.gz` exist (logrotate is compressing right now), the plain one is read. A missing live file is
 * fine when rotations exist; nothing at all, or an unreadable folder, is a SourceReadError.
 */
export async function listSourceFiles(path: string): Promise<SourceFile[]> {
  const folder = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    // A folder we may enter but not list (mode --x) still lets us read the live file, without rotations.
    const live = await stat(path).catch(() => undefined);
    if (live?.isFile() === true) return [{ path, gzip: false, rotation: 0 }];
    throw describeFileError((error as NodeJS.ErrnoException).code === 'ENOENT' ? path : folder, error);
  }
  const rotations = new Map<number, SourceFile>();
  const pattern = /^\.(\d+)(\.gz)?$/;
  for (const name of names) {
    if (!name.startsWith(base)) continue;
    const match = pattern.exec(name.slice(base.length));
    if (match === null) continue;
    const rotation = Number(match[1]);
    const gzip = match[2] !== undefined;
    if (rotation === 0 || (rotations.has(rotation) && gzip)) continue;
    rotations.set(rotation, { path: join(folder, name), gzip, rotation });
  }
  const files = [...rotations.values()].sort((a, b) => b.rotation - a.rotation);
  if (names.includes(base)) {
    const info = await stat(path).catch((error: unknown) => {
      throw describeFileError(path, error);
    });
    if (info.isDirectory()) throw describeFileError(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
    files.push({ path, gzip: false, rotation: 0 });
  }
  if (files.length === 0) throw describeFileError(path, Object.assign(new Error('not found'), { code: 'ENOENT' }));
  return files;
}

/** Reads a whole file into `sink`, line by line (gunzipped when `.gz`). Returns the bytes of log text read. */
export async function readSourceFile(file: SourceFile, sink: LineSink): Promise<number> {
  const splitter = new LineSplitter();
  const visit: ByteLineVisitor =
    sink.feedBytes === undefined ? (bytes, start, end) => sink.feed(bytes.toString('utf8', start, end)) : sink.feedBytes.bind(sink);
  const countDropped = (lines: number): void => sink.countUnparsed(lines);
  const feed = (chunk: Buffer | null): void => splitter.feedChunk(chunk, visit, countDropped);
  try {
    if (file.gzip) {
      // 64 KiB pieces rather than zlib's 16 KiB: fewer calls per megabyte, still streaming.
      await pipeline(createReadStream(file.path), createGunzip({ chunkSize: 1 << 16 }), async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) feed(chunk);
      });
    } else {
      await readPlain(file.path, feed);
    }
  } catch (error) {
    // File and gzip errors carry a code; anything else is a bug of the sink and goes up unchanged.
    if (typeof (error as NodeJS.ErrnoException).code === 'string') throw describeFileError(file.path, error);
    throw error;
  }
  feed(null);
  return splitter.offset;
}

/**
 * Reads a plain file start to end through two reused buffers: while one chunk is split and parsed, the
 * next is already being read (by libuv's thread pool), so the parser never waits for the disk.
 */
async function readPlain(path: string, feed: (chunk: Buffer) => void): Promise<void> {
  const handle = await open(path, 'r');
  const buffers: Buffer[] = [Buffer.allocUnsafe(READ_CHUNK_BYTES), Buffer.allocUnsafe(READ_CHUNK_BYTES)];
  let position = 0;
  let next: Promise<FileReadResult<Buffer>> = handle.read(buffers[0] as Buffer, 0, READ_CHUNK_BYTES, position);
  try {
    for (let turn = 1; ; turn += 1) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) return;
      position += bytesRead;
      next = handle.read(buffers[turn % 2] as Buffer, 0, READ_CHUNK_BYTES, position);
      feed(buffer.subarray(0, bytesRead));
    }
  } finally {
    // Never close the file under a read still running (a failed feed leaves one behind).
    await next.catch(() => undefined);
    await handle.close();
  }
}

/** Reads every file of a source into `sink`, oldest first. Returns the files read. */
export async function readSource(path: string, sink: LineSink): Promise<SourceFile[]> {
  const files = await listSourceFiles(path);
  for (const file of files) await readSourceFile(file, sink);
  return files;
}
