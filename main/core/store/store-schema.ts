// The one document (monitor.json) that holds everything the monitor must not lose or count twice. Read
// positions are in the same document as what was produced from the bytes before them, so one atomic write
// commits both: after a crash the monitor resumes exactly where the committed state ends.
import type { Fingerprint } from '../source/fingerprint.js';
import type { FilePosition, FinishedFile, ResumePoint, StreamPosition } from '../source/source.js';
import type { EncodedHistory } from './history-codec.js';

export const STORE_VERSION = 1;

export interface StoredSource {
  path: string;
  /** Segments completely read (rotations, and live files that were rotated away), newest last. */
  finished: FinishedFile[];
  /** Where reading stands (source/source.ts): a position in a file, or a stream's resume token. */
  cursor: ResumePoint | null;
  /** The tracker's own state (SourceTracker.toState()), opaque here. */
  tracker: unknown;
  /** Bytes of log text read so far (lines and unparsed lines are counted in the tracker state). */
  bytesRead: number;
  history: EncodedHistory;
}

export interface StoreDocument {
  version: number;
  savedAt: string;
  sources: Record<string, StoredSource>;
}

export function emptyDocument(): StoreDocument {
  return { version: STORE_VERSION, savedAt: new Date(0).toISOString(), sources: {} };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0;

function isFingerprint(value: unknown): value is Fingerprint {
  return isObject(value) && isCount(value.length) && typeof value.sha1 === 'string';
}

function isFilePosition(value: unknown): value is FilePosition {
  return isObject(value) && isCount(value.offset) && typeof value.dev === 'number' && typeof value.ino === 'number' && isFingerprint(value.fingerprint);
}

function isStreamPosition(value: unknown): value is StreamPosition {
  return isObject(value) && typeof value.token === 'string' && value.token !== '';
}

function isHistory(value: unknown): value is EncodedHistory {
  return (
    isObject(value) &&
    Array.isArray(value.names) &&
    Array.isArray(value.channels) &&
    isObject(value.sessions) &&
    Object.values(value.sessions).every((days) => isObject(days) && Object.values(days).every(Array.isArray)) &&
    Array.isArray(value.users) &&
    Array.isArray(value.serverEvents) &&
    Array.isArray(value.security)
  );
}

function isSource(value: unknown): value is StoredSource {
  if (!isObject(value) || typeof value.path !== 'string') return false;
  return (
    Array.isArray(value.finished) &&
    value.finished.every((file) => isObject(file) && isCount(file.size) && isFingerprint(file.fingerprint)) &&
    (value.cursor === null || isFilePosition(value.cursor) || isStreamPosition(value.cursor)) &&
    isCount(value.bytesRead) &&
    isHistory(value.history)
  );
}

/** Why `value` is not a store document of this version, or null when it is one. */
export function storeProblem(value: unknown): string | null {
  if (!isObject(value)) return 'it is not a JSON object';
  if (value.version !== STORE_VERSION) return `it has version ${JSON.stringify(value.version)}, expected ${STORE_VERSION}`;
  if (!isObject(value.sources)) return 'it has no sources';
  for (const [name, source] of Object.entries(value.sources)) {
    if (!isSource(source)) return `its source ${JSON.stringify(name)} is malformed`;
  }
  return null;
}
