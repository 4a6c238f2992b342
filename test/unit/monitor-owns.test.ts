// The Monitor owns the perf sampler and the demo, so `serve` and the app each wire one object: it starts
// them when asked, answers with their data, and stops them (and writes the perf history) on close.
import assert from 'node:assert/strict';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Monitor } from '../../main/core/monitor.js';
import { FakeClock, FakePerfSource } from '../support/perf-fake-source.js';
import { tempRoot } from './monitor-fixtures.js';

test('perf sampling and the demo started by the Monitor, and stopped and written by its close', async () => {
  const root = tempRoot('mm-owns-');
  try {
    const clock = new FakeClock(Date.UTC(2026, 11, 2, 12, 0, 0));
    const monitor = await Monitor.open({
      sources: [],
      dataDir: root,
      perf: { source: new FakePerfSource(clock), now: clock.now, cpuIntervalSec: 3600, netIntervalSec: 3600 },
      demo: join(root, 'demo'),
      warn: () => undefined,
    });
    const snapshot = monitor.snapshot();
    assert.deepEqual(snapshot.sources.map((source) => source.name), ['demo']);
    assert.ok(snapshot.perf !== null, 'perf series from the sampler it started');
    assert.equal(monitor.perf('30d')?.interval, 3600);
    const demoLog = join(root, 'demo', 'murmur-demo.log');
    assert.ok(statSync(demoLog).size > 0, 'the demo log was written');
    assert.deepEqual(await monitor.close(), { store: true, perf: true });
    assert.ok(existsSync(join(root, 'perf.json')), 'the perf history written on close');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('counters that cannot be read leave perf off with a warning; the monitor still opens', async () => {
  const root = tempRoot('mm-owns-');
  try {
    const broken = new (class extends FakePerfSource {
      override open(): void {
        throw new Error('no /proc/net/dev here');
      }
    })(new FakeClock(0));
    const warnings: string[] = [];
    const monitor = await Monitor.open({ sources: [], dataDir: root, perf: { source: broken }, warn: (message) => warnings.push(message) });
    assert.equal(monitor.snapshot().perf, null);
    assert.ok(warnings.some((warning) => /performance sampling is off: no \/proc\/net\/dev here/.test(warning)), warnings.join('\n'));
    assert.deepEqual(await monitor.close(), { store: true, perf: true });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
