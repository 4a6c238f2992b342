// monitor.json through lowdb: read once at start, then rewritten whole, atomically (CompactJsonFile writes a
// temp file and renames it), at most once per debounce period. The document is built and serialised
// synchronously at write time, so it is always one consistent moment of the monitor's state.
import { mkdir } from 'node:fs/promises';
import { setAside } from '../set-aside.js';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { CompactJsonFile } from './compact-json-file.js';
import { serializeWithRaw } from './raw-json.js';
import { emptyDocument, storeProblem, type StoreDocument } from './store-schema.js';

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
  #writing: Promise<void> = Promise.resolve();

  constructor(options: MonitorStoreOptions) {
    this.path = join(options.dataDir, STORE_FILE);
    this.#debounceMs = options.debounceMs ?? 1000;
    this.#warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
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
    await mkdir(join(this.path, '..'), { recursive: true });
    let problem: string | null;
    try {
      await this.#db.read();
      problem = storeProblem(this.#db.data);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem !== null) await this.#moveCorruptAside(problem);
    return this.#db.data;
  }

  /** Ask for a write; `build` is called when the debounce period ends and must return the whole current state. */
  schedule(build: () => StoreDocument): void {
    this.#build = build;
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.#commit().catch((error: unknown) => this.#reportWriteError(error)), this.#debounceMs);
    this.#timer.unref();
  }

  /** Write a pending change now and wait until every write is done. */
  async flush(): Promise<void> {
    await this.#writing;
    await this.#commit();
  }

  async #commit(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const build = this.#build;
    this.#build = null;
    if (!build) return;
    const document = build();
    document.savedAt = new Date().toISOString();
    this.#db.data = document;
    // The adapter serialises synchronously inside write(), before the first await: the file gets this moment's state.
    const writing = this.#db.write();
    this.#writing = writing.catch(() => undefined);
    try {
      await writing;
    } catch (error) {
      // Keep the state for the next attempt unless a newer one is already waiting.
      if (!this.#build) this.schedule(build);
      throw error;
    }
  }

  #reportWriteError(error: unknown): void {
    this.#warn(`murmur-monitor: could not write ${this.path}: ${error instanceof Error ? error.message : String(error)}; will retry`);
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
