// Perf figures against the truth: a known rate of TCP traffic over 127.0.0.1 while `lo` is sampled every
// second (by PerfMonitor in this process, and by the real `serve` command), and a real Murmur's process
// found and measured. Loopback counts each byte twice: sent (tx) and received (rx) on the same interface.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import type { PerfPoint, PerfSeries, Snapshot } from '../../main/contract.js';
import { PerfMonitor } from '../../main/core/perf/index.js';
import { sendLoopback, type Traffic } from '../support/loopback-traffic.js';
import { MonitorProcess } from '../support/monitor-process.js';
import { findMurmur } from '../support/murmur-install.js';
import { MurmurServer } from '../support/murmur-server.js';
import { waitUntil } from '../support/wait-until.js';

const RATE_MBPS = 40;
const TRAFFIC_SECONDS = 8;
const TOLERANCE = 0.15;
const linuxOnly = process.platform !== 'linux' && 'samples `lo`, the Linux loopback interface';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'perf-loopback-'));
  dirs.push(dir);
  return dir;
}

/** Samples whose whole interval (the second before `t`) lies inside the traffic. */
function samplesDuring(samples: PerfPoint[], traffic: Traffic, netIntervalMs: number): PerfPoint[] {
  return samples.filter((point) => point.t - netIntervalMs - 250 >= traffic.start && point.t <= traffic.end && point.net.lo);
}

function assertRate(samples: PerfPoint[], traffic: Traffic): string {
  assert.ok(samples.length >= TRAFFIC_SECONDS - 3, `${samples.length} samples of lo inside the traffic`);
  const truthKbps = (traffic.received * 8) / (traffic.end - traffic.start); // bits per ms = Kbit/s
  const mean = (pick: (p: PerfPoint) => number) => samples.reduce((sum, p) => sum + pick(p), 0) / samples.length;
  const rx = mean((p) => p.net.lo?.rxKbps ?? 0);
  const tx = mean((p) => p.net.lo?.txKbps ?? 0);
  const line = `truth ${truthKbps.toFixed(0)} Kbit/s, measured rx ${rx.toFixed(0)} tx ${tx.toFixed(0)} over ${samples.length} samples`;
  assert.ok(Math.abs(rx - truthKbps) / truthKbps <= TOLERANCE, line);
  assert.ok(Math.abs(tx - truthKbps) / truthKbps <= TOLERANCE, line);
  return line;
}

describe('perf figures against known loopback traffic', { skip: linuxOnly, timeout: 60_000 }, () => {
  it('PerfMonitor in-process measures 40 Mbit/s on lo within 15%, and keeps it across a restart', async (t) => {
    const dataDir = await tempDir();
    const options = { dataDir, interfaces: ['lo'], netIntervalSec: 1, cpuIntervalSec: 1 };
    const perf = new PerfMonitor(options);
    await perf.start();
    let traffic: Traffic;
    try {
      traffic = await sendLoopback(RATE_MBPS, TRAFFIC_SECONDS);
    } finally {
      await perf.stop();
    }
    const series = perf.series('24h');
    t.diagnostic(assertRate(samplesDuring(series.samples, traffic, 1000), traffic));
    const cpu = series.samples.map((p) => p.cpu).filter((value): value is number => value !== null);
    assert.ok(cpu.length >= TRAFFIC_SECONDS - 2 && cpu.every((value) => value >= 0 && value <= 100), `cpu ${cpu.join(' ')}`);
    const peak = series.points.at(-1)?.max?.net.lo?.rxKbps ?? 0;
    assert.ok(peak >= RATE_MBPS * 1000 * (1 - TOLERANCE), `bucket max ${peak} Kbit/s`);

    const restarted = new PerfMonitor(options);
    await restarted.start();
    const points = restarted.series('24h').points;
    await restarted.stop();
    assert.deepEqual(points.map((p) => p.net.lo?.rxKbps), series.points.map((p) => p.net.lo?.rxKbps), 'history reloaded from perf.json');
  });

  it('serve samples lo every second and serves it at /api/perf, /api/snapshot and /metrics, across a restart', async (t) => {
    const dataDir = await tempDir();
    const log = join(dataDir, 'murmur.log');
    await writeFile(log, '');
    const flags = ['--net-interval', '1', '--cpu-interval', '1', '--interface', 'lo', '--alias', 'lo=loopback'];
    let serve = await MonitorProcess.start({ s: log }, dataDir, 20_000, flags);
    t.after(() => serve.stop('SIGKILL'));
    const get = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${serve.url}${path}`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(response.status, 200, `GET ${path}`);
      return (path === '/metrics' ? response.text() : response.json()) as Promise<T>;
    };
    await waitUntil(async () => ((await get<PerfSeries>('/api/perf?range=24h')).samples.length > 0 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'a first perf sample from serve',
    });

    const traffic = await sendLoopback(RATE_MBPS, TRAFFIC_SECONDS);
    await sleep(300); // the tick that ends just after the traffic
    const series = await get<PerfSeries>('/api/perf?range=24h');
    t.diagnostic(`serve: ${assertRate(samplesDuring(series.samples, traffic, 1000), traffic)}`);
    assert.equal(series.interval, 300);
    assert.deepEqual(series.aliases, { lo: 'loopback' });
    const current = series.points.at(-1);
    assert.ok(current && Date.now() - current.t < 300_000, 'points reach the still-filling bucket');
    assert.ok((current.max?.net.lo?.rxKbps ?? 0) >= RATE_MBPS * 1000 * (1 - TOLERANCE), 'the bucket maximum saw the traffic');
    const snapshot = await get<Snapshot>('/api/snapshot');
    assert.ok(snapshot.perf && snapshot.perf.samples.length > 0, 'a perf section in the snapshot');
    const metrics = await get<string>('/metrics');
    assert.match(metrics, /^murmur_monitor_network_receive_bytes_total\{interface="lo"\} \d+$/m);
    assert.match(metrics, /^murmur_monitor_network_interface_info\{interface="lo",alias="loopback"\} 1$/m);
    assert.match(metrics, /^murmur_monitor_host_cpu_seconds_total\{mode="idle"\} [\d.e+]+$/m);

    await serve.stop('SIGTERM');
    serve = await MonitorProcess.start({ s: log }, dataDir, 20_000, flags);
    const reloaded = await get<PerfSeries>('/api/perf?range=24h');
    const before = series.points.find((p) => p.t === current.t);
    assert.ok(
      (reloaded.points.find((p) => p.t === current.t)?.max?.net.lo?.rxKbps ?? 0) >= (before?.max?.net.lo?.rxKbps ?? Infinity),
      'the bucket with the traffic is still there after a restart',
    );
    await serve.stop('SIGTERM');
  });

  it("finds a running Murmur and reports its CPU and memory", { timeout: 60_000 }, async (t) => {
    const install = findMurmur('1.3');
    if (typeof install === 'string') {
      t.skip(install);
      return;
    }
    const server = await MurmurServer.start({ version: '1.3' });
    t.after(() => server.dispose());
    const perf = new PerfMonitor({ dataDir: await tempDir(), interfaces: ['lo'], netIntervalSec: 1, cpuIntervalSec: 1 });
    await perf.start();
    try {
      const murmur = await waitUntil(() => {
        const latest = perf.latest()?.murmur;
        return latest && latest.cpu !== null && latest.memMB !== null ? latest : undefined;
      }, { timeoutMs: 10_000, what: 'Murmur CPU and memory in the perf samples' });
      t.diagnostic(`murmur cpu ${murmur.cpu?.toFixed(2)}%, ${murmur.memMB?.toFixed(1)} MB resident`);
      assert.ok((murmur.memMB ?? 0) > 1, 'a running murmurd holds more than 1 MB');
      assert.match(perf.metrics(), /^murmur_monitor_murmur_resident_memory_bytes \d+$/m);
      assert.match(perf.metrics(), /^murmur_monitor_murmur_cpu_seconds_total [\d.e+]+$/m);
    } finally {
      await perf.stop();
    }
  });
});
