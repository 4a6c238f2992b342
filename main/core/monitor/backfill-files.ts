// The files of a source as planBackfill needs them: each with its first (decompressed) bytes and size.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { listSourceFiles, SourceReadError } from '../murmur/reader.js';
import { FINGERPRINT_BYTES } from '../tail/fingerprint.js';
import type { FileOnDisk } from './backfill-plan.js';

/** The first bytes of a file, decompressed for `.gz`; empty when it cannot be read (it is then read in full). */
async function headOf(path: string, gzip: boolean): Promise<Buffer> {
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

/** Oldest first, the live file last; an empty list when nothing exists yet (the tailer then waits). */
export async function filesOnDisk(path: string): Promise<FileOnDisk[]> {
  let listed;
  try {
    listed = await listSourceFiles(path);
  } catch (error) {
    if (error instanceof SourceReadError && error.code === 'ENOENT') return [];
    throw error;
  }
  const files: FileOnDisk[] = [];
  for (const file of listed) {
    const size = await stat(file.path).then((info) => info.size, () => 0);
    files.push({ ...file, size, head: await headOf(file.path, file.gzip) });
  }
  return files;
}
