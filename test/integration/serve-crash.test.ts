// `serve` as a child process: killed with SIGKILL during its backfill and again while lines are being
// appended, restarted on the same data folder each time; in the end it must say exactly what
// `murmur-monitor report --json` says about the same files. Fixture logs only (no real Murmur).
import assert from 'node:assert/strict';
import { appendFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Report, Snapshot } from '../../main/contract.js';
import { generateSyntheticLog } from '../../main/core/synthetic/log.js';
import { documentedReport, MonitorProcess } from '../support/monitor-process.js';
import { runMonitor } from '../support/run-monitor.js';
import { tempRoot, writeRotatedLog } from '../unit/monitor-fixtures.js';

const root = tempRoot('mm-crash-');
// A monitor still running when the tests end is SIGKILLed by the pid tracking of murmur-process.ts.
after(() => rmSync(root, { recursive: true, force: true }));

function serve(path: string, dataDir: string): Promise<MonitorProcess> {
  return MonitorProcess.start({ a: path }, dataDir, 15_000, ['--no-perf', '--poll-interval', '100']);
}

function settle(monitor: MonitorProcess, path: string): Promise<Snapshot> {
  const caughtUp = (snap: Snapshot) => snap.sources[0]?.state === 'following' && snap.sources[0].bytesRead >= statSync(path).size;
  return monitor.waitForSnapshot(caughtUp, `serve to catch up with ${path}`, 30_000);
}

test('SIGKILL during backfill and mid-stream, restart: nothing lost, nothing counted twice', async () => {
  const { text: full, expected } = generateSyntheticLog({ seed: 21, days: 90, style: '1.3', loginsPerDay: 60 });
  const split = full.indexOf('\n', Math.floor(full.length * 0.7)) + 1;
  const log = writeRotatedLog(join(root, 'logs'), full.slice(0, split));
  const dataDir = join(root, 'data');

  const first = await serve(log.path, dataDir);
  await new Promise((resolve) => setTimeout(resolve, 300)); // somewhere inside the backfill
  await first.stop('SIGKILL');

  const second = await serve(log.path, dataDir);
  await settle(second, log.path);
  const rest = full.slice(split).split(/(?<=\n)/);
  const killAt = Math.floor(rest.length / 2);
  let killed: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < rest.length; i += 1) {
    appendFileSync(log.path, rest[i] as string);
    if (i === killAt) killed = second.stop('SIGKILL'); // signalled at once; appending goes on
    if (i % 200 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await killed;

  const third = await serve(log.path, dataDir);
  const snap = await settle(third, log.path);
  // The generator's own ground truth first: a mismatch there is ours; a mismatch only with `report` is the report's.
  assert.deepEqual(documentedReport(snap).servers.map(({ server, online, days }) => ({ server, online, days })), expected.servers);
  const report = await runMonitor(['report', '--source', `a=${log.path}`, '--json']);
  assert.equal(report.code, 0, report.stderr);
  assert.deepEqual(documentedReport(snap), JSON.parse(report.stdout) as Report);
  assert.equal(await third.stop('SIGTERM'), 0, 'SIGTERM flushes and exits 0');
});
