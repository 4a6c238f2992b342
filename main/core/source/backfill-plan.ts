// Which parts of a file source's segments still have to be read at start. Segments are recognised by their
// first bytes (fingerprint.ts), not by name: between two runs `murmur.log` may have become `murmur.log.1`
// and then `murmur.log.2.gz`. Everything up to the newest segment already known was counted and is skipped,
// except the bytes a known segment gained past what was read of it (copy-truncate: lines written between
// our last read and the copy are in the copy only, and with `compress` and no `delaycompress` the copy is a
// `.gz` before we ever see it).
import type { SegmentOnDisk } from './file-segments.js';
import { headMatches } from './fingerprint.js';
import type { FilePosition, FinishedFile } from './source.js';

export interface SegmentToRead<S extends SegmentOnDisk = SegmentOnDisk> {
  segment: S;
  /** Where to start, in the decompressed text. */
  offset: number;
}

export interface BackfillPlan<S extends SegmentOnDisk> {
  /** Rotated segments to read, oldest first. */
  rotations: SegmentToRead<S>[];
  /** Where the live file is resumed by the tailer (null: from its start, or wherever it holds the cursor). */
  liveStart: FilePosition | null;
}

/** How much of `segment` was read to its end before, or null when it is not a finished one. */
function finishedSize(segment: SegmentOnDisk, finished: FinishedFile[]): number | null {
  let size: number | null = null;
  for (const done of finished) {
    if (headMatches(segment.head, done.fingerprint)) size = Math.max(size ?? 0, done.size);
  }
  return size;
}

/** @param segments oldest first, the live file (rotation 0) last when it exists */
export function planBackfill<S extends SegmentOnDisk>(segments: S[], finished: FinishedFile[], cursor: FilePosition | null): BackfillPlan<S> {
  const isCursor = (segment: SegmentOnDisk): boolean => cursor !== null && headMatches(segment.head, cursor.fingerprint);
  let newestKnown = -1;
  segments.forEach((segment, index) => {
    if (finishedSize(segment, finished) !== null || isCursor(segment)) newestKnown = index;
  });
  const rotations: SegmentToRead<S>[] = [];
  let cursorUsed = false;
  segments.forEach((segment, index) => {
    if (segment.rotation === 0) return;
    const readBefore = finishedSize(segment, finished);
    if (readBefore !== null) {
      if (segment.textSize > readBefore) rotations.push({ segment, offset: readBefore });
    } else if (index === newestKnown && cursor !== null) {
      rotations.push({ segment, offset: cursor.offset });
      cursorUsed = true;
    } else if (index > newestKnown) {
      rotations.push({ segment, offset: 0 });
    }
  });
  return { rotations, liveStart: cursorUsed ? null : cursor };
}
