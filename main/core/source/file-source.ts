// A log file and its rotations as a Source (source.ts): `report` reads every segment once, start to end; a
// followed source reads the rotations it has not read yet (backfill-plan.ts), then the live file through
// the tailer, and remembers finished segments by their first bytes so a renamed or compressed one is never
// read twice.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { planBackfill, type SegmentToRead } from './backfill-plan.js';
import type { FileTailer } from './file-tailer.js';
import { closeSegments, openSegments, type OpenSegment } from './file-segments.js';
import { fingerprintOf, headMatches, type Fingerprint } from './fingerprint.js';
import { readSegment } from './segment-reader.js';
import { SourceReadError } from './source-errors.js';
import {
  isFilePosition,
  type FilePosition,
  type FinishedFile,
  type FollowOptions,
  type LineSink,
  type ReadSummary,
  type Source,
  type SourceFeed,
  type SourceFollower,
  type SourcePlace,
} from './source.js';

/** Finished segments remembered per source: far more than logrotate keeps. */
const MAX_FINISHED = 64;

export class FileSource implements Source {
  readonly spec: string;

  /** @param path the live log; its rotations PATH.1, PATH.2(.gz), ... are found beside it */
  constructor(path: string) {
    this.spec = path;
  }

  async readAll(sink: LineSink): Promise<ReadSummary> {
    const segments = await openSegments(this.spec);
    try {
      for (const segment of segments) await readSegment(segment, 0, sink);
    } finally {
      await closeSegments(segments);
    }
    return { segments: segments.length };
  }

  follow(place: SourcePlace | null, feed: SourceFeed, options: FollowOptions = {}): SourceFollower {
    return new FileFollower(this.spec, place, feed, options);
  }
}

class FileFollower implements SourceFollower {
  readonly #path: string;
  readonly #feed: SourceFeed;
  readonly #options: FollowOptions;
  #finished: FinishedFile[];
  #cursor: FilePosition | null;
  #tailer: FileTailer | null = null;
  #stopped = false;
  #running: Promise<void> = Promise.resolve();

  constructor(path: string, place: SourcePlace | null, feed: SourceFeed, options: FollowOptions) {
    this.#path = path;
    this.#feed = feed;
    this.#options = options;
    this.#finished = place?.finished ?? [];
    // A place stored by another kind of source (the spec changed kind) is no place in these files.
    this.#cursor = place !== null && isFilePosition(place.cursor) ? place.cursor : null;
  }

  start(): void {
    this.#running = this.#run().catch((error: unknown) => {
      this.#feed.state('error', error instanceof Error ? error.message : String(error));
      this.#feed.caughtUp();
    });
  }

  wake(): void {
    this.#tailer?.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
    await this.#tailer?.stop();
  }

  get #place(): SourcePlace {
    return { finished: this.#finished, cursor: this.#cursor };
  }

  async #run(): Promise<void> {
    const segments = await openSegments(this.#path).catch((error: unknown) => {
      // Nothing there yet is no problem: the tailer waits for the file to appear.
      if (!(error instanceof SourceReadError && error.code === 'ENOENT')) this.#feed.warn(error instanceof Error ? error.message : String(error));
      return [];
    });
    try {
      await this.#readFrom(segments);
    } finally {
      // The live file's handle belongs to the tailer once there is one.
      await closeSegments(segments.filter((segment) => segment.rotation !== 0 || this.#tailer === null));
    }
  }

  /** Reads the rotations to read of `segments`, then hands the live one to the tailer. */
  async #readFrom(segments: OpenSegment[]): Promise<void> {
    const plan = planBackfill(segments, this.#finished, this.#cursor);
    const live = segments.find((segment) => segment.rotation === 0);
    const liveOffset = live && plan.liveStart && headMatches(live.head, plan.liveStart.fingerprint) ? plan.liveStart.offset : 0;
    const rotationBytes = plan.rotations.reduce((sum, item) => sum + item.segment.size - (item.segment.gzip ? 0 : item.offset), 0);
    const total = rotationBytes + Math.max(0, (live?.size ?? 0) - liveOffset);
    let done = 0;
    this.#feed.readProgress(done, total);
    for (const item of plan.rotations) {
      if (this.#stopped) return;
      done += await this.#readRotation(item, (diskBytes) => this.#feed.readProgress(done + diskBytes, total));
    }
    if (this.#stopped) return;
    const liveBase = done - liveOffset;
    // Loaded here, not at the top: `report` never follows, and loading the watcher (chokidar) took it 14 ms.
    const { FileTailer: Tailer } = await import('./file-tailer.js');
    if (this.#stopped) return;
    this.#tailer = new Tailer(
      this.#path,
      {
        sink: this.#feed.sink,
        advanced: (position, bytes) => {
          this.#cursor = position;
          this.#feed.advanced(this.#place, bytes);
          this.#feed.readProgress(liveBase + position.offset, total);
        },
        reset: (reason) => {
          // The file we were in is done with: a copy of it (rotation, copy-truncate) must never be read again.
          if (this.#cursor) this.#finish({ fingerprint: this.#cursor.fingerprint, size: this.#cursor.offset });
          this.#feed.reset(reason);
          this.#feed.advanced(this.#place, 0);
        },
        state: (state, message) => this.#feed.state(state, message),
        caughtUp: () => this.#feed.caughtUp(),
      },
      { ...this.#options, start: plan.liveStart, opened: live?.handle ?? null },
    );
    this.#tailer.start();
  }

  /** Reads one rotated segment from its offset; returns the bytes on disk it took, for progress. */
  async #readRotation(item: SegmentToRead<OpenSegment>, progress: (diskBytes: number) => void): Promise<number> {
    const { segment } = item;
    const fingerprint = fingerprintOf(segment.head);
    this.#cursor = { dev: 0, ino: 0, fingerprint, offset: item.offset };
    let end: number;
    let damaged = false;
    try {
      end = await readSegment(segment, item.offset, this.#feed.sink, {
        afterChunk: async ({ offset, diskBytes }) => {
          this.#advance(fingerprint, offset);
          progress(diskBytes);
          // A turn of the event loop between chunks: a backfill of many megabytes never freezes the UI.
          await nextTurn();
        },
        stopped: () => this.#stopped,
      });
    } catch (error) {
      // Damaged compressed data stays damaged: skip the rest of that file for good. Anything else (a file
      // that vanished, a bug) stops this source without marking the file done, so the next start retries it.
      if (!(error instanceof SourceReadError && error.code.startsWith('Z_'))) throw error;
      this.#feed.warn(`${error.message}; skipped the rest of that file`);
      end = this.#cursor?.offset ?? item.offset;
      damaged = true;
    }
    if (this.#stopped) return 0;
    this.#advance(fingerprint, end);
    this.#finish({ fingerprint, size: damaged ? Math.max(end, segment.textSize) : end });
    this.#cursor = null;
    this.#feed.advanced(this.#place, 0);
    return segment.gzip ? segment.size : segment.size - item.offset;
  }

  /** The lines of a rotated segment up to `offset` were fed. */
  #advance(fingerprint: Fingerprint, offset: number): void {
    const bytes = offset - (this.#cursor?.offset ?? offset);
    if (bytes <= 0) return;
    this.#cursor = { dev: 0, ino: 0, fingerprint, offset };
    this.#feed.advanced(this.#place, bytes);
  }

  #finish(file: FinishedFile): void {
    if (file.fingerprint.length === 0) return;
    const others = this.#finished.filter((done) => done.fingerprint.sha1 !== file.fingerprint.sha1 || done.fingerprint.length !== file.fingerprint.length);
    this.#finished = [...others, file].slice(-MAX_FINISHED);
  }
}
