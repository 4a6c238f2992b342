// The one document (monitor.json) that holds everything the monitor must not lose or count twice. Read
// positions are in the same document as what was produced from the bytes before them, so one atomic write
// commits both: after a crash the monitor resumes exactly where the committed state ends.
import { FINGERPRINT_BYTES } from '../source/fingerprint.js';
import type { FinishedFile, ResumePoint } from '../source/source.js';
import { fail, integer, list, nullable, object, problemOf, text } from './field-check.js';
import { checkHistorySteps } from './history-check.js';
import type { EncodedHistory } from './history-codec.js';
import { checkTrackerState } from './tracker-state-check.js';

export const STORE_VERSION = 1;

export interface StoredSource {
  path: string;
  /** Segments completely read (rotations, and live files that were rotated away), newest last. */
  finished: FinishedFile[];
  /** Where reading stands (source/source.ts): a position in a file, or a stream's resume token. */
  cursor: ResumePoint | null;
  /** The tracker's own state (SourceTracker.toState()), checked field by field by tracker-state-check.ts. */
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

/** A fingerprint covers at most FINGERPRINT_BYTES; its hash is SHA-1 in hex. */
function checkFingerprint(value: unknown, path: string): void {
  const fingerprint = object(value, path);
  integer(fingerprint.length, `${path}.length`, 0, FINGERPRINT_BYTES);
  if (typeof fingerprint.sha1 !== 'string' || !/^[0-9a-f]{40}$/.test(fingerprint.sha1)) fail(`${path}.sha1`, 'a SHA-1 in hex', fingerprint.sha1);
}

/** A position in a file (FilePosition), or a stream's resume token (StreamPosition). */
function checkPosition(value: unknown, path: string): void {
  const position = object(value, path);
  if (position.token !== undefined) {
    if (typeof position.token !== 'string' || position.token === '') fail(`${path}.token`, 'a resume token', position.token);
    return;
  }
  // Device and inode numbers are 64-bit: large ones are not exact as JSON numbers, and need not be.
  for (const field of ['dev', 'ino'] as const) {
    const number = position[field];
    if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) fail(`${path}.${field}`, 'a device or inode number', number);
  }
  checkFingerprint(position.fingerprint, `${path}.fingerprint`);
  integer(position.offset, `${path}.offset`);
}

function* checkSourceSteps(value: unknown, path: string, name: string): Generator<void, void, void> {
  const source = object(value, path);
  text(source.path, `${path}.path`);
  list(source.finished, `${path}.finished`).forEach((item, index) => {
    const file = object(item, `${path}.finished[${index}]`);
    checkFingerprint(file.fingerprint, `${path}.finished[${index}].fingerprint`);
    integer(file.size, `${path}.finished[${index}].size`);
  });
  nullable(source.cursor, (cursor) => checkPosition(cursor, `${path}.cursor`));
  checkTrackerState(source.tracker, `${path}.tracker`, name);
  integer(source.bytesRead, `${path}.bytesRead`);
  yield* checkHistorySteps(source.history, `${path}.history`);
}

/** Checks every field of a store document, a step at a time; throws a FieldError naming the first bad one. */
export function* checkStoreSteps(value: unknown): Generator<void, void, void> {
  const document = object(value, 'the document');
  if (document.version !== STORE_VERSION) fail('version', String(STORE_VERSION), document.version);
  text(document.savedAt, 'savedAt');
  for (const [name, source] of Object.entries(object(document.sources, 'sources'))) {
    yield* checkSourceSteps(source, `sources.${name}`, name);
  }
}

/** Why `value` is not a store document of this version (the first bad field and what it holds), or null. */
export function storeProblem(value: unknown): Promise<string | null> {
  return problemOf(checkStoreSteps(value));
}
