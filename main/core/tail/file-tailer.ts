// Follows one log path through growth, rotation, truncation and disappearance. The decisions come from
// tail-decision.ts; this adapter only looks at the file system (a chokidar event is a hint to look now, a
// periodic stat catches what no event reports, e.g. appends on network drives, paulmillr/chokidar#1297) and
// reads bytes in bounded chunks so a large file never holds the event loop.
import { watch, type FSWatcher } from 'chokidar';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FINGERPRINT_BYTES, fingerprintOf, readHead } from './fingerprint.js';
import { errorCode, look, type LookMemo } from './observe.js';
import { decide, unreadableMessage, type Position } from './tail-decision.js';

export type TailState = 'following' | 'waiting' | 'error';
export type ResetReason = 'truncated' | 'rewritten' | 'rotated';

export interface TailListener {
  /**
   * Complete lines: the chunk ends with a newline, except for the last line of a file that was left behind
   * (or a line longer than maxLineBytes), which is delivered without one. `position` is the resume point after it.
   */
  data(chunk: Buffer, position: Position, fileSize: number): void;
  /** What follows starts at the beginning of a new or rewritten file. */
  reset(reason: ResetReason): void;
  state(state: TailState, message?: string): void;
  /** Everything the file held at the last look has been delivered. */
  caughtUp(position: Position | null, fileSize: number): void;
}

export interface TailOptions {
  /** Resume point from a previous run; used when the file at the path still starts with the same bytes. */
  start?: Position | null;
  /** Period of the stat that runs whatever the watcher reports (ms). */
  pollIntervalMs?: number;
  /** Make chokidar poll instead of using OS events (network drives, WSL `/mnt/*`, some containers). */
  usePolling?: boolean;
  /** Whether to use chokidar at all (the periodic stat alone still follows the file). */
  watch?: boolean;
  chunkBytes?: number;
  /** How long an empty replacement file is ignored while the old one may still receive lines (ms). */
  rotateWaitMs?: number;
  /** A "line" longer than this is delivered as it is rather than buffered without bound. */
  maxLineBytes?: number;
}

const EMPTY = Buffer.alloc(0);
const NEWLINE = 0x0a;

export class FileTailer {
  readonly path: string;
  readonly #listener: TailListener;
  readonly #options: Required<Omit<TailOptions, 'start'>>;
  #position: Position | null;
  #handle: FileHandle | null = null;
  #readOffset = 0;
  #pending: Buffer = EMPTY;
  #fileSize = 0;
  #memo: LookMemo | null = null;
  #replacementSeenAt: number | null = null;
  #state: TailState | null = null;
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
    this.#options = {
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      usePolling: options.usePolling ?? false,
      watch: options.watch ?? true,
      chunkBytes: options.chunkBytes ?? 64 * 1024,
      rotateWaitMs: options.rotateWaitMs ?? 5000,
      maxLineBytes: options.maxLineBytes ?? 1024 * 1024,
    };
  }

  /** The resume point: the end of the last complete line delivered. */
  get position(): Position | null {
    return this.#position;
  }

  start(): void {
    this.#timer = setInterval(() => this.wake(), this.#options.pollIntervalMs);
    this.#timer.unref();
    if (this.#options.watch) this.#watcher = this.#startWatcher();
    this.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#watcher?.close();
    await this.#running;
    await this.#handle?.close();
    this.#handle = null;
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

  #startWatcher(): FSWatcher {
    // Watch the directory, not the file: the file may not exist yet, and rotation replaces it.
    const directory = dirname(this.path);
    const name = basename(this.path);
    const watcher = watch(directory, {
      depth: 0,
      ignoreInitial: true,
      usePolling: this.#options.usePolling,
      interval: this.#options.pollIntervalMs,
      ignored: (candidate: string) => candidate !== directory && candidate !== join(directory, name),
    });
    watcher.on('all', () => this.wake());
    // A watcher error (directory missing, too many inotify watches) only loses hints: the periodic stat goes on.
    watcher.on('error', () => undefined);
    return watcher;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#step();
      } catch (error) {
        await this.#closeHandle();
        const code = errorCode(error);
        this.#setState('error', code === 'EUNKNOWN' ? `stopped reading: ${String(error)}` : unreadableMessage(code));
      }
    } while (this.#again && !this.#stopped);
  }

  async #step(): Promise<void> {
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

  async #openAt(offset: number): Promise<void> {
    await this.#closeHandle();
    const handle = await open(this.path, 'r');
    this.#handle = handle;
    const info = await handle.stat();
    const fingerprint = fingerprintOf(await readHead(handle));
    this.#position = { dev: info.dev, ino: info.ino, fingerprint, offset: Math.min(offset, info.size) };
    this.#readOffset = this.#position.offset;
    this.#pending = EMPTY;
    this.#fileSize = info.size;
    this.#memo = null;
  }

  /**
   * Copy-truncate (logrotate's `copytruncate`): what was written after our last read went into the copy,
   * which logrotate names PATH.1. When the copy starts with the bytes of the file we were reading, its
   * tail is read before the truncated file starts again from 0.
   */
  async #finishFromCopy(): Promise<void> {
    const position = this.#position;
    const live = this.#handle;
    if (position === null || live === null) return;
    const copy = await open(`${this.path}.1`, 'r').catch(() => null);
    if (copy === null) return;
    try {
      const head = fingerprintOf(await readHead(copy, position.fingerprint.length));
      if (head.length !== position.fingerprint.length || head.sha1 !== position.fingerprint.sha1) return;
      this.#handle = copy;
      await this.#readToEnd();
      this.#flushPending();
    } finally {
      this.#handle = live;
      await copy.close().catch(() => undefined);
    }
  }

  #restart(): void {
    if (this.#position) this.#position = { ...this.#position, offset: 0, fingerprint: fingerprintOf(EMPTY) };
    this.#readOffset = 0;
    this.#pending = EMPTY;
  }

  /** Deliver what the open file holds beyond our offset, chunk by chunk, yielding to the event loop in between. */
  async #readToEnd(): Promise<void> {
    const handle = this.#handle;
    if (!handle || !this.#position) return;
    this.#fileSize = (await handle.stat()).size;
    const buffer = Buffer.alloc(this.#options.chunkBytes);
    while (!this.#stopped && this.#readOffset < this.#fileSize) {
      const want = Math.min(buffer.length, this.#fileSize - this.#readOffset);
      const { bytesRead } = await handle.read(buffer, 0, want, this.#readOffset);
      if (bytesRead === 0) break;
      this.#readOffset += bytesRead;
      // A file shorter than the fingerprint is identified by all its bytes; re-identify it as it grows,
      // before the positions handed out with its lines are saved.
      const { fingerprint } = this.#position;
      if (fingerprint.length < FINGERPRINT_BYTES && this.#readOffset > fingerprint.length) {
        this.#position = { ...this.#position, fingerprint: fingerprintOf(await readHead(handle)) };
      }
      this.#accept(buffer.subarray(0, bytesRead));
    }
  }

  #accept(bytes: Buffer): void {
    const joined = this.#pending.length === 0 ? bytes : Buffer.concat([this.#pending, bytes]);
    const lastNewline = joined.lastIndexOf(NEWLINE);
    if (lastNewline < 0) {
      this.#pending = Buffer.from(joined);
      if (this.#pending.length > this.#options.maxLineBytes) this.#flushPending();
      return;
    }
    this.#pending = Buffer.from(joined.subarray(lastNewline + 1));
    this.#deliver(joined.subarray(0, lastNewline + 1), this.#readOffset - this.#pending.length);
  }

  #flushPending(): void {
    if (this.#pending.length === 0) return;
    const chunk = this.#pending;
    this.#pending = EMPTY;
    this.#deliver(chunk, this.#readOffset);
  }

  #deliver(chunk: Buffer, endOffset: number): void {
    if (!this.#position) return;
    this.#position = { ...this.#position, offset: endOffset };
    this.#listener.data(chunk, this.#position, this.#fileSize);
  }

  /** Read the rest of a file that is being left behind, including a last line that will never get its newline. */
  async #finishOpenFile(): Promise<void> {
    if (!this.#handle) return;
    await this.#readToEnd();
    this.#flushPending();
    await this.#closeHandle();
  }

  async #closeHandle(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    this.#pending = EMPTY;
    await handle?.close().catch(() => undefined);
  }

  #setState(state: TailState, message?: string): void {
    if (state === this.#state && message === this.#message) return;
    this.#state = state;
    this.#message = message;
    this.#listener.state(state, message);
  }
}
