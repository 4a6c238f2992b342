// The segments of a file source, oldest first: its rotations `PATH.N(.gz)` … `PATH.1(.gz)`, then the live
// PATH. Only regular files count: a device or a FIFO at PATH would never end (or never hold a log), so it
// is refused with a clear message instead of being read.
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FINGERPRINT_BYTES, readHead } from './fingerprint.js';
import { describeFileError, sourceProblem } from './source-errors.js';

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

/** A segment opened when it was listed: read through `handle`, whatever name the file has by then. */
export interface OpenSegment extends SegmentOnDisk {
  handle: FileHandle;
  dev: number;
  ino: number;
}

/** How often a listing that a rotation changed while it was opened is taken again before it is used as it is. */
const LISTING_ATTEMPTS = 5;

/** The first bytes of an open file, decompressed for `.gz`; empty when it cannot be read (it is then read in full). */
async function headOfOpen(handle: FileHandle, gzip: boolean): Promise<Buffer> {
  if (!gzip) return readHead(handle).catch(() => Buffer.alloc(0));
  const input = Readable.from(bytesOf(handle));
  const text = input.pipe(createGunzip());
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
 * The bytes of an open file from its start, read by position. Not a stream of the handle: destroying one
 * (a read stopped early) closes the handle, which its owner still reads through.
 */
export async function* bytesOf(handle: FileHandle, chunkBytes = 1 << 16): AsyncGenerator<Buffer> {
  for (let position = 0; ; ) {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/**
 * The length of a `.gz` file's text from its trailer (RFC 1952 ISIZE: the length modulo 2^32, of the last
 * member). A log rotation is one member far below 4 GiB, so this is its length without decompressing it.
 */
async function gzipTextSize(handle: FileHandle, size: number): Promise<number> {
  if (size < 18) return 0;
  const trailer = Buffer.alloc(4);
  await handle.read(trailer, 0, 4, size - 4);
  return trailer.readUInt32LE(0);
}

/** The segment opened with its head and sizes, or null when it cannot be opened (it vanished since it was listed). */
export async function openSegment(segment: Segment): Promise<OpenSegment | null> {
  const handle = await open(segment.path, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    const { size, dev, ino } = await handle.stat();
    const textSize = segment.gzip ? await gzipTextSize(handle, size).catch(() => 0) : size;
    return { ...segment, handle, dev, ino, size, textSize, head: await headOfOpen(handle, segment.gzip) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Whether a fresh listing still names exactly the files `opened` holds, in the same places. */
async function stillListed(path: string, opened: OpenSegment[]): Promise<boolean> {
  const again = await listSegments(path).catch(() => []);
  if (again.length !== opened.length) return false;
  for (const [index, segment] of again.entries()) {
    const held = opened[index] as OpenSegment;
    const info = await stat(segment.path).catch(() => null);
    if (segment.path !== held.path || info === null || info.dev !== held.dev || info.ino !== held.ino) return false;
  }
  return true;
}

export async function closeSegments(segments: OpenSegment[]): Promise<void> {
  await Promise.all(segments.map((segment) => segment.handle.close().catch(() => undefined)));
}

/**
 * The segments, oldest first, each opened with its head and sizes; rejects as listSegments does. They are
 * read through these handles, never again by name: a rotation by rename (PATH → PATH.1 → PATH.2 →
 * PATH.2.gz) between listing and reading would otherwise read one file twice and skip another. A rotation
 * while they are being opened shows in a second listing, and they are opened again, so the files held are
 * the log's segments as they were at one moment. The caller closes them (closeSegments).
 */
export async function openSegments(path: string): Promise<OpenSegment[]> {
  for (let attempt = 1; ; attempt += 1) {
    const listed = await listSegments(path);
    const opened: OpenSegment[] = [];
    for (const segment of listed) {
      const held = await openSegment(segment);
      if (held !== null) opened.push(held);
    }
    if (attempt === LISTING_ATTEMPTS || (await stillListed(path, opened))) return opened;
    await closeSegments(opened);
  }
}
