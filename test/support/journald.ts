// The real systemd journal for the tests: journald is started directly when it does not run (a container
// has no systemd as PID 1), programs write into it through `systemd-cat -t IDENTIFIER`, and each test uses
// an identifier of its own so that it reads only its own entries.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { waitUntil } from './wait-until.js';

const JOURNALD = '/lib/systemd/systemd-journald';

/** An identifier no other test or run uses: `mm-NAME-<random>`. */
export function freshIdentifier(name: string): string {
  return `mm-${name}-${randomBytes(4).toString('hex')}`;
}

/** The MESSAGEs journalctl gives for an identifier, oldest first (as text; bytes that are not UTF-8 become U+FFFD). */
export function journalMessages(identifier: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('journalctl', ['--output=cat', '--all', '--no-pager', `SYSLOG_IDENTIFIER=${identifier}`], { maxBuffer: 64 << 20 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout.split('\n').slice(0, -1));
    });
  });
}

/** Writes `text` (bytes as they are) into the journal under `identifier`, one entry per line. */
export function writeToJournal(identifier: string, text: string | Buffer): void {
  const result = spawnSync('systemd-cat', ['-t', identifier], { input: text, timeout: 10_000 });
  if (result.status !== 0) throw new Error(`systemd-cat -t ${identifier} failed: ${result.stderr.toString()}`);
}

/** Whether a probe entry shows in journalctl within `timeoutMs`. */
async function journalAnswers(timeoutMs: number): Promise<boolean> {
  if (!existsSync('/run/systemd/journal/stdout')) return false;
  const probe = freshIdentifier('probe');
  try {
    writeToJournal(probe, 'probe\n');
    await waitUntil(async () => ((await journalMessages(probe)).length > 0 ? true : undefined), { timeoutMs, what: 'a probe entry in the journal' });
    return true;
  } catch {
    return false;
  }
}

let ready: Promise<string | null> | null = null;

/**
 * Makes sure journald runs (starting it when it does not, which needs root); resolves to null when the
 * journal can be written and read, else to the reason it cannot (a test's skip message).
 */
export function ensureJournald(): Promise<string | null> {
  ready ??= (async () => {
    if (spawnSync('journalctl', ['--version']).error) return 'journalctl is not installed (the systemd package; run .ci/setup-system.sh)';
    if (await journalAnswers(3000)) return null;
    if (!existsSync(JOURNALD)) return `${JOURNALD} is missing (the systemd package; run .ci/setup-system.sh)`;
    if (process.getuid?.() !== 0) return 'journald does not run and only root can start it';
    // Left running on purpose: it is the machine's journal, shared by every test and later runs.
    spawn(JOURNALD, [], { detached: true, stdio: 'ignore' }).unref();
    // A journald just started on a busy machine (a whole test run in parallel) may take seconds to answer.
    return (await journalAnswers(20_000)) ? null : `started ${JOURNALD}, but entries written with systemd-cat do not show in journalctl`;
  })();
  return ready;
}
