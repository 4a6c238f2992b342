// Which parts of a source's files still have to be read at start. Files are recognised by their first bytes
// (tail/fingerprint.ts), not by name: between two runs `murmur.log` may have become `murmur.log.1` and then
// `murmur.log.2.gz`. Everything up to the newest file already known was counted and is skipped.
import { headMatches } from '../tail/fingerprint.js';
import type { Position } from '../tail/tail-decision.js';
import type { FinishedFile } from '../store/store-schema.js';

export interface FileOnDisk {
  path: string;
  gzip: boolean;
  /** 0 for the live file. */
  rotation: number;
  /** Its first bytes (decompressed), at least FINGERPRINT_BYTES when the file is that long. */
  head: Buffer;
  /** Size on disk (compressed for `.gz`). */
  size: number;
}

export interface FileToRead {
  file: FileOnDisk;
  /** Where to start, in the decompressed text. */
  offset: number;
}

export interface BackfillPlan {
  /** Rotated files to read, oldest first. */
  rotations: FileToRead[];
  /** Where the live file is resumed by the tailer (null: from its start, or wherever it holds the cursor). */
  liveStart: Position | null;
}

/** @param files oldest first, the live file (rotation 0) last when it exists */
export function planBackfill(files: FileOnDisk[], finished: FinishedFile[], cursor: Position | null): BackfillPlan {
  const isFinished = (file: FileOnDisk): boolean => finished.some((done) => headMatches(file.head, done.fingerprint));
  const isCursor = (file: FileOnDisk): boolean => cursor !== null && headMatches(file.head, cursor.fingerprint);
  let newestKnown = -1;
  files.forEach((file, index) => {
    if (isFinished(file) || isCursor(file)) newestKnown = index;
  });
  const rotations: FileToRead[] = [];
  let cursorUsed = false;
  files.forEach((file, index) => {
    if (file.rotation === 0 || index < newestKnown || isFinished(file)) return;
    if (index === newestKnown && cursor !== null) {
      rotations.push({ file, offset: cursor.offset });
      cursorUsed = true;
    } else {
      rotations.push({ file, offset: 0 });
    }
  });
  return { rotations, liveStart: cursorUsed ? null : cursor };
}
