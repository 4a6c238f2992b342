// Murmur daemonises (its log file is written only in daemon mode), so the process we spawn exits at once
// and the server is a grandchild known only by its pidfile. These helpers track such pids, and kill every
// one still alive when the test process ends, whatever the way it ends: no stray Murmurs.
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

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

/**
 * Runs a command that daemonises and waits (bounded) only for the launcher to exit, not for its output to
 * close: the daemon may keep the inherited descriptors for a while. Output goes to `outputFile`, not a pipe.
 */
export function launchDaemon(file: string, args: string[], outputFile: string, timeoutMs: number): Promise<void> {
  const output = openSync(outputFile, 'a');
  return new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', output, output] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} ${args.join(' ')} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signalName) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${file} ${args.join(' ')} exited ${code ?? signalName}: ${readFileSync(outputFile, 'utf8').slice(-2000)}`));
    });
  }).finally(() => closeSync(output));
}
