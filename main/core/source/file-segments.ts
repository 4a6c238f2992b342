// The segments of a file source, oldest first: its rotations `PATH.N(.gz)` … `PATH.1(.gz)`, then the live
// PATH. Only regular files count: a device or a FIFO at PATH would never end (or never hold a log), so it
// is refused with a clear message instead of being read.
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { FINGERPRINT_BYTES } from './fingerprint.js';
import { describeFileError, sourceProblem, SourceReadError } from './source-errors.js';

export interface Segment {
  path: string;
  /** Whether the file is gzip-compressed (`.gz`). */
  gzip: boolean;
  /** 0 for the live file, N for `PATH.N`. */
  rotation: number;
}

/** A segment as the backfill plan needs it (backfill-plan.ts). */
export interface SegmentOnDisk extends Segment {
  /** Its first bytes (decompressed), FINGERPRINT_BYTES of them when the file is that long; empty when unreadable. */
  head: Buffer;
  /** Size on disk (compressed for `.gz`): what progress counts. */
  size: number;
  /** Length of its text (decompressed): the gzip trailer's count for `.gz`. */
  textSize: number;
}

/** A regular file, or the reason (as a SourceReadError) why `path` is not one. */
async function regularFile(path: string): Promise<void> {
  const info = await stat(path).catch((error: unknown) => {
    throw describeFileError(path, error);
  });
  if (info.isDirectory()) throw sourceProblem(path, 'EISDIR');
  if (!info.isFile()) throw sourceProblem(path, 'ENOTFILE');
}

/**
 * The segments of a source, oldest first. When both `PATH.N` and `PATH.N.gz` exist (logrotate is compressing
 * right now), the plain one is read. A missing live file is fine when rotations exist; nothing at all, an
 * unreadable folder, or something other than a regular file at PATH is a SourceReadError.
 */
export async function listSegments(path: string): Promise<Segment[]> {
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
  const rotations = new Map<number, Segment>();
  const pattern = /^\.(\d+)(\.gz)?$/;
  for (const name of names) {
    if (!name.startsWith(base)) continue;
    const match = pattern.exec(name.slice(base.length));
    if (match === null) continue;
    const rotation = Number(match[1]);
    const gzip = match[2] !== undefined;
    if (rotation === 0 || (rotations.has(rotation) && gzip)) continue;
    const candidate = join(folder, name);
    if (!(await stat(candidate).then((info) => info.isFile(), () => false))) continue;
    rotations.set(rotation, { path: candidate, gzip, rotation });
  }
  const segments = [...rotations.values()].sort((a, b) => b.rotation - a.rotation);
  if (names.includes(base)) {
    await regularFile(path);
    segments.push({ path, gzip: false, rotation: 0 });
  }
  if (segments.length === 0) throw sourceProblem(path, 'ENOENT');
  return segments;
}

/** The first bytes of a file, decompressed for `.gz`; empty when it cannot be read (it is then read in full). */
export async function headOf(path: string, gzip: boolean): Promise<Buffer> {
  const input = createReadStream(path, gzip ? {} : { start: 0, end: FINGERPRINT_BYTES - 1 });
  const text = gzip ? input.pipe(createGunzip()) : input;
  input.on('error', (error) => text.destroy(error));
  const parts: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of text as AsyncIterable<Buffer>) {
      parts.push(chunk);
      length += chunk.length;
      if (length >= FINGERPRINT_BYTES) break;
    }
  } catch {
    return Buffer.alloc(0);
  } finally {
    text.destroy();
    input.destroy();
  }
  return Buffer.concat(parts).subarray(0, FINGERPRINT_BYTES);
}

/**
 * The length of a `.gz` file's text from its trailer (RFC 1952 ISIZE: the length modulo 2^32, of the last
 * member). A log rotation is one member far below 4 GiB, so this is its length without decompressing it.
 */
async function gzipTextSize(path: string, size: number): Promise<number> {
  if (size < 18) return 0;
  const handle = await open(path, 'r');
  try {
    const trailer = Buffer.alloc(4);
    await handle.read(trailer, 0, 4, size - 4);
    return trailer.readUInt32LE(0);
  } finally {
    await handle.close();
  }
}

/** The segments with their heads and sizes, oldest first; an empty list when nothing exists yet (the tailer then waits). */
export async function segmentsOnDisk(path: string): Promise<SegmentOnDisk[]> {
  let listed;
  try {
    listed = await listSegments(path);
  } catch (error) {
    if (error instanceof SourceReadError && error.code === 'ENOENT') return [];
    throw error;
  }
  const segments: SegmentOnDisk[] = [];
  for (const segment of listed) {
    const size = await stat(segment.path).then((info) => info.size, () => 0);
    const textSize = segment.gzip ? await gzipTextSize(segment.path, size).catch(() => 0) : size;
    segments.push({ ...segment, size, textSize, head: await headOf(segment.path, segment.gzip) });
  }
  return segments;
}
