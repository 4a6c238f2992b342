// What a log source is, for `report`, the backfill and live following alike. Every kind of source is read
// through the same pipeline:
//
//   source ──bytes──► LineSplitter (line-splitter.ts: one limit, one rule) ──lines──► LineSink (the tracker)
//
// A source comes in one of two shapes, and both fit the interfaces below:
//
// - Segments of bytes (a log file and its rotations; Docker's json-file log and its rotations): the segments
//   are listed oldest first, the live one last (file-segments.ts), and each is read from a byte offset of its
//   decompressed text (segment-reader.ts); the live one is followed by the tailer (file-tailer.ts). Where
//   reading stands is a FilePosition: which file (by the fingerprint of its first bytes) and the offset just
//   after the last complete line fed. A format that wraps each line (Docker's JSON objects) unwraps it in a
//   LineSink placed between the splitter and the tracker, so positions stay byte offsets of the file.
// - A stream of entries that names each one (the systemd journal read with `journalctl -o json`, each entry
//   with its own `__CURSOR`): every line fed is followed by advanced() with a StreamPosition holding that
//   entry's token, and a later run resumes after it (`journalctl --after-cursor`).
//
// The runner (monitor/source-runner.ts) knows nothing of either shape: it feeds the lines into its tracker,
// and stores the SourcePlace handed to advanced() in the same write as what those lines produced, which is
// the exactly-once promise. openSource() (open-source.ts) picks the implementation from the spec the user
// gave (`--source NAME=SPEC`).
import type { Fingerprint } from './fingerprint.js';

/** Where lines go: the tracker implements this. */
export interface LineSink {
  /**
   * One line as `bytes[start, end)`: valid UTF-8, without its newline or a trailing CR. The bytes are only
   * valid during the call (the chunk is reused).
   */
  feedBytes(bytes: Buffer, start: number, end: number): void;
  /** Lines dropped before parsing (over the line limit, not UTF-8, or not a log entry of the source's format). */
  countUnparsed(lines: number): void;
}

/** Where reading stands in one file: the file (device + inode + content fingerprint) and the next byte to read. */
export interface FilePosition {
  dev: number;
  ino: number;
  fingerprint: Fingerprint;
  /** Offset in the (decompressed) text just after the last complete line fed. */
  offset: number;
}

/** Where reading stands in a stream whose entries carry a resume token (the journal's `__CURSOR`). */
export interface StreamPosition {
  /** The token of the last entry fed: reading resumes just after it. */
  token: string;
}

/** What the store keeps as "the next thing to read" of a source. */
export type ResumePoint = FilePosition | StreamPosition;

/** A segment read to its end: recognised again by its first bytes, whatever its name is now. */
export interface FinishedFile {
  fingerprint: Fingerprint;
  /** Bytes of (decompressed) text read from it. */
  size: number;
}

/** All a source needs to resume exactly where it stood. Plain JSON, stored with the tracker's state. */
export interface SourcePlace {
  /** Segments read to their end, newest last (always empty for a stream). */
  finished: FinishedFile[];
  /** Where reading stands in the segment or stream being read; null before anything was read. */
  cursor: ResumePoint | null;
}

export type FollowState = 'following' | 'waiting' | 'error';
export type ResetReason = 'truncated' | 'rewritten' | 'rotated';

/** What a followed source reports to its runner. */
export interface SourceFeed {
  /** Every line, in order. */
  readonly sink: LineSink;
  /**
   * The lines fed so far are in the sink; `place` is where a later run resumes after them, and `bytes` of
   * log text were consumed since the previous call (dropped lines included).
   */
  advanced(place: SourcePlace, bytes: number): void;
  /** How far the reading of history is, in bytes on disk (compressed bytes for `.gz`). */
  readProgress(done: number, total: number): void;
  /** A segment was replaced (rotation) or read again from its start (truncated, rewritten). */
  reset(reason: ResetReason): void;
  state(state: FollowState, message?: string): void;
  /** Everything the source held when it was last looked at has been fed: what follows is live. */
  caughtUp(): void;
  warn(message: string): void;
}

export interface SourceFollower {
  /** Reads the history past the place given to follow(), then follows what is written. */
  start(): void;
  /** Look for new lines now instead of at the next poll. */
  wake(): void;
  /** Stops reading; no call to the feed after it resolves. */
  stop(): Promise<void>;
}

/** How a followed source watches for new lines. */
export interface FollowOptions {
  /** Period of the look that runs whatever the watcher reports (ms, default 1000). */
  pollIntervalMs?: number;
  /** Look only by polling (network drives, WSL `/mnt/*`, some containers where change events never come). */
  usePolling?: boolean;
  /** Whether to watch for changes at all (tests drive the follower by wake()). */
  watch?: boolean;
  /** How long an empty replacement file is ignored while the old one may still receive lines (ms). */
  rotateWaitMs?: number;
}

export interface ReadSummary {
  /** How many segments were read (files; 1 for a stream). */
  segments: number;
}

export interface Source {
  /** The spec the source was opened from: a path, or `KIND:NAME`. */
  readonly spec: string;
  /** `report`: everything the source holds now, oldest first, into `sink`. Rejects with a SourceReadError. */
  readAll(sink: LineSink): Promise<ReadSummary>;
  /** Backfill and live following, from `place` (what a previous run stored; null for a first run). */
  follow(place: SourcePlace | null, feed: SourceFeed, options?: FollowOptions): SourceFollower;
}

export function isFilePosition(point: ResumePoint | null): point is FilePosition {
  return point !== null && typeof (point as Partial<FilePosition>).offset === 'number';
}
