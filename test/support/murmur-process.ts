// Murmur daemonises (its log file is written only in daemon mode), so the process we spawn exits at once
// and the server is a grandchild known only by its pidfile. These helpers track such pids, and kill every
// one still alive when the test process ends, whatever the way it ends: no stray Murmurs.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

const livePids = new Set<number>();

/** True while the pid runs. Our container's init does not reap orphans, so a zombie counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function trackPid(pid: number): void {
  livePids.add(pid);
}

export function untrackPid(pid: number): void {
  livePids.delete(pid);
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function killAllTracked(): void {
  for (const pid of livePids) signal(pid, 'SIGKILL');
  livePids.clear();
}

process.once('exit', killAllTracked);
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.once(name, () => {
    killAllTracked();
    process.exit(128 + (name === 'SIGINT' ? 2 : 15));
  });
}

/** Runs a short command to its end (bounded), rejecting with its stderr on a non-zero exit. */
export function runCommand(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve(stdout + stderr);
    });
  });
}
