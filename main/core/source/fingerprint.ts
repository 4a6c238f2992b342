// A file's content identity: a hash of its first bytes. Inode numbers are reused and change when a file is
// copied (copy-truncate, restore from backup, `.gz` rotations); the first bytes of a Murmur log start with a
// millisecond timestamp, so they name one log file wherever it moves (Filebeat's `fingerprint` identity,
// elastic/beats#35734, is the same idea).
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** How many leading bytes identify a file; a smaller file is identified by all of its bytes until it grows. */
export const FINGERPRINT_BYTES = 1024;

export interface Fingerprint {
  /** How many leading bytes were hashed (less than FINGERPRINT_BYTES while the file was smaller). */
  length: number;
  sha1: string;
}

export function fingerprintOf(head: Buffer): Fingerprint {
  const bytes = head.subarray(0, FINGERPRINT_BYTES);
  return { length: bytes.length, sha1: createHash('sha1').update(bytes).digest('hex') };
}

/** The first `length` bytes of an open file (fewer if the file is shorter). */
export async function readHead(handle: FileHandle, length = FINGERPRINT_BYTES): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** Whether `head` (the first bytes of some file) starts with the content `fingerprint` describes. */
export function headMatches(head: Buffer, fingerprint: Fingerprint): boolean {
  if (fingerprint.length === 0 || head.length < fingerprint.length) return false;
  return fingerprintOf(head.subarray(0, fingerprint.length)).sha1 === fingerprint.sha1;
}
