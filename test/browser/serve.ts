// Runs the real CLI for the browser tests: `serve` on fixture logs (with a temp --data dir) and
// `report --json` on the same logs, so the page can be compared with what the engine reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../main/contract.js';
import { MonitorProcess } from '../support/monitor-process.js';
import { reportJson } from '../support/run-monitor.js';

const START_TIMEOUT_MS = 20_000;

export interface Source {
  name: string;
  path: string;
}

export interface RunningServer {
  /** The dashboard's address, ending in `/`. */
  url: string;
  stop(): Promise<void>;
}

function byName(sources: Source[]): Record<string, string> {
  return Object.fromEntries(sources.map((s) => [s.name, s.path]));
}

export function report(sources: Source[]): Promise<Report> {
  return reportJson(byName(sources));
}

export async function serve(sources: Source[], extraArgs: string[] = []): Promise<RunningServer> {
  const data = mkdtempSync(join(tmpdir(), 'murmur-serve-data-'));
  const removeData = () => rmSync(data, { recursive: true, force: true });
  const monitor = await MonitorProcess.start(byName(sources), data, START_TIMEOUT_MS, extraArgs).catch((error: unknown) => {
    removeData();
    throw error;
  });
  return {
    url: `${monitor.url}/`,
    async stop() {
      await monitor.stop();
      removeData();
    },
  };
}
