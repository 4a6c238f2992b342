// `murmur-monitor serve` as a child process, however it is started (node and the bin, an installed bin,
// under strace): its stdout and stderr collected, its URL once it listens, and a SIGTERM stop with its status.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { waitUntil } from './wait-until.js';

export class ServeChild {
  stdout = '';
  stderr = '';

  private constructor(
    private readonly child: ChildProcessByStdio<null, Readable, Readable>,
    private readonly group: boolean,
  ) {
    child.stdout.setEncoding('utf8').on('data', (text: string) => (this.stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
  }

  /** `group`: the child leads a process group, and stop() signals all of it (strace and what it runs). */
  static start(file: string, args: readonly string[], group = false): ServeChild {
    return new ServeChild(spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: group }), group);
  }

  /** The URL of `listening on URL`, once printed. */
  listening(timeoutMs = 20_000): Promise<string> {
    return waitUntil(() => /listening on (\S+)/.exec(this.stdout)?.[1], { timeoutMs, what: `"listening on" (so far: ${JSON.stringify(this.stdout + this.stderr)})` });
  }

  /** SIGTERM, then the exit status (serve writes its store and exits 0). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = once(this.child, 'exit');
    if (this.group && this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGTERM');
    else this.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    return code;
  }
}
