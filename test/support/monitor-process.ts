// `murmur-monitor serve` as a child process for the integration tests: started with --port 0, ready once it
// prints `listening on http(s)://HOST:PORT/`, stopped or SIGKILLed on demand, and killed when the tests end.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Report, Snapshot } from '../../main/contract.js';
import { trackPid, untrackPid } from './murmur-process.js';
import { MONITOR_BIN } from './run-monitor.js';
import { waitUntil } from './wait-until.js';

export class MonitorProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /**
   * Starts `serve` on a free loopback port with these sources and data folder (and `extraArgs`, e.g. perf
   * flags), as `user` when given (a test running as root needs an unprivileged one for permission errors).
   */
  static async start(
    sources: Record<string, string>,
    dataDir: string,
    timeoutMs = 20_000,
    extraArgs: readonly string[] = [],
    user?: { uid: number; gid: number },
  ): Promise<MonitorProcess> {
    const args = ['serve', ...Object.entries(sources).flatMap(([name, path]) => ['--source', `${name}=${path}`]), '--host', '127.0.0.1', '--port', '0', '--data', dataDir, ...extraArgs];
    const child = spawn(process.execPath, [MONITOR_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...user });
    if (child.pid !== undefined) trackPid(child.pid);
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
    try {
      const url = await waitUntil(
        () => {
          if (child.exitCode !== null) throw new Error(`murmur-monitor serve exited ${child.exitCode}: ${output}`);
          return /listening on (https?:\/\/\S+?)\/?(\s|$)/.exec(output)?.[1];
        },
        { timeoutMs, what: `"listening on" from murmur-monitor serve (output so far: ${JSON.stringify(output.slice(0, 500))})` },
      );
      const monitor = new MonitorProcess(child, url);
      monitor.output = output;
      child.stdout?.on('data', (text: string) => (monitor.output += text));
      child.stderr?.on('data', (text: string) => (monitor.output += text));
      return monitor;
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  /** What the monitor printed (its start lines, warnings, errors). */
  get printed(): string {
    return this.output;
  }

  async snapshot(): Promise<Snapshot> {
    const response = await fetch(`${this.url}/api/snapshot`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`GET /api/snapshot: ${response.status}`);
    return (await response.json()) as Snapshot;
  }

  /** Polls the snapshot until `check` accepts it (bounded); returns that snapshot. */
  async waitForSnapshot(check: (snapshot: Snapshot) => boolean, what: string, timeoutMs = 15_000): Promise<Snapshot> {
    return waitUntil(
      async () => {
        const snapshot = await this.snapshot();
        return check(snapshot) ? snapshot : undefined;
      },
      { timeoutMs, intervalMs: 100, what },
    );
  }

  /** Sends SIGHUP (what `systemctl reload` sends): serve reloads its certificate. */
  hangUp(): void {
    this.child.kill('SIGHUP');
  }

  /** Ends the monitor with `signal` and waits (bounded) for it to exit; gives its exit code (null after a signal). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM', timeoutMs = 10_000): Promise<number | null> {
    const pid = this.child.pid;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill(signal);
      await waitUntil(() => (this.child.exitCode !== null || this.child.signalCode !== null ? true : undefined), {
        timeoutMs,
        what: `murmur-monitor serve to exit after ${signal}`,
      });
      await exited;
    }
    if (pid !== undefined) untrackPid(pid);
    return this.child.exitCode;
  }
}

/** The snapshot reduced to the documented report keys, to compare with `report --json`. */
export function documentedReport(snapshot: Snapshot): Report {
  return {
    servers: snapshot.servers.map((server) => ({
      source: server.source,
      server: server.server,
      online: server.online.map(({ session, name, userId, since }) => ({ session, name, userId, since })),
      days: server.days.map(({ date, logins, uniqueUsers, peakOnline }) => ({ date, logins, uniqueUsers, peakOnline })),
    })),
  };
}
