// journalctl, run for one unit: its arguments (JSON, every field whole, the unit's entries after a cursor),
// one run of it as whole entries in batches, and what its complaints mean in words an admin can act on.
import { spawn } from 'node:child_process';
import { JOURNAL_GROUP_ADVICE } from './journal-access.js';
import { JournalRecordDecoder, type JournalBatch } from './journal-records.js';

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
