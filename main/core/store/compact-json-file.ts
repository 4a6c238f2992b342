// A lowdb adapter for the data folder's JSON files: reads monitor.json in turns of the event loop
// (json-in-turns.ts), and writes bytes assembled by the caller (raw-json.ts for monitor.json: cached pieces
// rather than one big string) through the one durable write path, atomic-file.ts. Writes run one after
// another; each serialises its document at the call.
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileAtomic } from '../atomic-file.js';
import { errorCode } from '../source/source-errors.js';
import { parseJsonInTurns } from './json-in-turns.js';

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
    const next = this.#queue.catch(() => undefined).then(() => writeFileAtomic(this.#path, bytes));
    this.#queue = next;
    return next;
  }
}
