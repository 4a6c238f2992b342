// Runs the real CLI for the browser tests: `serve` on fixture logs (with a temp --data dir) and
// `report --json` on the same logs, so the page can be compared with what the engine reports.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../main/contract.js';

const CLI = 'bin/murmur-monitor.js';
const START_TIMEOUT_MS = 20_000;

export interface Source {
  name: string;
  path: string;
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

function sourceArgs(sources: Source[]): string[] {
  return sources.flatMap((s) => ['--source', `${s.name}=${s.path}`]);
}

export function report(sources: Source[]): Report {
  const result = spawnSync(process.execPath, [CLI, 'report', ...sourceArgs(sources), '--json'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`report failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Report;
}

export async function serve(sources: Source[], extraArgs: string[] = []): Promise<RunningServer> {
  const data = mkdtempSync(join(tmpdir(), 'murmur-serve-data-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'serve', ...sourceArgs(sources), '--host', '127.0.0.1', '--port', '0', '--data', data, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}
