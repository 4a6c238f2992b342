// One look at the followed path, turned into the decision function's Observation. Opening the file to read its
// first bytes is also the readability check: a file we may stat but not open is reported as unreadable.
import { open, stat } from 'node:fs/promises';
import { headMatches, readHead, type Fingerprint } from './fingerprint.js';
import { errorCode } from './source-errors.js';
import type { Observation } from './tail-decision.js';

/** What the previous look saw; when stat reports the same file, size and mtime, its content check is reused. */
export interface LookMemo {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  sameContent: boolean;
  fingerprintSha1: string | null;
}

export interface Look {
  seen: Observation;
  memo: LookMemo | null;
}

function failed(error: unknown): Look {
  const code = errorCode(error);
  return { seen: code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', code }, memo: null };
}

/** Stat the path and compare its first bytes with `fingerprint`, the identity of the file we are reading. */
export async function look(path: string, fingerprint: Fingerprint | null, memo: LookMemo | null): Promise<Look> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    return failed(error);
  }
  if (!info.isFile()) return { seen: { kind: 'unreadable', code: info.isDirectory() ? 'EISDIR' : 'ENOTFILE' }, memo: null };
  const unchanged =
    memo !== null &&
    memo.dev === info.dev &&
    memo.ino === info.ino &&
    memo.size === info.size &&
    memo.mtimeMs === info.mtimeMs &&
    memo.fingerprintSha1 === (fingerprint?.sha1 ?? null);
  let sameContent = unchanged ? memo.sameContent : false;
  if (!unchanged) {
    try {
      const handle = await open(path, 'r');
      try {
        // Identity and first bytes from the one open file: a rotation between the stat above and the open
        // would otherwise pair the old file's inode with the new file's bytes, a "rewritten" file read again.
        info = await handle.stat();
        sameContent = fingerprint !== null && headMatches(await readHead(handle, fingerprint.length), fingerprint);
      } finally {
        await handle.close();
      }
    } catch (error) {
      return failed(error);
    }
  }
  return {
    seen: { kind: 'present', dev: info.dev, ino: info.ino, size: info.size, sameContent },
    memo: {
      dev: info.dev,
      ino: info.ino,
      size: info.size,
      mtimeMs: info.mtimeMs,
      sameContent,
      fingerprintSha1: fingerprint?.sha1 ?? null,
    },
  };
}
