// monitor.json through lowdb: read once at start, then rewritten whole, durably (atomic-file.ts), at most
// once per debounce period. The document is built and serialised synchronously at write time, so it is
// always one consistent moment of the monitor's state. A failed write keeps that state in memory and is
// tried again later (write-retry.ts); the file on disk stays the last one written whole.
import { setAside } from '../set-aside.js';
import { dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { makeDataFolder, removeStaleTemps } from '../atomic-file.js';
import { CompactJsonFile } from './compact-json-file.js';
import { serializeWithRaw } from './raw-json.js';
import { emptyDocument, storeProblem, type StoreDocument } from './store-schema.js';
import { WriteRetry, writeFailure } from './write-retry.js';

export const STORE_FILE = 'monitor.json';

export interface MonitorStoreOptions {
  dataDir: string;
  /** How long a change waits for more before it is written (ms). */
  debounceMs?: number;
  warn?: (message: string) => void;
  /** Called with how long building + serialising the document took (ms); the benches read it. */
  onWrite?: (milliseconds: number, bytes: number) => void;
}

export class MonitorStore {
  readonly path: string;
  readonly #db: Low<StoreDocument>;
  readonly #debounceMs: number;
  readonly #warn: (message: string) => void;
  #build: (() => StoreDocument) | null = null;
  #timer: NodeJS.Timeout | null = null;
  /** The commit in progress: one at a time, so a caller never sees "written" while another write may still fail. */
  #committing: Promise<unknown> = Promise.resolve(null);
  readonly #retry: WriteRetry;
  /** When the file on disk was written (as read at start, then after each write that succeeded). */
  #savedAt = '';

  constructor(options: MonitorStoreOptions) {
    this.path = join(options.dataDir, STORE_FILE);
    this.#debounceMs = options.debounceMs ?? 1000;
    this.#warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
    this.#retry = new WriteRetry('the store', this.path, this.#warn);
    const onWrite = options.onWrite;
    // Compact JSON (the document is for the monitor; indenting would double its size), from cached pieces.
    const file = new CompactJsonFile<StoreDocument>(this.path, (document) => {
      const started = performance.now();
      const bytes = serializeWithRaw(document);
      onWrite?.(performance.now() - started, bytes.length);
      return bytes;
    });
    // Explicit adapter: lowdb's JSONFilePreset keeps data in memory when NODE_ENV=test (lowdb src/presets/node.ts).
    this.#db = new Low<StoreDocument>(file, emptyDocument());
  }

  /** The stored document; a corrupt or foreign file is renamed aside (with a warning) and an empty one returned. */
  async load(): Promise<StoreDocument> {
    await makeDataFolder(dirname(this.path));
    await removeStaleTemps(this.path);
    let problem: string | null;
    try {
      await this.#db.read();
      problem = await storeProblem(this.#db.data);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem !== null) await this.#moveCorruptAside(problem);
    this.#savedAt = this.#db.data.savedAt;
    return this.#db.data;
  }

  /** Ask for a write; `build` is called when the debounce period ends and must return the whole current state. */
  schedule(build: () => StoreDocument): void {
    this.#build = build;
    this.#arm(this.#debounceMs);
  }

  /** Write a pending change now and wait until every write is done (a failure is retried as after a timer). */
  async flush(): Promise<void> {
    const error = await this.#commit();
    if (error !== null) this.#arm(this.#retry.failed(error));
  }

  /**
   * The last write, at shutdown: attempted now, whatever a retry was waiting for. Resolves to whether the
   * state is on disk; when not, says so in one line. Nothing is lost then that the logs do not still hold:
   * the file keeps its last whole state, positions included, and the next start reads on from there.
   */
  async close(): Promise<boolean> {
    const error = await this.#commit();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (error === null) return true;
    const since = this.#savedAt === '' || this.#savedAt === emptyDocument().savedAt ? 'its first start' : this.#savedAt;
    this.#warn(`murmur-monitor: stopped without writing the store (${this.path}: ${writeFailure(error)}); the next start reads the logs again from where it stood at ${since}`);
    return false;
  }

  #arm(delayMs: number): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.flush(), delayMs);
    this.#timer.unref();
  }

  /** Writes the pending state, if any, after the commit in progress; resolves to the error, or null. */
  #commit(): Promise<unknown> {
    const next = this.#committing.then(() => this.#commitNow());
    this.#committing = next;
    return next;
  }

  async #commitNow(): Promise<unknown> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const build = this.#build;
    this.#build = null;
    if (!build) return null;
    const document = build();
    document.savedAt = new Date().toISOString();
    this.#db.data = document;
    // The adapter serialises synchronously inside write(), before the first await: the file gets this moment's state.
    try {
      await this.#db.write();
      this.#savedAt = document.savedAt;
      this.#retry.succeeded();
      return null;
    } catch (error) {
      // Keep the state for the next attempt unless a newer one is already waiting.
      this.#build ??= build;
      return error ?? new Error('write failed');
    }
  }

  async #moveCorruptAside(problem: string): Promise<void> {
    try {
      const aside = await setAside(this.path, 'corrupt');
      this.#warn(`murmur-monitor: ${this.path} could not be used (${problem}); moved it to ${aside} and rebuilding from the logs`);
    } catch (error) {
      this.#warn(`murmur-monitor: ${this.path} could not be used (${problem}) nor moved aside (${String(error)}); rebuilding from the logs`);
    }
    this.#db.data = emptyDocument();
  }
}
