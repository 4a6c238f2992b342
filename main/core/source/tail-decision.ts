// The tailer's brain as a pure function: given where we are in the followed file and what a fresh look at the
// path shows, say what to do next. The fs adapter (file-tailer.ts) only gathers observations and carries
// decisions out, so every rotation and truncation case is a table test here.
import { problemOf } from './source-errors.js';
import type { FilePosition } from './source.js';

export type Observation =
  | { kind: 'missing' }
  | { kind: 'unreadable'; code: string }
  | {
      kind: 'present';
      dev: number;
      ino: number;
      size: number;
      /** The file at the path starts with the bytes the position's fingerprint describes. */
      sameContent: boolean;
    };

export type Decision =
  /** Nothing at the path: finish the file still open (if any) and wait for one to appear. */
  | { kind: 'wait' }
  /** The path exists but cannot be read: report why. */
  | { kind: 'fail'; message: string }
  /** Open the file at the path and read from `offset` (a resume point, or 0 for a file never seen). */
  | { kind: 'open'; offset: number; truncated: boolean }
  /** The open file grew: read the new bytes. */
  | { kind: 'read' }
  | { kind: 'idle' }
  /** The open file shrank, or its first bytes changed (copy-truncate, rewrite): read it again from 0. */
  | { kind: 'restart'; reason: 'truncated' | 'rewritten' }
  /** Another file took the path (rotation by rename, delete + recreate): finish the open one, then open the new. */
  | { kind: 'switch' }
  /**
   * Another, still empty, file took the path: keep reading the open one for now. With logrotate's `create`,
   * the new file exists before Murmur gets SIGHUP and reopens; until then its lines still go to the old file
   * (Fluent Bit's `Rotate_Wait` solves the same race).
   */
  | { kind: 'drain' };

/**
 * @param position where reading stands, or null before the first file
 * @param open whether `position` describes a file we hold open (false at start and after the file went away)
 * @param rotationGrace whether a replacement file that is still empty may be ignored a little longer
 */
export function decide(position: FilePosition | null, open: boolean, seen: Observation, rotationGrace = false): Decision {
  if (seen.kind === 'missing') return { kind: 'wait' };
  if (seen.kind === 'unreadable') return { kind: 'fail', message: problemOf(seen.code) };
  if (!open || position === null) {
    if (position !== null && seen.sameContent) {
      // The file we stopped in (possibly moved back, or copied): resume, unless it is now shorter.
      return seen.size >= position.offset
        ? { kind: 'open', offset: position.offset, truncated: false }
        : { kind: 'open', offset: 0, truncated: true };
    }
    return { kind: 'open', offset: 0, truncated: false };
  }
  if (seen.dev !== position.dev || seen.ino !== position.ino) {
    return seen.size === 0 && rotationGrace ? { kind: 'drain' } : { kind: 'switch' };
  }
  if (seen.size < position.offset) return { kind: 'restart', reason: 'truncated' };
  if (!seen.sameContent && position.fingerprint.length > 0) return { kind: 'restart', reason: 'rewritten' };
  return seen.size > position.offset ? { kind: 'read' } : { kind: 'idle' };
}
