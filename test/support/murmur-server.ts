// A real Murmur (1.3 on the host, 1.5 through chroot) on 127.0.0.1, with its own port and folder, for the
// integration tests and the fixture capture. Every operation is bounded by a timeout, and `dispose()` (or the
// end of the test process, see murmur-process.ts) kills whatever is still running.
// Its log goes where the install makes it go: a file (Murmur as a daemon, the default), the systemd journal
// (in the foreground under `systemd-cat`, as a unit with `-fg` runs it), or Docker's json-file log (in the
// foreground, its output written as Docker's log driver writes it).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerJsonLog } from './docker-json-log.js';
import { freshIdentifier } from './journald.js';
import { findMurmur, type MurmurInstall, type MurmurVersion } from './murmur-install.js';
import { isRunning, launchDaemon, runCommand, signal, trackPid, untrackPid } from './murmur-process.js';
import { findFreePort } from './free-port.js';
import { readLogFrom } from './log-file.js';
import { waitUntil } from './wait-until.js';

export type { MurmurVersion } from './murmur-install.js';

export interface MurmurOptions {
  version: MurmurVersion;
  /** Server password (`serverpassword=`); logins without it are rejected. */
  serverPassword?: string;
  /** SuperUser's password, set with `-supw` before the first start. Random when not given. */
  superUserPassword?: string;
  /** Seconds without a client message before Murmur logs `Timeout` and drops the client (default 30). */
  clientTimeoutSeconds?: number;
  /** More ini lines, e.g. `{ username: '.*' }`. */
  ini?: Record<string, string>;
  /** Where the log goes (default: a file, Murmur as a daemon). */
  output?: MurmurOutput;
}

/** A log file; the journal under a fresh SYSLOG_IDENTIFIER (`identifier`); or a container's json-file log. */
export type MurmurOutput = 'file' | 'journal' | { docker: DockerJsonLog };

/** The lines Murmur wrote in the foreground, as they reach the test (count = a mark to wait from). */
class ForegroundLines {
  readonly lines: string[] = [];
  #partial = '';
  add(text: string): void {
    const parts = (this.#partial + text).split('\n');
    this.#partial = parts.pop() ?? '';
    this.lines.push(...parts);
  }
}

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
/** Murmur's last line of a virtual server's boot: from here on, clients are served. */
const READY_LINE = /1 => Not registering server as public/;

export class MurmurServer {
  readonly version: MurmurVersion;
  /** The journal's SYSLOG_IDENTIFIER of its lines (output 'journal'): `--source NAME=journal:IDENTIFIER`. */
  readonly identifier: string;
  private pid: number | undefined;
  /** Lines of a foreground Murmur (journal or Docker output), as the test sees them. */
  private readonly seen = new ForegroundLines();
  /** `journalctl --follow` of the identifier: how the test sees lines of the journal. */
  private journalWatch: ChildProcess | null = null;

  private constructor(
    private readonly install: MurmurInstall,
    readonly port: number,
    readonly superUserPassword: string,
    /** The folder as seen from this process (inside the chroot root for 1.5). */
    readonly folder: string,
    readonly output: MurmurOutput,
  ) {
    this.version = install.version;
    this.identifier = freshIdentifier(`murmur${install.version.replace('.', '')}`);
  }

  /** Starts a fresh Murmur; throws with the reason when that version is not installed (check `findMurmur` first). */
  static async start(options: MurmurOptions): Promise<MurmurServer> {
    const install = findMurmur(options.version);
    if (typeof install === 'string') throw new Error(install);
    const folder = mkdtempSync(join(install.root, 'tmp', `murmur-${options.version}-`));
    chownSync(folder, install.uid, install.gid);
    const server = new MurmurServer(install, await findFreePort(), options.superUserPassword ?? randomBytes(9).toString('hex'), folder, options.output ?? 'file');
    writeFileSync(server.hostPath('murmur.ini'), server.iniText(options));
    try {
      await runCommand('chroot', [install.root, install.binary, '-ini', server.innerPath('murmur.ini'), '-supw', server.superUserPassword], START_TIMEOUT_MS);
      await server.boot();
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  get logPath(): string {
    return this.hostPath('murmur.log');
  }

  get #inForeground(): boolean {
    return this.output !== 'file';
  }

  get running(): boolean {
    return this.pid !== undefined && isRunning(this.pid);
  }

  /**
   * Where the log stands now (bytes of the file, or lines seen of a foreground Murmur): pass it to
   * `waitForLogLine` to wait only for lines written after now.
   */
  logSize(): number {
    if (this.#inForeground) return this.seen.lines.length;
    return existsSync(this.logPath) ? statSync(this.logPath).size : 0;
  }

  /** Every line a foreground Murmur wrote so far, as the test saw it. */
  get foregroundLines(): readonly string[] {
    return this.seen.lines;
  }

  /** Waits for a line of the current log (from mark `fromOffset`, see logSize) that matches; returns that line. */
  async waitForLogLine(pattern: RegExp, timeoutMs = 10_000, fromOffset = 0): Promise<string> {
    const lines = (): string[] => (this.#inForeground ? this.seen.lines.slice(fromOffset) : readLogFrom(this.logPath, fromOffset));
    return waitUntil(() => lines().find((line) => pattern.test(line)), {
      timeoutMs,
      what: `Murmur ${this.version} log line ${String(pattern)} in ${this.#inForeground ? `its ${this.#outputName}` : this.logPath}`,
    });
  }

  get #outputName(): string {
    return this.output === 'journal' ? `journal (SYSLOG_IDENTIFIER=${this.identifier})` : 'Docker log';
  }

  /** Graceful stop: SIGTERM, then wait for the process to end. */
  async stop(): Promise<void> {
    await this.endWith('SIGTERM');
  }

  /** A crash: SIGKILL, so Murmur writes nothing more. */
  async kill(): Promise<void> {
    await this.endWith('SIGKILL');
  }

  /** Starts the stopped or killed server again, on the same port, folder and database. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`Murmur ${this.version} is already running (pid ${this.pid})`);
    await this.boot();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.boot();
  }

  /** logrotate's default: rename the log to PATH.1 (older ones shift up), SIGHUP, wait for the new file. */
  async rotateByRename(): Promise<void> {
    if (this.#inForeground) throw new Error(`Murmur in the foreground has no log file to rotate (its log is the ${this.#outputName})`);
    this.shiftRotations();
    renameSync(this.logPath, `${this.logPath}.1`);
    signal(this.requirePid(), 'SIGHUP');
    await this.waitForLogLine(/Log rotated successfully/);
  }

  /** logrotate's `copytruncate`: copy the log to PATH.1, then cut the live file to zero bytes in place. */
  copyTruncate(): void {
    this.shiftRotations();
    copyFileSync(this.logPath, `${this.logPath}.1`);
    truncateSync(this.logPath, 0);
  }

  /** Kills the server if it runs and removes its folder. Safe to call more than once. */
  async dispose(): Promise<void> {
    if (this.running) await this.kill();
    this.journalWatch?.kill('SIGKILL');
    this.journalWatch = null;
    rmSync(this.folder, { recursive: true, force: true });
  }

  private iniText(options: MurmurOptions): string {
    const lines: Record<string, string> = {
      database: this.innerPath('murmur.sqlite'),
      // In the foreground Murmur writes every line to stderr whatever logfile= says.
      ...(this.#inForeground ? {} : { logfile: this.innerPath('murmur.log') }),
      pidfile: this.innerPath('murmur.pid'),
      host: '127.0.0.1',
      port: String(this.port),
      users: '50',
      // A fixed count skips the one-second PBKDF2 benchmark of the first start.
      kdfiterations: '1000',
      // Murmur bans an address after 10 connections in 120 s; every test client comes from 127.0.0.1.
      autobanAttempts: '0',
      serverpassword: options.serverPassword ?? '',
      ...(options.clientTimeoutSeconds === undefined ? {} : { timeout: String(options.clientTimeoutSeconds) }),
      ...options.ini,
    };
    return Object.entries(lines).map(([key, value]) => `${key}=${value}\n`).join('');
  }

  private async boot(): Promise<void> {
    if (this.#inForeground) {
      await this.bootInForeground();
      return;
    }
    const pidFile = this.hostPath('murmur.pid');
    rmSync(pidFile, { force: true });
    const bootOffset = this.logSize();
    // The launched process forks the daemon and exits; the daemon writes the pidfile.
    await launchDaemon('chroot', [this.install.root, this.install.binary, '-ini', this.innerPath('murmur.ini')], this.hostPath('launcher.out'), START_TIMEOUT_MS);
    const pid = await waitUntil(() => readPid(pidFile), { timeoutMs: START_TIMEOUT_MS, what: `pidfile ${pidFile}` });
    this.pid = pid;
    trackPid(pid);
    await this.waitForLogLine(READY_LINE, START_TIMEOUT_MS, bootOffset);
  }

  /** `-fg`, its output into the journal (systemd-cat execs the command: the pid is Murmur's) or the Docker log. */
  private async bootInForeground(): Promise<void> {
    const bootMark = this.logSize();
    const command = ['chroot', this.install.root, this.install.binary, '-ini', this.innerPath('murmur.ini'), '-fg'];
    let child: ChildProcess;
    if (this.output === 'journal') {
      this.watchJournal();
      child = spawn('systemd-cat', ['-t', this.identifier, ...command], { stdio: 'ignore' });
    } else {
      const docker = (this.output as { docker: DockerJsonLog }).docker;
      child = spawn(command[0] as string, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
      for (const stream of ['stdout', 'stderr'] as const) {
        child[stream]?.on('data', (chunk: Buffer) => {
          docker.write(stream, chunk);
          this.seen.add(chunk.toString('utf8'));
        });
      }
    }
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start ${command.join(' ')}`);
    this.pid = pid;
    trackPid(pid);
    await this.waitForLogLine(READY_LINE, START_TIMEOUT_MS, bootMark);
  }

  /** Follows the journal for this server's identifier, so that waitForLogLine sees its lines. */
  private watchJournal(): void {
    if (this.journalWatch !== null) return;
    this.journalWatch = spawn('journalctl', ['--output=cat', '--all', '--follow', '--lines=all', `SYSLOG_IDENTIFIER=${this.identifier}`], { stdio: ['ignore', 'pipe', 'ignore'] });
    this.journalWatch.stdout?.setEncoding('utf8').on('data', (text: string) => this.seen.add(text));
    if (this.journalWatch.pid !== undefined) trackPid(this.journalWatch.pid);
  }

  private async endWith(name: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const pid = this.requirePid();
    signal(pid, name);
    await waitUntil(() => (isRunning(pid) ? undefined : true), { timeoutMs: STOP_TIMEOUT_MS, what: `Murmur ${this.version} (pid ${pid}) to end after ${name}` });
    untrackPid(pid);
    this.pid = undefined;
  }

  private requirePid(): number {
    if (this.pid === undefined || !isRunning(this.pid)) throw new Error(`Murmur ${this.version} is not running`);
    return this.pid;
  }

  /** PATH.1 → PATH.2, PATH.2 → PATH.3, ...: the numbering logrotate uses, newest rotation lowest. */
  private shiftRotations(): void {
    let last = 1;
    while (existsSync(`${this.logPath}.${last}`)) last += 1;
    for (let n = last - 1; n >= 1; n -= 1) renameSync(`${this.logPath}.${n}`, `${this.logPath}.${n + 1}`);
  }

  private hostPath(name: string): string {
    return join(this.folder, name);
  }

  /** A path in the folder as Murmur sees it (relative to its root). */
  private innerPath(name: string): string {
    return join('/', this.folder.slice(this.install.root.length), name);
  }
}

function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
  return Number.isInteger(pid) && pid > 0 && isRunning(pid) ? pid : undefined;
}
