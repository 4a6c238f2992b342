// The one write path of the data folder: every store file is synced before its rename and its folder after
// (a power cut must not leave an empty or old store), written 0600 in a folder created 0700 (the files name
// people and their addresses), and a failed write is retried with one warning per change of state.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isStaleTempOf, removeStaleTemps, writeFileAtomic } from '../../main/core/atomic-file.js';
import { PerfStore } from '../../main/core/perf/perf-store.js';
import { MonitorStore, STORE_FILE } from '../../main/core/store/monitor-store.js';
import { emptyDocument } from '../../main/core/store/store-schema.js';
import { WriteRetry } from '../../main/core/store/write-retry.js';
import { tempRoot } from './monitor-fixtures.js';

const root = tempRoot('mm-durable-');
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = (): string => join(root, `d${++counter}`, 'data');
const mode = (path: string): number => statSync(path).mode & 0o777;

/**
 * Records the path of every file handle synced while `work` runs, from /proc/self/fd (Linux): whatever
 * module opened the handle, its sync goes through FileHandle.prototype.sync.
 */
async function syncedPaths(work: () => Promise<unknown>): Promise<string[]> {
  const probe = await open(join(root, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as { sync: (this: { fd: number }) => Promise<void> };
  await probe.close();
  const original = prototype.sync;
  const synced: string[] = [];
  prototype.sync = function (this: { fd: number }) {
    synced.push(readlinkSync(`/proc/self/fd/${this.fd}`));
    return original.call(this);
  };
  try {
    await work();
  } finally {
    prototype.sync = original;
  }
  return synced;
}

const linuxOnly = process.platform === 'linux' ? false : 'reads /proc/self/fd';

test('monitor.json and perf.json are synced before the rename, and their folder after it', { skip: linuxOnly }, async () => {
  const dataDir = freshDir();
  const store = new MonitorStore({ dataDir, warn: () => undefined });
  await store.load();
  const perf = new PerfStore({ dataDir, warn: () => undefined });
  await perf.load();
  const synced = await syncedPaths(async () => {
    store.schedule(() => emptyDocument());
    await store.flush();
    await perf.flush();
  });
  for (const file of [STORE_FILE, 'perf.json']) {
    const temp = synced.findIndex((path) => path.startsWith(join(dataDir, `${file}.`)) && path.endsWith('.tmp'));
    assert.ok(temp >= 0, `${file}'s temp file is synced (synced: ${synced.join(', ')})`);
    assert.equal(synced[temp + 1], dataDir, `then its folder, after the rename (synced: ${synced.join(', ')})`);
  }
});

test('the data folder is created 0700 and every file in it written 0600, whatever the umask', async () => {
  const dataDir = freshDir();
  const umask = process.umask(0o022);
  try {
    const store = new MonitorStore({ dataDir, warn: () => undefined });
    await store.load();
    store.schedule(() => emptyDocument());
    await store.flush();
    const perf = new PerfStore({ dataDir, warn: () => undefined });
    await perf.load();
    await perf.flush();
    await writeFileAtomic(join(dataDir, 'settings.json'), '{}\n');
  } finally {
    process.umask(umask);
  }
  assert.equal(mode(dataDir).toString(8), '700');
  for (const name of readdirSync(dataDir)) assert.equal(mode(join(dataDir, name)).toString(8), '600', name);
});

test('a write that fails leaves no temp file, and the old content stays whole', async () => {
  const dir = freshDir();
  mkdirSync(dir, { recursive: true });
  const target = join(dir, 'file.json');
  writeFileSync(target, 'old');
  mkdirSync(join(dir, 'blocker'));
  // Renaming a file over a folder fails (EISDIR) after the temp file was written and synced.
  await assert.rejects(writeFileAtomic(join(dir, 'blocker'), 'new'));
  assert.deepEqual(readdirSync(dir).sort(), ['blocker', 'file.json']);
});

test('temp files of a killed process are removed at start; a live process keeps its own', async () => {
  assert.equal(isStaleTempOf('monitor.json', 'monitor.json.4242-3.tmp', () => false), true);
  assert.equal(isStaleTempOf('monitor.json', 'monitor.json.4242-3.tmp', () => true), false);
  assert.equal(isStaleTempOf('monitor.json', 'monitor.json.corrupt-2026-11-27T13-11-15-961Z', () => false), false);
  assert.equal(isStaleTempOf('monitor.json', 'perf.json.4242-3.tmp', () => false), false);
  const dir = freshDir();
  mkdirSync(dir, { recursive: true });
  const mine = `${STORE_FILE}.${process.pid}-1.tmp`;
  writeFileSync(join(dir, mine), 'partial');
  writeFileSync(join(dir, `${STORE_FILE}.2147483646-1.tmp`), 'partial'); // no such process
  await removeStaleTemps(join(dir, STORE_FILE));
  assert.deepEqual(readdirSync(dir), [mine]);
});

test('retries wait longer each time, up to a minute; one warning per change of state', () => {
  const warnings: string[] = [];
  const retry = new WriteRetry('the store', '/d/monitor.json', (message) => warnings.push(message));
  const full = Object.assign(new Error('no space'), { code: 'ENOSPC' });
  const delays = Array.from({ length: 9 }, () => retry.failed(full));
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  retry.failed(Object.assign(new Error('read-only'), { code: 'EROFS' }));
  retry.succeeded();
  retry.succeeded();
  assert.equal(retry.failed(full), 1000, 'a new failure starts again from the shortest wait');
  assert.deepEqual(warnings, [
    'murmur-monitor: cannot write the store (/d/monitor.json): disk full; retrying',
    'murmur-monitor: cannot write the store (/d/monitor.json): the file system is read-only; retrying',
    'murmur-monitor: the store is written again (/d/monitor.json)',
    'murmur-monitor: cannot write the store (/d/monitor.json): disk full; retrying',
  ]);
});

test('a store whose folder disappears: one warning, the state kept and written once the folder is back; close says in one line when it cannot', async () => {
  const dataDir = freshDir();
  const warnings: string[] = [];
  const store = new MonitorStore({ dataDir, debounceMs: 60_000, warn: (message) => warnings.push(message) });
  await store.load();
  rmSync(dataDir, { recursive: true });
  for (let bytes = 1; bytes <= 3; bytes += 1) {
    store.schedule(() => ({ ...emptyDocument(), savedAt: String(bytes) }));
    await store.flush();
  }
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0] ?? '', /cannot write the store .*: its folder is gone; retrying/);
  assert.equal(await store.close(), false);
  assert.equal(warnings.length, 2);
  assert.match(warnings[1] ?? '', /stopped without writing the store .*its folder is gone.*the next start reads the logs again/);
  mkdirSync(dataDir);
  store.schedule(() => emptyDocument());
  assert.equal(await store.close(), true);
  assert.match(warnings[2] ?? '', /the store is written again/);
  assert.deepEqual(readdirSync(dataDir), [STORE_FILE]);
});
