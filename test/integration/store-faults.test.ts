// `serve` on a data folder that fails under it, on a real small file system (tmpfs): a full disk, then a
// folder made read-only while the monitor runs, then one its user may no longer write. Each time the monitor must warn once per change of
// state (not once per attempt), leave no partial temp file behind, stop on SIGTERM with one line and exit
// status 0 (the logs still hold what the last write would have saved), and lose nothing: a later start
// with room to write ends with the same figures as `report`.
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, chownSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Report, Snapshot } from '../../main/contract.js';
import { generateSyntheticLog } from '../../main/core/synthetic/log.js';
import { MonitorProcess } from '../support/monitor-process.js';
import { reportJson } from '../support/run-monitor.js';
import { Tmpfs } from '../support/tmpfs.js';
import { waitUntil } from '../support/wait-until.js';
import { tempRoot } from '../unit/monitor-fixtures.js';

const root = tempRoot('mm-faults-');
const mounts: Tmpfs[] = [];
after(() => {
  for (const mount of mounts) mount.unmount();
  rmSync(root, { recursive: true, force: true });
});

/** A data folder on a tmpfs of `size`, and a log holding `logText` beside it; or why there can be no tmpfs. */
function setUp(name: string, size: string, logText: string): { disk: Tmpfs; logPath: string; dataDir: string } | string {
  const disk = Tmpfs.mount(join(root, name), size);
  if (typeof disk === 'string') return disk;
  mounts.push(disk);
  mkdirSync(join(root, `${name}-log`));
  const logPath = join(root, `${name}-log`, 'murmur.log');
  appendFileSync(logPath, logText);
  return { disk, logPath, dataDir: join(disk.dir, 'data') };
}

/** Thirty days of a busy server: its store is about 300 KB, more than the 200 KB disk holds. */
const { text } = generateSyntheticLog({ seed: 31, days: 30, style: '1.3', loginsPerDay: 60 });
const split = text.indexOf('\n', Math.floor(text.length * 0.9)) + 1;

function serve(logPath: string, dataDir: string, user?: { uid: number; gid: number }): Promise<MonitorProcess> {
  return MonitorProcess.start({ a: logPath }, dataDir, 20_000, ['--no-perf', '--poll-interval', '100'], user);
}

async function caughtUp(monitor: MonitorProcess, logPath: string): Promise<Snapshot> {
  const done = (snap: Snapshot) => snap.sources[0]?.state === 'following' && snap.sources[0].bytesRead >= statSync(logPath).size;
  return monitor.waitForSnapshot(done, `serve to catch up with ${logPath}`, 30_000);
}

function servers(snap: Snapshot): Report['servers'] {
  return snap.servers.map(({ source, server, online, days }) => ({
    source,
    server,
    online: online.map(({ session, name, userId, since }) => ({ session, name, userId, since })),
    days,
  }));
}

/** Any line about a failed write of the store, however worded. */
const STORE_WARNING = /write .*monitor\.json/;

function storeWarning(monitor: MonitorProcess): Promise<true> {
  return waitUntil(() => (STORE_WARNING.test(monitor.printed) ? true : undefined), { timeoutMs: 10_000, what: 'a warning that the store cannot be written' });
}

const count = (output: string, pattern: RegExp): number => output.split('\n').filter((line) => pattern.test(line)).length;
const STACK_LINE = /^\s+at /m;
const tempFiles = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

describe('a data folder that fails under a running monitor', { timeout: 120_000 }, () => {
  test('disk full: one warning, no temp files left, SIGTERM exits 0 in one line; with room again the store is written and complete', async (t) => {
    const place = setUp('full', '200k', text);
    if (typeof place === 'string') {
      t.skip(place);
      return;
    }
    const { disk, logPath, dataDir } = place;

    const first = await serve(logPath, dataDir);
    await caughtUp(first, logPath);
    await storeWarning(first);
    await new Promise((resolve) => setTimeout(resolve, 3500)); // several retries' worth
    assert.equal(count(first.printed, STORE_WARNING), 1, `one warning for one state: ${first.printed}`);
    assert.match(first.printed, /cannot write the store .*: disk full; retrying/);
    assert.deepEqual(tempFiles(dataDir), [], 'a failed write leaves no partial temp file');
    assert.equal(await first.stop('SIGTERM'), 0, first.printed);
    assert.equal(count(first.printed, /stopped without writing the store .*disk full/), 1, first.printed);
    assert.doesNotMatch(first.printed, STACK_LINE);

    // A restart on the full disk adds no temp file either; then the disk grows and the store is written.
    const second = await serve(logPath, dataDir);
    await caughtUp(second, logPath);
    await waitUntil(() => (/disk full; retrying/.test(second.printed) ? true : undefined), { timeoutMs: 10_000, what: 'the disk-full warning' });
    assert.deepEqual(tempFiles(dataDir), []);
    disk.remount('size=16m');
    await waitUntil(() => (/the store is written again/.test(second.printed) ? true : undefined), {
      timeoutMs: 10_000,
      what: '"the store is written again" once the disk has room',
    });
    assert.equal(await second.stop('SIGTERM'), 0, second.printed);
    assert.doesNotMatch(second.printed, STACK_LINE);

    const third = await serve(logPath, dataDir);
    assert.deepEqual(servers(await caughtUp(third, logPath)), (await reportJson({ a: logPath })).servers);
    assert.equal(await third.stop('SIGTERM'), 0);
    assert.deepEqual(tempFiles(dataDir), []);
  });

  test('folder made read-only while running: one warning, SIGTERM exits 0 in one line; what came meanwhile is read again later', async (t) => {
    const place = setUp('ro', '16m', text.slice(0, split));
    if (typeof place === 'string') {
      t.skip(place);
      return;
    }
    const { disk, logPath, dataDir } = place;

    const first = await serve(logPath, dataDir);
    await caughtUp(first, logPath);
    const storePath = join(dataDir, 'monitor.json');
    await waitUntil(() => (readdirSync(dataDir).includes('monitor.json') && statSync(storePath).size > 0 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'the first store write',
    });
    disk.remount('ro');
    appendFileSync(logPath, text.slice(split));
    await caughtUp(first, logPath);
    await storeWarning(first);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    assert.equal(count(first.printed, STORE_WARNING), 1, first.printed);
    assert.match(first.printed, /cannot write the store .*: the file system is read-only; retrying/);
    assert.equal(await first.stop('SIGTERM'), 0, first.printed);
    assert.equal(count(first.printed, /stopped without writing the store .*read-only/), 1, first.printed);
    assert.doesNotMatch(first.printed, STACK_LINE);
    assert.doesNotMatch(first.printed, /EACCES|EROFS/);

    disk.remount('rw');
    const second = await serve(logPath, dataDir);
    assert.deepEqual(servers(await caughtUp(second, logPath)), (await reportJson({ a: logPath })).servers);
    assert.equal(await second.stop('SIGTERM'), 0);
  });

  test('folder its user may no longer write (chmod): one "permission denied" warning, SIGTERM exits 0 in one line, no EACCES', async (t) => {
    // Root writes whatever the mode says: the monitor runs as nobody, which owns the data folder.
    if (process.getuid?.() !== 0) {
      t.skip('needs root, to run the monitor as another user');
      return;
    }
    const nobody = { uid: 65534, gid: 65534 };
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'denied-log'));
    const logPath = join(root, 'denied-log', 'murmur.log');
    appendFileSync(logPath, text.slice(0, split));
    const dataDir = join(root, 'denied-data');
    mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, nobody.uid, nobody.gid);

    const first = await serve(logPath, dataDir, nobody);
    await caughtUp(first, logPath);
    await waitUntil(() => (readdirSync(dataDir).includes('monitor.json') ? true : undefined), { timeoutMs: 10_000, what: 'the first store write' });
    chmodSync(dataDir, 0o500);
    appendFileSync(logPath, text.slice(split));
    await caughtUp(first, logPath);
    await storeWarning(first);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    assert.equal(count(first.printed, STORE_WARNING), 1, first.printed);
    assert.match(first.printed, /cannot write the store .*: permission denied; retrying/);
    assert.equal(await first.stop('SIGTERM'), 0, first.printed);
    assert.equal(count(first.printed, /stopped without writing the store .*permission denied/), 1, first.printed);
    assert.doesNotMatch(first.printed, STACK_LINE);
    assert.doesNotMatch(first.printed, /EACCES/);

    chmodSync(dataDir, 0o700);
    const second = await serve(logPath, dataDir, nobody);
    assert.deepEqual(servers(await caughtUp(second, logPath)), (await reportJson({ a: logPath })).servers);
    assert.equal(await second.stop('SIGTERM'), 0);
  });
});
