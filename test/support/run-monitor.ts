// Runs the real `murmur-monitor` command (bin/murmur-monitor.js over the compiled dist/), bounded in time.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../main/contract.js';

/** bin/murmur-monitor.js, found from this file's place in dist/test/support/. */
export const MONITOR_BIN = fileURLToPath(new URL('../../../bin/murmur-monitor.js', import.meta.url));

export function runMonitor(args: string[], timeoutMs = 30_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MONITOR_BIN, ...args], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `murmur-monitor report --source NAME=PATH --json`, parsed; throws with stderr when it fails. */
export async function reportJson(sources: Record<string, string>): Promise<Report> {
  const args = ['report', ...Object.entries(sources).flatMap(([name, path]) => ['--source', `${name}=${path}`]), '--json'];
  const result = await runMonitor(args);
  if (result.code !== 0) throw new Error(`murmur-monitor ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Report;
}
