// A lowdb adapter for monitor.json that reads in turns of the event loop (json-in-turns.ts) and writes bytes
// assembled from cached pieces (raw-json.ts) rather than one big string. Atomic like lowdb's own (steno):
// write a temporary file in the same folder, then rename it over the old one, retrying the rename a few
// times as steno does (antivirus or indexers on Windows may hold the file for a moment). Writes run one
// after another; each serialises its document at the call.
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { errorCode } from '../tail/observe.js';
import { parseJsonInTurns } from './json-in-turns.js';

const RENAME_TRIES = 10;
const RENAME_DELAY_MS = 100;

export class CompactJsonFile<T> implements Adapter<T> {
  readonly #path: string;
  readonly #serialize: (data: T) => Buffer;
  #queue: Promise<void> = Promise.resolve();

  constructor(path: string, serialize: (data: T) => Buffer) {
    this.#path = path;
    this.#serialize = serialize;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
    // In turns: a year of history is megabytes, and the app's main process must not freeze at start.
    return (await parseJsonInTurns(text)) as T;
  }

  write(data: T): Promise<void> {
    const bytes = this.#serialize(data);
    const next = this.#queue.catch(() => undefined).then(() => this.#replace(bytes));
    this.#queue = next;
    return next;
  }

  async #replace(bytes: Buffer): Promise<void> {
    const temp = `${this.#path}.${process.pid}.tmp`;
    await writeFile(temp, bytes);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await rename(temp, this.#path);
        return;
      } catch (error) {
        if (attempt >= RENAME_TRIES || !['EPERM', 'EACCES', 'EBUSY'].includes(errorCode(error))) {
          await unlink(temp).catch(() => undefined);
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, RENAME_DELAY_MS));
      }
    }
  }
}
