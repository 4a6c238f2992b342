// Follows one log path through growth, rotation, truncation and disappearance: the live segment of a file
// source (source.ts). The decisions come from tail-decision.ts; this adapter only looks at the file system
// and carries them out. Bytes go through the source's one LineSplitter into the sink, and the resume point
// handed out is always the end of the last complete line fed.
//
// When to look: a chokidar watch of the log's folder wakes the tailer (the folder, because the file may not
// exist yet and rotation replaces it; chokidar polls instead with `usePolling`), and a periodic stat catches
// what no event reports (appends on network drives, paulmillr/chokidar#1297; a folder that appears later).
// Chokidar drops a `change` that comes within 50 ms of the previous one for the same file, with no trailing
// event (paulmillr/chokidar#1455, #1333): of a burst of lines Murmur writes when a client connects, the last
// (the `Authenticated` one) would wait for the poll. So its `raw` event, which it emits for every event of
// the underlying fs.watch (or stat poll) before that throttle, wakes the tailer too. Every event is only a hint to look now, and a wake during a look
// schedules one more look, so no write goes unseen.
import { watch, type FSWatcher } from 'chokidar';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { closeSegments, openSegment, openSegments } from './file-segments.js';
import { FINGERPRINT_BYTES, fingerprintOf, headMatches, readHead } from './fingerprint.js';
import { LineSplitter } from './line-splitter.js';
import { look, type LookMemo } from './observe.js';
import { readSegment } from './segment-reader.js';
import { errorCode, problemOf } from './source-errors.js';
import type { FilePosition, FollowOptions, FollowState, LineSink, ResetReason } from './source.js';
import { decide, type Observation } from './tail-decision.js';

export interface TailListener {
  /** Every complete line (and the last line of a file left behind, which has no newline). */
  readonly sink: LineSink;
  /** The lines up to `position` are in the sink; `bytes` of text were consumed since the previous call. */
  advanced(position: FilePosition, bytes: number, fileSize: number): void;
  /** What follows starts at the beginning of a new or rewritten file. */
  reset(reason: ResetReason): void;
  state(state: FollowState, message?: string): void;
  /** Everything the file held at the last look has been fed. */
  caughtUp(position: FilePosition | null, fileSize: number): void;
}

export interface TailOptions extends FollowOptions {
  /** Resume point from a previous run; used when the file at the path still starts with the same bytes. */
  start?: FilePosition | null;
  /**
   * The live file, opened when the source's segments were listed (file-segments.ts): the first look resumes
   * in it (from `start` when it starts with the same bytes) even if a rotation has given its name to another
   * file since; that one is then reached as any rotation is. The tailer closes it.
   */
  opened?: FileHandle | null;
  chunkBytes?: number;
}

const NO_BYTES = Buffer.alloc(0);

const isFolder = (path: string): Promise<boolean> => stat(path).then((info) => info.isDirectory(), () => false);

export class FileTailer {
  readonly path: string;
  readonly #listener: TailListener;
  readonly #options: Required<Omit<TailOptions, 'start' | 'opened'>>;
  #position: FilePosition | null;
  #opened: FileHandle | null;
  #handle: FileHandle | null = null;
  /** Splits the open file's bytes; its offset is the position's. */
  #splitter: LineSplitter | null = null;
  #fileSize = 0;
  #memo: LookMemo | null = null;
  #replacementSeenAt: number | null = null;
  #state: FollowState | null = null;
  #message: string | undefined;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #timer: NodeJS.Timeout | null = null;
  #watcher: FSWatcher | null = null;

  constructor(path: string, listener: TailListener, options: TailOptions = {}) {
    this.path = path;
    this.#listener = listener;
    this.#position = options.start ?? null;
    this.#opened = options.opened ?? null;
    this.#options = {
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      usePolling: options.usePolling ?? false,
      watch: options.watch ?? true,
      chunkBytes: options.chunkBytes ?? 64 * 1024,
      rotateWaitMs: options.rotateWaitMs ?? 5000,
    };
  }

  /** The resume point: the end of the last complete line fed. */
  get position(): FilePosition | null {
    return this.#position;
  }

  start(): void {
    this.#timer = setInterval(() => this.wake(), this.#options.pollIntervalMs);
    this.#timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#unwatchFolder();
    await this.#running;
    await this.#closeHandle();
    await this.#opened?.close().catch(() => undefined);
    this.#opened = null;
  }

  /** Look at the file now (serialised: a wake during a look schedules one more look). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = null;
    });
  }

  /** Resolves when the looks in progress (and those they scheduled) are done. */
  async settled(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Watches the folder unless it is watched already or missing (the look that finds it there watches it). */
  async #watchFolder(): Promise<void> {
    if (this.#watcher !== null || !this.#options.watch || this.#stopped) return;
    const folder = dirname(this.path);
    // Not chokidar's watch of a missing path through its nearest parent: it misses a folder made while that
    // watch is being set up, and then reports nothing in it.
    if (!(await isFolder(folder)) || this.#stopped) return;
    const name = basename(this.path);
    const watcher = watch(folder, {
      ignoreInitial: true,
      persistent: false,
      usePolling: this.#options.usePolling,
      interval: this.#options.pollIntervalMs,
      // In the folder, only PATH itself; the folder's own events name its rotations (PATH.1 still receives
      // lines until Murmur reopens its log).
      ignored: (candidate: string) => dirname(candidate) === folder && basename(candidate) !== name,
    });
    watcher.on('raw', (_event, file) => {
      if (file === null || basename(file).startsWith(name)) this.wake();
    });
    watcher.on('all', () => this.wake());
    // A watch that fails (no inotify watches left, the folder unreadable) only loses hints: the periodic
    // look goes on, and watches again.
    watcher.on('error', () => void this.#unwatchFolder());
    this.#watcher = watcher;
  }

  async #unwatchFolder(): Promise<void> {
    const watcher = this.#watcher;
    this.#watcher = null;
    await watcher?.close();
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#step();
      } catch (error) {
        await this.#closeHandle();
        const code = errorCode(error);
        this.#setState('error', code === 'EUNKNOWN' ? `stopped reading: ${String(error)}` : problemOf(code));
      }
    } while (this.#again && !this.#stopped);
  }

  async #step(): Promise<void> {
    await this.#watchFolder();
    if (this.#opened !== null) await this.#resumeOpened(this.#opened);
    const { seen, memo } = await look(this.path, this.#position?.fingerprint ?? null, this.#memo);
    this.#memo = memo;
    if (this.#stopped) return;
    const replaced = seen.kind === 'present' && this.#position !== null && (seen.dev !== this.#position.dev || seen.ino !== this.#position.ino);
    if (!replaced || this.#handle === null) this.#replacementSeenAt = null;
    else this.#replacementSeenAt ??= Date.now();
    const grace = this.#replacementSeenAt !== null && Date.now() - this.#replacementSeenAt < this.#options.rotateWaitMs;
    const decision = decide(this.#position, this.#handle !== null, seen, grace);
    switch (decision.kind) {
      case 'wait':
        await this.#finishOpenFile();
        // A folder that went with the file is watched anew once it is back: the watch of a removed
        // folder reports nothing when another is made in its place.
        if (!(await isFolder(dirname(this.path)))) await this.#unwatchFolder();
        this.#setState('waiting', `waiting for ${this.path} to appear`);
        this.#listener.caughtUp(this.#position, 0);
        return;
      case 'fail':
        await this.#closeHandle();
        this.#setState('error', decision.message);
        return;
      case 'open':
        await this.#openAt(decision.offset);
        if (decision.truncated) this.#listener.reset('truncated');
        break;
      case 'restart':
        await this.#finishFromCopy();
        this.#restart();
        this.#listener.reset(decision.reason);
        break;
      case 'switch':
        await this.#finishOpenFile();
        await this.#readMissedRotations();
        this.#listener.reset('rotated');
        await this.#openAt(0);
        break;
      case 'read':
      case 'drain':
      case 'idle':
        break;
    }
    await this.#readToEnd();
    this.#setState('following');
    this.#listener.caughtUp(this.#position, this.#fileSize);
  }

  /** Takes up the live file opened at listing time as the first look would take up the file at the path. */
  async #resumeOpened(handle: FileHandle): Promise<void> {
    this.#opened = null;
    let seen: Observation;
    try {
      const info = await handle.stat();
      const sameContent = this.#position !== null && headMatches(await readHead(handle), this.#position.fingerprint);
      seen = { kind: 'present', dev: info.dev, ino: info.ino, size: info.size, sameContent };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    // A file not held open yet is always opened: from the resume point, or from 0 when it was truncated.
    const decision = decide(this.#position, false, seen);
    await this.#openAt(decision.kind === 'open' ? decision.offset : 0, handle);
    if (decision.kind === 'open' && decision.truncated) this.#listener.reset('truncated');
  }

  /** Reads the file at the path, or `opened` (a file taken up as it is), from `offset`. */
  async #openAt(offset: number, opened?: FileHandle): Promise<void> {
    await this.#closeHandle();
    const handle = opened ?? (await open(this.path, 'r'));
    this.#handle = handle;
    const info = await handle.stat();
    const fingerprint = fingerprintOf(await readHead(handle));
    this.#position = { dev: info.dev, ino: info.ino, fingerprint, offset: Math.min(offset, info.size) };
    this.#splitter = new LineSplitter({ startOffset: this.#position.offset });
    this.#fileSize = info.size;
    this.#memo = null;
  }

  /**
   * Copy-truncate (logrotate's `copytruncate`): what was written after our last read went into the copy,
   * which logrotate names PATH.1, or PATH.1.gz at once with `compress` and without `delaycompress`. When the
   * copy starts with the bytes of the file we were reading, it is read from our position to its end before
   * the truncated file starts again from 0.
   */
  async #finishFromCopy(): Promise<void> {
    const position = this.#position;
    if (position === null || this.#handle === null) return;
    for (const copy of [{ path: `${this.path}.1`, gzip: false, rotation: 1 }, { path: `${this.path}.1.gz`, gzip: true, rotation: 1 }]) {
      // Opened once: the bytes read are those of the file whose head matched, whatever renames come between.
      const opened = await openSegment(copy);
      if (opened === null) continue;
      try {
        if (!headMatches(opened.head, position.fingerprint)) continue;
        this.#advance(await readSegment(opened, position.offset, this.#listener.sink));
        return;
      } finally {
        await opened.handle.close();
      }
    }
  }

  /**
   * Two rotations or more between two looks: the file we were in is now PATH.2 (or further back), and the
   * ones rotated after it, never seen live, wait at PATH.1 and so on. They are read whole, oldest first,
   * each handed out as a rotation of its own, before the live file. Nothing is read when the file we were
   * in is not among the rotations (deleted already): then which of them came after it cannot be told.
   */
  async #readMissedRotations(): Promise<void> {
    const left = this.#position;
    if (left === null) return;
    const segments = await openSegments(this.path);
    try {
      const rotations = segments.filter((segment) => segment.rotation > 0);
      const at = rotations.findIndex((segment) => headMatches(segment.head, left.fingerprint));
      if (at === -1) return;
      for (const missed of rotations.slice(at + 1)) {
        if (this.#stopped) return;
        this.#listener.reset('rotated');
        this.#position = { dev: 0, ino: 0, fingerprint: fingerprintOf(missed.head), offset: 0 };
        this.#advance(await readSegment(missed, 0, this.#listener.sink));
      }
    } finally {
      await closeSegments(segments);
    }
  }

  #restart(): void {
    if (this.#position) this.#position = { ...this.#position, offset: 0, fingerprint: fingerprintOf(NO_BYTES) };
    this.#splitter = new LineSplitter();
  }

  /** Feed what the open file holds beyond our offset, chunk by chunk, yielding to the event loop in between. */
  async #readToEnd(): Promise<void> {
    const handle = this.#handle;
    const splitter = this.#splitter;
    if (!handle || !splitter || !this.#position) return;
    this.#fileSize = (await handle.stat()).size;
    const buffer = Buffer.alloc(this.#options.chunkBytes);
    while (!this.#stopped && splitter.receivedOffset < this.#fileSize) {
      const want = Math.min(buffer.length, this.#fileSize - splitter.receivedOffset);
      const { bytesRead } = await handle.read(buffer, 0, want, splitter.receivedOffset);
      if (bytesRead === 0) break;
      // A file shorter than the fingerprint is identified by all its bytes; re-identify it as it grows,
      // before the positions handed out with its lines are saved.
      const { fingerprint } = this.#position;
      if (fingerprint.length < FINGERPRINT_BYTES && splitter.receivedOffset + bytesRead > fingerprint.length) {
        this.#position = { ...this.#position, fingerprint: fingerprintOf(await readHead(handle)) };
      }
      splitter.feedSink(buffer.subarray(0, bytesRead), this.#listener.sink);
      this.#advance(splitter.offset);
    }
  }

  /** The lines up to `offset` were fed: move the position there and tell the listener. */
  #advance(offset: number): void {
    if (!this.#position || offset === this.#position.offset) return;
    const bytes = offset - this.#position.offset;
    this.#position = { ...this.#position, offset };
    this.#listener.advanced(this.#position, bytes, this.#fileSize);
  }

  /** Read the rest of a file that is being left behind, including a last line that will never get its newline. */
  async #finishOpenFile(): Promise<void> {
    if (!this.#handle) return;
    await this.#readToEnd();
    if (this.#splitter) {
      this.#splitter.feedSink(null, this.#listener.sink);
      this.#advance(this.#splitter.offset);
    }
    await this.#closeHandle();
  }

  async #closeHandle(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    this.#splitter = null;
    await handle?.close().catch(() => undefined);
  }

  #setState(state: FollowState, message?: string): void {
    if (state === this.#state && message === this.#message) return;
    this.#state = state;
    this.#message = message;
    this.#listener.state(state, message);
  }
}
