// Debian's Prometheus (apt package `prometheus`, installed by .ci/setup-system.sh) as a child process for the
// tests: one scrape job against a target, a fast scrape interval, its storage in a temporary folder, on a
// free loopback port; queried through its HTTP API.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findFreePort } from './free-port.js';
import { trackPid, untrackPid } from './murmur-process.js';
import { waitUntil } from './wait-until.js';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';

/** Why the Prometheus tests cannot run here, or null when they can. */
export function prometheusMissing(): string | null {
  const missing = [PROMETHEUS_BIN, PROMTOOL_BIN].filter((file) => !existsSync(file));
  return missing.length === 0 ? null : `${missing.join(' and ')} not installed (apt package prometheus, see .ci/setup-system.sh)`;
}

/** Runs promtool with `input` on stdin; gives its exit code and everything it printed. */
export function promtool(args: string[], input = ''): { status: number | null; output: string } {
  const result = spawnSync(PROMTOOL_BIN, args, { input, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export class PrometheusServer {
  private log = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (this.log += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (this.log += text));
  }

  /** Scrapes `target` (host:port) at `/metrics` every `scrapeSeconds`; ready when its API answers. */
  static async start(dir: string, target: string, scrapeSeconds: number): Promise<PrometheusServer> {
    const config = join(dir, 'prometheus.yml');
    await writeFile(
      config,
      `global:\n  scrape_interval: ${scrapeSeconds}s\n  evaluation_interval: ${scrapeSeconds}s\n` +
        `scrape_configs:\n  - job_name: murmur-monitor\n    static_configs:\n      - targets: ['${target}']\n`,
    );
    const port = await findFreePort();
    const child = spawn(
      PROMETHEUS_BIN,
      [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    if (child.pid !== undefined) trackPid(child.pid);
    const server = new PrometheusServer(child, `http://127.0.0.1:${port}`);
    try {
      await waitUntil(
        async () => {
          if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${server.log}`);
          const response = await fetch(`${server.url}/-/ready`).catch(() => null);
          return response?.ok === true ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: 'prometheus to be ready' },
      );
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** An instant query's vector (at `time`, epoch seconds, or now). */
  async query(expression: string, time?: number): Promise<Sample[]> {
    const params = new URLSearchParams({ query: expression });
    if (time !== undefined) params.set('time', String(time));
    const response = await fetch(`${this.url}/api/v1/query?${params}`, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as { status: string; error?: string; data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    if (body.status !== 'success' || body.data?.resultType !== 'vector') throw new Error(`query ${expression}: ${body.error ?? JSON.stringify(body)}`);
    return body.data.result.map((item) => ({ metric: item.metric, value: Number(item.value[1]) }));
  }

  /** The single value of `expression` once `accept` takes it (bounded wait). */
  async waitFor(expression: string, accept: (value: number) => boolean, timeoutMs = 20_000): Promise<number> {
    let last: Sample[] = [];
    try {
      return await waitUntil(
        async () => {
          last = await this.query(expression);
          const value = last.length === 1 ? last[0]?.value : undefined;
          return value !== undefined && accept(value) ? value : undefined;
        },
        { timeoutMs, intervalMs: 250, what: `prometheus: ${expression}` },
      );
    } catch (error) {
      throw new Error(`${String(error)}; last answer ${JSON.stringify(last)}`);
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000); // a graceful stop writes its head block
      await exited;
      clearTimeout(timer);
    }
    if (this.child.pid !== undefined) untrackPid(this.child.pid);
  }
}
