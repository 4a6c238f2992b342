// Follows one unit's entries in the systemd journal through `journalctl -o json`: first what the journal
// holds after the stored cursor (a run that ends by itself: the history), then `--follow` from the last
// entry seen. Each delivery is whole entries with the cursor of the last one, so the cursor committed with
// what those entries produced is exactly where the next start resumes (`--after-cursor`).
import type { JournalBatch } from './journal-records.js';
import { journalArgs, runJournalctl, type JournalctlOptions, type JournalctlRun } from './journalctl.js';

export type JournalState = 'following' | 'waiting' | 'error';

export interface JournalListener {
  /** Log text of whole entries (each MESSAGE and a newline), and the cursor of the last entry in it. */
  data(text: Buffer, cursor: string): void;
  /** Records that were not usable entries: counted as unparsed lines. */
  unparsed(records: number): void;
  /** Everything the journal held at the start has been delivered; what follows is live. */
  caughtUp(): void;
  state(state: JournalState, message?: string): void;
}

export interface JournalFollowerOptions extends JournalctlOptions {
  /** Resume after this entry (the cursor committed by a previous run); null reads all the journal holds. */
  cursor?: string | null;
  /** How long after a failure journalctl is tried again (ms). */
  retryMs?: number;
}

const DEFAULT_RETRY_MS = 5000;

export class JournalFollower {
  readonly unit: string;
  readonly #listener: JournalListener;
  readonly #options: JournalctlOptions;
  readonly #retryMs: number;
  #cursor: string | null;
  #run: JournalctlRun | null = null;
  #retry: NodeJS.Timeout | null = null;
  #caughtUp = false;
  #stopped = false;
  #state: JournalState | null = null;
  #message: string | undefined;

  constructor(unit: string, listener: JournalListener, options: JournalFollowerOptions = {}) {
    this.unit = unit;
    this.#listener = listener;
    this.#cursor = options.cursor ?? null;
    this.#options = { command: options.command, user: options.user };
    this.#retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  }

  /** The cursor of the last entry delivered (null before the first). */
  get cursor(): string | null {
    return this.#cursor;
  }

  start(): void {
    this.#start(false);
  }

  /** Ends journalctl; nothing is delivered after the promise resolves. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    await this.#run?.stop();
  }

  #start(follow: boolean): void {
    if (this.#stopped) return;
    const run = runJournalctl(journalArgs(this.unit, this.#cursor, follow), (batch) => this.#deliver(batch, follow), this.#options);
    this.#run = run;
    run.done.then(
      () => {
        // Only the history run ends by itself; a follow that ends (journalctl killed) is a failure too.
        if (this.#stopped) return;
        if (follow) this.#fail('journalctl stopped following the journal');
        else this.#endHistory();
      },
      (error: Error) => {
        if (!this.#stopped) this.#fail(error.message);
      },
    );
  }

  #deliver(batch: JournalBatch, follow: boolean): void {
    if (this.#stopped) return;
    if (batch.badRecords > 0) this.#listener.unparsed(batch.badRecords);
    if (batch.cursor === null) return;
    this.#cursor = batch.cursor;
    this.#listener.data(batch.text, batch.cursor);
    if (follow) this.#setState('following');
  }

  #endHistory(): void {
    if (!this.#caughtUp) {
      this.#caughtUp = true;
      this.#listener.caughtUp();
    }
    if (this.#cursor === null) this.#setState('waiting', `no journal entries from ${this.unit} yet`);
    else this.#setState('following');
    this.#start(true);
  }

  /** Shows the problem and tries again later, from the last entry delivered (history first, then follow). */
  #fail(message: string): void {
    this.#setState('error', message);
    this.#retry = setTimeout(() => this.#start(false), this.#retryMs);
    this.#retry.unref();
  }

  #setState(state: JournalState, message?: string): void {
    if (state === this.#state && message === this.#message) return;
    this.#state = state;
    this.#message = message;
    this.#listener.state(state, message);
  }
}
