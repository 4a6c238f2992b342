// Follows one unit's entries in the systemd journal through `journalctl -o json`: first what the journal
// holds after the stored cursor (a run that ends by itself: the history), then `--follow` from the last
// entry seen. Each delivery is whole entries with the cursor of the last one, so the cursor committed with
// what those entries produced is exactly where the next start resumes (`--after-cursor`).
import { spawn, type ChildProcess } from 'node:child_process';
import { JOURNAL_GROUP_ADVICE } from './journal-access.js';
import { JournalRecordDecoder } from './journal-records.js';

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

export interface JournalFollowerOptions {
  /** Resume after this entry (the cursor committed by a previous run); null reads all the journal holds. */
  cursor?: string | null;
  /** The journalctl binary (default: the one on the PATH). */
  command?: string;
  /** Run journalctl as this user (tests of a user who may not read the journal). */
  user?: { uid: number; gid: number };
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

const DEFAULT_RETRY_MS = 5000;

export class JournalFollower {
  readonly unit: string;
  readonly #listener: JournalListener;
  readonly #command: string;
  readonly #user: { uid: number; gid: number } | undefined;
  readonly #retryMs: number;
  #cursor: string | null;
  #child: ChildProcess | null = null;
  #retry: NodeJS.Timeout | null = null;
  #caughtUp = false;
  #stopped = false;
  #state: JournalState | null = null;
  #message: string | undefined;

  constructor(unit: string, listener: JournalListener, options: JournalFollowerOptions = {}) {
    this.unit = unit;
    this.#listener = listener;
    this.#cursor = options.cursor ?? null;
    this.#command = options.command ?? 'journalctl';
    this.#user = options.user;
    this.#retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  }

  /** The cursor of the last entry delivered (null before the first). */
  get cursor(): string | null {
    return this.#cursor;
  }

  start(): void {
    this.#run(false);
  }

  /** Ends journalctl; nothing is delivered after the promise resolves. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    const child = this.#child;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  #run(follow: boolean): void {
    if (this.#stopped) return;
    const child = spawn(this.#command, journalArgs(this.unit, this.#cursor, follow), {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(this.#user ?? {}),
    });
    this.#child = child;
    const decoder = new JournalRecordDecoder();
    let stderr = '';
    let failed: string | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      if (this.#stopped || failed !== null) return;
      const batch = decoder.push(chunk);
      if (batch === null) return;
      if (batch.badRecords > 0) this.#listener.unparsed(batch.badRecords);
      if (batch.cursor === null) return;
      this.#cursor = batch.cursor;
      this.#listener.data(batch.text, batch.cursor);
      if (follow) this.#setState('following');
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
    child.once('error', (error: NodeJS.ErrnoException) => {
      failed ??= spawnProblem(error, this.#command);
    });
    child.once('close', (code, signal) => {
      if (this.#child === child) this.#child = null;
      if (this.#stopped) return;
      if (failed === null && code === 0 && !follow) {
        this.#endHistory();
        return;
      }
      const said = stderr.trim().split('\n').at(-1) ?? '';
      this.#fail(failed ?? `journalctl ended (${code === null ? String(signal) : `status ${code}`})${said === '' ? '' : `: ${said}`}`);
    });
  }

  #endHistory(): void {
    if (!this.#caughtUp) {
      this.#caughtUp = true;
      this.#listener.caughtUp();
    }
    if (this.#cursor === null) this.#setState('waiting', `no journal entries from ${this.unit} yet`);
    else this.#setState('following');
    this.#run(true);
  }

  /** Shows the problem and tries again later, from the last entry delivered (history first, then follow). */
  #fail(message: string): void {
    this.#setState('error', message);
    this.#retry = setTimeout(() => this.#run(false), this.#retryMs);
    this.#retry.unref();
  }

  #setState(state: JournalState, message?: string): void {
    if (state === this.#state && message === this.#message) return;
    this.#state = state;
    this.#message = message;
    this.#listener.state(state, message);
  }
}
