import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { PerfPoint } from '../../main/contract.js';
import { PerfMonitor } from '../../main/core/perf/index.js';
import { FIVE_MINUTES_MS } from '../../main/core/perf/rollup.js';
import { FakeClock, FakePerfSource } from '../support/perf-fake-source.js';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'perf-monitor-'));
  dirs.push(dir);
  return dir;
}

function monitor(dataDir: string, clock: FakeClock, extra: Partial<ConstructorParameters<typeof PerfMonitor>[0]> = {}) {
  const source = new FakePerfSource(clock);
  const warnings: string[] = [];
  const perf = new PerfMonitor({ dataDir, source, now: clock.now, warn: (m) => warnings.push(m), ...extra });
  return { perf, source, warnings };
}

/** `count` network + CPU ticks 15 s apart at a steady rate. */
async function run(perf: PerfMonitor, source: FakePerfSource, count: number, rxBps: number, cpu = 25): Promise<void> {
  source.cpu = cpu;
  for (let i = 0; i < count; i += 1) {
    source.flow(15_000, { eth0: { rxBps, txBps: rxBps / 2 } });
    await perf.sampleNow();
  }
}

describe('PerfMonitor', () => {
  it('serves raw samples, the still-filling bucket and the latest point', async () => {
    const clock = new FakeClock(T0);
    const { perf, source, warnings } = monitor(await tempDir(), clock, { aliases: { eth0: 'WAN' } });
    await perf.start();
    const seen: PerfPoint[] = [];
    const off = perf.on('sample', (point) => seen.push(point));
    perf.on('sample', () => {
      throw new Error('listener bug');
    });
    await run(perf, source, 4, 125_000); // 1 Mbit/s
    off();
    await run(perf, source, 1, 125_000);
    const series = perf.series('24h');
    await perf.stop();
    assert.equal(seen.length, 8, 'one point per CPU and per network reading, until unsubscribed');
    assert.equal(warnings.filter((w) => w === 'perf: a sample listener failed: listener bug').length, 10, 'a failing listener stops nothing');
    assert.equal(series.interval, 300);
    assert.equal(series.points.length, 1);
    assert.deepEqual(series.points[0]?.net, { eth0: { rxKbps: 1000, txKbps: 500 } });
    assert.equal(series.points[0]?.cpu, 25);
    assert.deepEqual(series.samples.map((p) => p.t - T0), [15, 30, 45, 60, 75].map((s) => s * 1000), 'one raw sample per network tick');
    assert.equal(series.samples[0]?.cpu, 25, 'carrying the newest CPU figure');
    assert.deepEqual(series.latest, { t: T0 + 75_000, cpu: 25, net: { eth0: { rxKbps: 1000, txKbps: 500 } }, murmur: { cpu: 2, memMB: 40 } });
    assert.deepEqual(series.aliases, { eth0: 'WAN' });
    assert.deepEqual(series.daily?.[0]?.net, { eth0: { rxBytes: 125_000 * 75, txBytes: 62_500 * 75 } });
  });

  it('continues the series after a restart and shows the time it was down as a gap', async () => {
    const dataDir = await tempDir();
    const clock = new FakeClock(T0);
    const first = monitor(dataDir, clock);
    await first.perf.start();
    await run(first.perf, first.source, 8, 1000, 20); // 12:00:15 .. 12:02:00
    await first.perf.stop();
    const stored = JSON.parse(await readFile(join(dataDir, 'perf.json'), 'utf8')) as { rollup: { fiveMinute: unknown[] } };
    assert.equal(stored.rollup.fiveMinute.length, 1);

    clock.advance(2 * FIVE_MINUTES_MS); // down until 12:12:00
    const second = monitor(dataDir, clock);
    await second.perf.start();
    assert.equal(second.perf.series('24h').samples.length, 0, 'raw samples are not kept across restarts');
    await run(second.perf, second.source, 4, 3000, 60); // 12:12:15 .. 12:13:00
    const points = second.perf.series('24h').points;
    await second.perf.stop();

    assert.deepEqual(points.map((p) => (p.t - T0) / FIVE_MINUTES_MS), [0, 1, 2]);
    assert.equal(points[0]?.cpu, 20);
    assert.equal(points[0]?.net.eth0?.rxKbps, 8);
    assert.deepEqual(points[1], { t: T0 + FIVE_MINUTES_MS, cpu: null, net: {}, murmur: { cpu: null, memMB: null } }, 'a gap, not zeros');
    assert.equal(points[2]?.cpu, 60);
    assert.equal(points[2]?.net.eth0?.rxKbps, 24);
  });

  it('merges readings into the bucket it was filling when restarted within it', async () => {
    const dataDir = await tempDir();
    const clock = new FakeClock(T0);
    const first = monitor(dataDir, clock);
    await first.perf.start();
    await run(first.perf, first.source, 2, 1000, 10);
    await first.perf.stop();
    clock.advance(30_000);
    const second = monitor(dataDir, clock);
    await second.perf.start();
    await run(second.perf, second.source, 2, 1000, 30);
    const [bucket] = second.perf.series('24h').points;
    await second.perf.stop();
    assert.equal(bucket?.cpu, 20);
    assert.equal(bucket?.max?.cpu, 30);
  });

  it('sets a corrupt perf.json aside with a warning naming the bad field, and starts a new history', async () => {
    const document = (rollup: string): string => `{"schemaVersion":1,"updatedAt":"2026-12-02T00:00:00.000Z","rollup":${rollup}}`;
    for (const [content, problem] of [
      ['{"schemaVersion": 1, "rollup": {"fiveMi', /JSON|Unexpected|unclosed/],
      [document('{"fiveMinute":[{"t":"x"}],"hourly":[],"daily":[]}'), /rollup\.fiveMinute\[0\]\.t: expected a whole number/],
      [document('{"fiveMinute":[{"t":1,"cpu":[1,null,3]}],"hourly":[],"daily":[]}'), /rollup\.fiveMinute\[0\]\.cpu\[1\]: expected a number/],
      [document('{"fiveMinute":[],"hourly":[{"t":2},{"t":1}],"daily":[]}'), /rollup\.hourly\[1\]: expected a later time/],
      [document('{"fiveMinute":[],"hourly":[],"daily":[{"date":"2026-12-01","net":{"eth0":{"rxBytes":1e300,"txBytes":0}}}]}'), /rollup\.daily\[0\]\.net\.eth0\.rxBytes: expected a whole number/],
    ] as const) {
      const dataDir = await tempDir();
      await writeFile(join(dataDir, 'perf.json'), content);
      const clock = new FakeClock(T0);
      const { perf, source, warnings } = monitor(dataDir, clock);
      await perf.start();
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? '', /perf\.json could not be read .*moved to .*perf\.json\.corrupt-/);
      assert.match(warnings[0] ?? '', problem);
      const files = await readdir(dataDir);
      const aside = files.find((file) => file.startsWith('perf.json.corrupt-'));
      assert.ok(aside, `set aside: ${files.join(', ')}`);
      assert.equal(await readFile(join(dataDir, aside), 'utf8'), content, 'the bad file is kept as it was');
      assert.deepEqual(perf.series('24h').points, []);
      await run(perf, source, 1, 1000);
      await perf.stop();
      const rewritten = JSON.parse(await readFile(join(dataDir, 'perf.json'), 'utf8')) as { rollup: { fiveMinute: unknown[] } };
      assert.equal(rewritten.rollup.fiveMinute.length, 1);
    }
  });

  it('writes perf.json debounced, not on every sample', async () => {
    const dataDir = await tempDir();
    const clock = new FakeClock(T0);
    const { perf, source } = monitor(dataDir, clock, { writeDelayMs: 50 });
    await perf.start();
    await run(perf, source, 3, 1000);
    await assert.rejects(readFile(join(dataDir, 'perf.json')), { code: 'ENOENT' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const written = JSON.parse(await readFile(join(dataDir, 'perf.json'), 'utf8')) as { rollup: { fiveMinute: Array<{ cpu: number[] }> } };
    assert.equal(written.rollup.fiveMinute[0]?.cpu[0], 3);
    await perf.stop();
  });

  it('prints the system counters for Prometheus, the alias only as an info metric, and omits what is not measured', async () => {
    const clock = new FakeClock(T0);
    const { perf, source } = monitor(await tempDir(), clock, { aliases: { eth0: 'W"A\\N' } });
    await perf.start();
    assert.equal(perf.metrics(), '', 'nothing measured yet');
    source.murmur = { cpu: null, memMB: null };
    await run(perf, source, 2, 2500, 12.5);
    const text = perf.metrics();
    assert.match(text, /^# TYPE murmur_monitor_host_cpu_seconds_total counter$/m);
    assert.match(text, /^murmur_monitor_host_cpu_seconds_total\{mode="user"\} 120\.5$/m);
    assert.match(text, /^murmur_monitor_host_cpu_seconds_total\{mode="idle"\} 900$/m);
    assert.match(text, /^# TYPE murmur_monitor_network_receive_bytes_total counter$/m);
    assert.match(text, /^murmur_monitor_network_receive_bytes_total\{interface="eth0"\} 75000$/m, '2 x 15 s at 2500 B/s');
    assert.match(text, /^murmur_monitor_network_transmit_bytes_total\{interface="eth0"\} 37500$/m);
    assert.match(text, /^murmur_monitor_network_interface_info\{interface="eth0",alias="W\\"A\\\\N"\} 1$/m);
    assert.doesNotMatch(text, /_bytes_total\{[^}]*alias/, 'renaming an interface starts no new counter series');
    assert.doesNotMatch(text, /murmur_monitor_murmur_/, 'Murmur not running: no figure rather than 0');
    assert.doesNotMatch(text, /percent|kbps/, 'no pre-computed rates');
    assert.ok(text.endsWith('\n'));

    source.murmur = { cpu: 1, memMB: 2, cpuSeconds: 42.5 };
    perf.setOptions({ aliases: { eth0: 'uplink' } });
    clock.advance(24 * 3600_000); // a day later the counters go on from where they were
    await run(perf, source, 1, 2500, 12.5);
    const later = perf.metrics();
    await perf.stop();
    assert.match(later, /^murmur_monitor_network_receive_bytes_total\{interface="eth0"\} 112500$/m);
    assert.match(later, /^murmur_monitor_network_interface_info\{interface="eth0",alias="uplink"\} 1$/m);
    assert.match(later, /^murmur_monitor_murmur_cpu_seconds_total 42\.5$/m);
    assert.match(later, /^murmur_monitor_murmur_resident_memory_bytes 2097152$/m);
  });

  it('refuses bad intervals and never writes over a perf.json it did not load', async () => {
    const dataDir = await tempDir();
    const clock = new FakeClock(T0);
    assert.throws(() => monitor(dataDir, clock, { netIntervalSec: 0 }), /netIntervalSec must be a number of seconds from 0.1 to 3600, not 0/);
    const { perf } = monitor(dataDir, clock);
    assert.throws(() => perf.setOptions({ cpuIntervalSec: Number.NaN }), RangeError);
    await writeFile(join(dataDir, 'perf.json'), 'kept');
    await perf.stop();
    assert.equal(await readFile(join(dataDir, 'perf.json'), 'utf8'), 'kept');
  });

  it('applies aliases, interfaces and intervals without a restart', async () => {
    const clock = new FakeClock(T0);
    const { perf, source } = monitor(await tempDir(), clock);
    await perf.start();
    assert.deepEqual(perf.interfaces(), ['eth0']);
    perf.setOptions({ aliases: { lo: 'loopback' }, interfaces: ['lo'], cpuIntervalSec: 5, netIntervalSec: 5 });
    await run(perf, source, 1, 1000);
    assert.deepEqual(perf.interfaces(), ['lo']);
    assert.equal(source.calls.networkStats.at(-1), 'lo');
    assert.deepEqual(perf.series('30d').aliases, { lo: 'loopback' });
    assert.equal(perf.series('30d').interval, 3600);
    await perf.stop();
  });
});
