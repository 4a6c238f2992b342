// Follows one unit's entries in the systemd journal through `journalctl -o json`: first what the journal
// holds after the stored cursor (a run that ends by itself: the history), then `--follow` from the last
// entry seen. Each delivery is whole entries with the cursor of the last one, so the cursor committed with
// what those entries produced is exactly where the next start resumes (`--after-cursor`).
import { spawn } from 'node:child_process';
import { JOURNAL_GROUP_ADVICE } from './journal-access.js';
import { JournalRecordDecoder, type JournalBatch } from './journal-records.js';

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

/** A unit name as given after `journal:` (`mumble-server` or `mumble-server.service`), checked; throws on a bad one. */
export function unitName(spec: string): string {
  const name = spec.endsWith('.service') ? spec.slice(0, -'.service'.length) : spec;
  // systemd's unit name characters (systemd.unit(5)); '-' first would read as an option.
  if (!/^[\w:.@\\-]{1,200}$/u.test(name) || name.startsWith('-')) {
    throw new Error(`"${spec}" is not a systemd unit name (letters, digits and : _ . @ - \\)`);
  }
  return name;
}

/** The entries of a unit: those systemd logged for `UNIT.service`, or any written with the identifier UNIT. */
export function journalMatches(unit: string): string[] {
  return [`_SYSTEMD_UNIT=${unit}.service`, '+', `SYSLOG_IDENTIFIER=${unit}`];
}

/** journalctl's arguments: JSON, every field whole (`--all`: no null for values over 4 KiB), after `cursor`. */
export function journalArgs(unit: string, cursor: string | null, follow: boolean): string[] {
  const args = ['--output=json', '--all', '--no-pager'];
  if (cursor !== null) args.push(`--after-cursor=${cursor}`);
  // `--follow` alone starts with the last 10 entries; without a cursor the history run saw none, so all.
  else if (follow) args.push('--lines=all');
  if (follow) args.push('--follow');
  return [...args, ...journalMatches(unit)];
}

/** journalctl's complaint in words an admin can act on, or null when stderr says nothing that stops us. */
export function journalProblem(stderr: string): string | null {
  if (/insufficient permissions|not seeing messages from other users/i.test(stderr)) {
    return `this user may not read the system journal; ${JOURNAL_GROUP_ADVICE}`;
  }
  return null;
}

function spawnProblem(error: NodeJS.ErrnoException, command: string): string {
  if (error.code === 'ENOENT') {
    return `${command} was not found: journal sources need systemd's journalctl (Debian and Ubuntu: the systemd package)`;
  }
  if (error.code === 'EACCES') return `${command} may not be run by this user (${error.message})`;
  return `could not run ${command}: ${error.message}`;
}

export interface JournalctlOptions {
  /** The journalctl binary (default: the one on the PATH). */
  command?: string;
  /** Run journalctl as this user (tests of a user who may not read the journal). */
  user?: { uid: number; gid: number };
}

/** A journal that cannot be read; the message says what to do. */
export class JournalReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalReadError';
  }
}

/** One journalctl process: whole entries to `batch` as they come; `done` settles when it ends. */
export interface JournalctlRun {
  /** Resolves when journalctl ended by itself with status 0; rejects with a JournalReadError otherwise. */
  done: Promise<void>;
  /** Ends journalctl; `batch` is not called after this. */
  stop(): Promise<void>;
}

export function runJournalctl(args: string[], batch: (batch: JournalBatch) => void, options: JournalctlOptions = {}): JournalctlRun {
  const command = options.command ?? 'journalctl';
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(options.user ?? {}) });
  const decoder = new JournalRecordDecoder();
  let stderr = '';
  let failed: string | null = null;
  let stopped = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (stopped || failed !== null) return;
    const entries = decoder.push(chunk);
    if (entries !== null) batch(entries);
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4096);
    const problem = journalProblem(stderr);
    // journalctl goes on with the user's own entries only: Murmur's are not among them, so stop here.
    if (problem !== null && failed === null) {
      failed = problem;
      child.kill('SIGTERM');
    }
  });
  const closed = new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      failed ??= spawnProblem(error, command);
    });
    child.once('close', (code, signal) => {
      if (failed === null && code === 0) return resolve();
      const said = stderr.trim().split('\n').at(-1) ?? '';
      reject(new JournalReadError(failed ?? `journalctl ended (${code === null ? String(signal) : `status ${code}`})${said === '' ? '' : `: ${said}`}`));
    });
  });
  return {
    done: closed,
    async stop() {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await closed.catch(() => undefined);
    },
  };
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
