import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import type { BackfillProgress, PresenceEvent } from '../../main/contract.js';
import { Monitor } from '../../main/core/monitor.js';
import { STORE_FILE } from '../../main/core/store/monitor-store.js';
import { joinLineAfter, reportOf, syntheticText, tempRoot, until, writeRotatedLog } from './monitor-fixtures.js';

const root = tempRoot('mm-monitor-');
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const fresh = (): string => join(root, `case${++counter}`);
const quiet = { warn: () => undefined, tail: { watch: false, pollIntervalMs: 50 }, storeDebounceMs: 20 };

async function openOn(path: string, dataDir: string, warnings: string[] = []): Promise<Monitor> {
  return Monitor.open({ ...quiet, sources: [{ name: 'a', path }], dataDir, warn: (message) => warnings.push(message) });
}

const servers = (monitor: Monitor) => monitor.snapshot().servers;

test('first start backfills rotations (.gz included) and the live file, with progress and no notifications', async () => {
  const log = writeRotatedLog(join(fresh(), 'logs'), syntheticText(12));
  const joins: PresenceEvent[] = [];
  const progress: BackfillProgress[] = [];
  const monitor = await Monitor.open({ ...quiet, sources: [{ name: 'a', path: log.path }], dataDir: join(log.dir, '..', 'data') });
  monitor.on('join', (event) => joins.push(event));
  monitor.on('leave', (event) => joins.push(event));
  monitor.on('progress', (event) => progress.push(event));
  await monitor.backfilled();
  assert.deepEqual(servers(monitor), reportOf('a', log.text));
  assert.equal(joins.length, 0, 'no join/leave for history');
  const last = progress.at(-1);
  assert.equal(last?.done, true);
  assert.equal(last?.bytesDone, last?.bytesTotal);
  const status = monitor.snapshot().sources[0];
  assert.equal(status?.state, 'following');
  assert.equal(status?.bytesRead, Buffer.byteLength(log.text));
  assert.ok(monitor.history({ days: 400 }).sessions.length > 100);
  await monitor.close();
});

test('a live join after the backfill is an event with the log line time', async () => {
  const log = writeRotatedLog(join(fresh(), 'logs'), syntheticText(3));
  const monitor = await openOn(log.path, join(log.dir, '..', 'data'));
  await monitor.backfilled();
  const joins: PresenceEvent[] = [];
  monitor.on('join', (event) => joins.push(event));
  const line = joinLineAfter(log.text, 901, '=HYPERLINK("x")');
  appendFileSync(log.path, line);
  monitor.wake();
  await until(() => joins.length === 1, 3000, 'the join');
  assert.equal(joins[0]?.name, '=HYPERLINK("x")');
  assert.equal(joins[0]?.session, 901);
  assert.equal(joins[0]?.at.replace('T', ' '), line.slice(3, 26));
  await monitor.close();
});

test('a live restart or crash line is emitted and tells the dashboard to refetch, once; ordinary lines do not', async () => {
  const log = writeRotatedLog(join(fresh(), 'logs'), syntheticText(3));
  const monitor = await openOn(log.path, join(log.dir, '..', 'data'));
  await monitor.backfilled();
  let changes = 0;
  monitor.on('changed', () => (changes += 1));
  const live: string[] = [];
  monitor.on('server-event', (event) => live.push(event.kind));
  const joinLine = joinLineAfter(log.text, 902, 'zed');
  appendFileSync(log.path, joinLine);
  monitor.wake();
  await until(() => servers(monitor).some((s) => s.online.some((u) => u.name === 'zed')), 3000, 'the join');
  assert.equal(changes, 0, 'a join on the same day is sent as a join, not as a change');
  const boot = joinLine.replace(/ 1 => <902:zed\(-1\)> Authenticated/, ' Murmur 1.3.4 (1.3.4-4) running on X11: Debian GNU/Linux 12 (bookworm): Booting servers');
  appendFileSync(log.path, boot);
  monitor.wake();
  await until(() => changes > 0, 3000, 'the change');
  assert.equal(changes, 1, 'one change for the crash and boot events of one line');
  assert.deepEqual(
    monitor.history({ days: 400 }).serverEvents.slice(-2).map((e) => e.kind),
    ['crash', 'boot'],
  );
  assert.deepEqual(live, ['crash', 'boot'], 'emitted live, and none of the restarts read from history');
  assert.deepEqual(monitor.snapshot().sources[0]?.murmur, { state: 'running', since: boot.slice(3, 26).replace(' ', 'T') });
  assert.match(monitor.metrics(), /murmur_monitor_murmur_up\{source="a"\} 1/);
  appendFileSync(log.path, boot.replace(/ Murmur 1\.3\.4 .*/, ' Shutting down'));
  monitor.wake();
  await until(() => monitor.snapshot().sources[0]?.murmur?.state === 'stopped', 3000, 'the shutdown');
  assert.match(monitor.metrics(), /murmur_monitor_murmur_up\{source="a"\} 0/);
  await monitor.close();
});

test('a session across the night clocks go back lasts its real three hours, live and after a restart', async () => {
  const dir = fresh();
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const path = join(dir, 'logs', 'murmur.log');
  writeFileSync(
    path,
    [
      '<W>2026-10-25 01:00:00.000 Murmur 1.3.4 (1.3.4-4) running on X11: Debian GNU/Linux 12 (bookworm): Booting servers',
      '<W>2026-10-25 01:30:00.000 1 => <1:alice(-1)> Authenticated',
      '<W>2026-10-25 03:30:00.000 1 => <1:alice(-1)> Connection closed: The remote host closed the connection [1]',
      '',
    ].join('\n'),
  );
  const lengths = async (timezone: string): Promise<unknown> => {
    const monitor = await Monitor.open({ ...quiet, sources: [{ name: 'a', path, timezone }], dataDir: join(dir, `data-${timezone.replace('/', '-')}`) });
    await monitor.backfilled();
    const history = monitor.history({ days: 400 });
    await monitor.close();
    return { session: history.sessions.map((s) => [s.end, s.durationSeconds]), user: history.topUsers.map((u) => u.secondsOnline) };
  };
  // Berlin turns 03:00 back to 02:00 that night: 01:30 to 03:30 on the wall is three hours.
  const berlin = { session: [['2026-10-25T03:30:00.000', 3 * 3600]], user: [3 * 3600] };
  assert.deepEqual(await lengths('Europe/Berlin'), berlin);
  assert.deepEqual(await lengths('Europe/Berlin'), berlin, 'the same once read back from the store');
  assert.deepEqual(await lengths('UTC'), { session: [['2026-10-25T03:30:00.000', 2 * 3600]], user: [2 * 3600] });
});

test('restart: nothing counted twice; lines written while stopped, and a rotation meanwhile, are read', async () => {
  const dir = fresh();
  const full = syntheticText(15, 11);
  const third = full.indexOf('\n', Math.floor(full.length * 0.6)) + 1;
  const log = writeRotatedLog(join(dir, 'logs'), full.slice(0, third));
  const dataDir = join(dir, 'data');
  const first = await openOn(log.path, dataDir);
  await first.backfilled();
  await first.close();
  const again = await openOn(log.path, dataDir);
  await again.backfilled();
  assert.deepEqual(servers(again), reportOf('a', log.text), 'a plain restart changes nothing');
  await again.close();
  // While stopped: the live file gets more lines, then is rotated away and a new one is started.
  const middle = full.indexOf('\n', Math.floor(full.length * 0.8)) + 1;
  appendFileSync(log.path, full.slice(third, middle));
  renameSync(`${log.path}.1`, `${log.path}.2`);
  rmSync(`${log.path}.2.gz`);
  renameSync(log.path, `${log.path}.1`);
  writeFileSync(log.path, full.slice(middle));
  const third_ = await openOn(log.path, dataDir);
  await third_.backfilled();
  assert.deepEqual(servers(third_), reportOf('a', full));
  await third_.close();
});

/**
 * Runs `work` with fsync a no-op. On a busy shared disk one synced write can outlast a whole backfill, and
 * the test below needs several committed states; which states are committed does not depend on the sync.
 */
async function withoutSync<T>(work: () => Promise<T>): Promise<T> {
  const probe = await open(join(root, 'probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
  await probe.close();
  const sync = prototype.sync;
  prototype.sync = () => Promise.resolve();
  try {
    return await work();
  } finally {
    prototype.sync = sync;
  }
}

test('a store saved at any moment of a backfill resumes to the same result (kill -9 at any instant)', () => withoutSync(async () => {
  const dir = fresh();
  const log = writeRotatedLog(join(dir, 'logs'), syntheticText(60, 5));
  const dataDir = join(dir, 'data');
  const snapshots: string[] = [];
  const monitor = await Monitor.open({ ...quiet, storeDebounceMs: 1, sources: [{ name: 'a', path: log.path }], dataDir });
  const copier = setInterval(() => {
    const file = join(dataDir, STORE_FILE);
    if (existsSync(file)) snapshots.push(readFileSync(file, 'utf8'));
  }, 2);
  await monitor.backfilled();
  clearInterval(copier);
  await monitor.close();
  const all = [...new Set(snapshots)];
  assert.ok(all.length >= 3, `only ${all.length} distinct committed states were seen`);
  // Six states spread over the backfill keep the test short; every one of them must resume exactly.
  const distinct = [0, 1, 2, 3, 4, 5].map((step) => all[Math.round((step * (all.length - 1)) / 5)] as string);
  const expected = reportOf('a', log.text);
  for (const [index, saved] of distinct.entries()) {
    const crashDir = join(dir, `crash${index}`);
    mkdirSync(crashDir);
    writeFileSync(join(crashDir, STORE_FILE), saved);
    const resumed = await openOn(log.path, crashDir);
    await resumed.backfilled();
    assert.deepEqual(servers(resumed), expected, `resumed from committed state ${index}`);
    await resumed.close();
  }
}));

test('a corrupt store is set aside and rebuilt from the logs', async () => {
  const dir = fresh();
  const log = writeRotatedLog(join(dir, 'logs'), syntheticText(4));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, STORE_FILE), '{"version":1,"sources":{"a":');
  const warnings: string[] = [];
  const monitor = await openOn(log.path, dataDir, warnings);
  await monitor.backfilled();
  assert.deepEqual(servers(monitor), reportOf('a', log.text));
  assert.ok(warnings.some((warning) => /rebuilding from the logs/.test(warning)));
  assert.equal(readdirSync(dataDir).filter((name) => name.includes('corrupt')).length, 1);
  await monitor.close();
});

/** A stored source, as far as the damages below reach into it. */
interface StoredParts {
  tracker: { servers: unknown[] };
  history: { names: string[] };
}

// Valid JSON with damaged fields: the first three were crashes or wrong figures before every field was checked.
for (const [damage, field, change] of [
  ['a tracker state with every server null', /sources\.a\.tracker\.servers\[0\]: expected an object, got null/, (source: StoredParts) => (source.tracker.servers = source.tracker.servers.map(() => null))],
  ['a tracker state with every server empty', /sources\.a\.tracker\.servers\[0\]\.server: expected a whole number/, (source: StoredParts) => (source.tracker.servers = source.tracker.servers.map(() => ({})))],
  ['a tracker state with an open session of text', /sources\.a\.tracker\.servers\[0\]\.open\[0\]\.session: expected a whole number .*, got "x"/, (source: StoredParts) => ((source.tracker.servers[0] as { open: unknown[] }).open = [{ session: 'x' }])],
  // Every row now points at a name that is not there.
  ['a history whose rows name no name', /sources\.a\.history\.sessions\.\d+\.[\d-]+\[0\]\[1\]: expected an index into names/, (source: StoredParts) => (source.history.names = [])],
] as const) {
  test(`a store with ${damage} is set aside, the field named, and rebuilt from the logs`, async () => {
    const dir = fresh();
    const log = writeRotatedLog(join(dir, 'logs'), syntheticText(4));
    const dataDir = join(dir, 'data');
    const first = await openOn(log.path, dataDir);
    await first.backfilled();
    await first.close();
    const file = join(dataDir, STORE_FILE);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { sources: { a: StoredParts } };
    change(stored.sources.a);
    writeFileSync(file, JSON.stringify(stored));
    const warnings: string[] = [];
    const again = await openOn(log.path, dataDir, warnings);
    await again.backfilled();
    assert.ok(warnings.some((warning) => field.test(warning) && /moved it to .*rebuilding from the logs/.test(warning)), warnings.join('\n'));
    assert.deepEqual(servers(again), reportOf('a', log.text));
    assert.ok(again.history({ days: 400 }).sessions.length > 0);
    await again.close();
  });
}

test('copy-truncate while running: the old copy is never read again after a restart', async () => {
  const dir = fresh();
  const full = syntheticText(6, 3);
  const half = full.indexOf('\n', Math.floor(full.length / 2)) + 1;
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const path = join(dir, 'logs', 'murmur.log');
  writeFileSync(path, full.slice(0, half));
  const dataDir = join(dir, 'data');
  const monitor = await openOn(path, dataDir);
  await monitor.backfilled();
  copyFileSync(path, `${path}.1`);
  writeFileSync(path, full.slice(half));
  monitor.wake();
  await until(() => monitor.snapshot().sources[0]?.bytesRead === Buffer.byteLength(full), 3000, 'the truncated file');
  assert.deepEqual(servers(monitor), reportOf('a', full));
  assert.ok(monitor.history({ days: 400 }).serverEvents.some((event) => event.kind === 'truncation'));
  await monitor.close();
  const again = await openOn(path, dataDir);
  await again.backfilled();
  assert.deepEqual(servers(again), reportOf('a', full));
  await again.close();
});

test('copytruncate + compress without delaycompress: lines written just before the copy are read, live and after a restart', async () => {
  const dir = fresh();
  const full = syntheticText(6, 5);
  const cut = (fraction: number): number => full.indexOf('\n', Math.floor(full.length * fraction)) + 1;
  const [read, copied, restarted] = [cut(0.4), cut(0.5), cut(0.6)];
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const path = join(dir, 'logs', 'murmur.log');
  writeFileSync(path, full.slice(0, read));
  const dataDir = join(dir, 'data');
  const monitor = await openOn(path, dataDir);
  await monitor.backfilled();
  // Lines the monitor has not read yet go into the copy; the copy becomes PATH.1.gz only after the
  // truncation was seen (PATH.1 never is), as when the compressed copy lands in logrotate's `olddir` late.
  appendFileSync(path, full.slice(read, copied));
  const copy = readFileSync(path);
  writeFileSync(path, '');
  monitor.wake();
  await until(() => monitor.history({ days: 400 }).serverEvents.some((event) => event.kind === 'truncation'), 3000, 'the truncation');
  writeFileSync(`${path}.1.gz`, gzipSync(copy));
  await monitor.close();
  appendFileSync(path, full.slice(copied, restarted));
  const again = await openOn(path, dataDir);
  await again.backfilled();
  assert.deepEqual(servers(again), reportOf('a', full.slice(0, restarted)), 'the copy read from where the first run stood');
  // While running: the copy is compressed at once, before the monitor looks again.
  appendFileSync(path, full.slice(restarted));
  writeFileSync(`${path}.1.gz`, gzipSync(readFileSync(path)));
  writeFileSync(path, '');
  again.wake();
  await until(() => again.snapshot().sources[0]?.bytesRead === Buffer.byteLength(full), 3000, 'the lines of the compressed copy');
  assert.deepEqual(servers(again), reportOf('a', full));
  await again.close();
  const third = await openOn(path, dataDir);
  await third.backfilled();
  assert.deepEqual(servers(third), reportOf('a', full), 'nothing read twice after another restart');
  assert.equal(third.snapshot().sources[0]?.bytesRead, Buffer.byteLength(full));
  await third.close();
});

test('one missing and one unreadable source do not stop the others', async () => {
  const dir = fresh();
  const log = writeRotatedLog(join(dir, 'logs'), syntheticText(2));
  mkdirSync(join(dir, 'adir'), { recursive: true });
  const monitor = await Monitor.open({
    ...quiet,
    dataDir: join(dir, 'data'),
    sources: [
      { name: 'good', path: log.path, capacity: 50, timezone: 'Asia/Kolkata' },
      { name: 'missing', path: join(dir, 'nowhere', 'murmur.log') },
      { name: 'broken', path: join(dir, 'adir') },
    ],
  });
  await monitor.backfilled();
  const states = Object.fromEntries(monitor.snapshot().sources.map((source) => [source.name, source]));
  assert.equal(states.good?.state, 'following');
  assert.equal(states.good?.capacity, 50);
  assert.equal(states.good?.timezone, 'Asia/Kolkata', 'the configured zone of its log');
  assert.equal(states.missing?.timezone, new Intl.DateTimeFormat().resolvedOptions().timeZone, 'no zone given: this machine\'s');
  assert.equal(states.missing?.state, 'waiting');
  assert.match(states.missing?.message ?? '', /waiting for/);
  assert.equal(states.broken?.state, 'error');
  assert.match(states.broken?.message ?? '', /directory/);
  assert.match(monitor.metrics(), /murmur_monitor_source_state\{source="missing",state="waiting"\} 1/);
  await monitor.close();
});

test('metrics: counters go on across a restart of the monitor and a new day; the last line time is read in the source zone', async () => {
  const dir = fresh();
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const path = join(dir, 'logs', 'murmur.log');
  const sources = [{ name: 'a', path, timezone: 'Europe/Berlin' }];
  writeFileSync(
    path,
    [
      '<W>2026-11-26 22:00:00.000 Murmur 1.3.4 (1.3.4-4) running on X11: Debian GNU/Linux 12 (bookworm): Booting servers',
      '<W>2026-11-26 22:30:00.000 1 => <1:alice(-1)> Authenticated',
      '<W>2026-11-26 23:30:00.000 1 => <1:alice(-1)> Connection closed: The remote host closed the connection [1]',
      '<W>2026-11-26 23:40:00.000 1 => <2:bob(-1)> Authenticated',
      '',
    ].join('\n'),
  );
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
  let monitor = await Monitor.open({ ...quiet, sources, dataDir: join(dir, 'data') });
  await monitor.backfilled();
  let text = monitor.metrics();
  assert.match(text, new RegExp(`^murmur_monitor_build_info\\{version="${version.replace(/\./g, '\\.')}"\\} 1$`, 'm'));
  assert.match(text, /^murmur_monitor_logins_total\{source="a",server="1"\} 2$/m);
  assert.match(text, /^murmur_monitor_sessions_ended_total\{source="a",server="1",reason="quit"\} 1$/m);
  assert.match(text, /^murmur_monitor_online_users\{source="a",server="1"\} 1$/m);
  assert.match(text, new RegExp(`^murmur_monitor_log_last_line_timestamp_seconds\\{source="a"\\} ${Date.UTC(2026, 10, 26, 22, 40) / 1000}$`, 'm'), 'CET is UTC+1');
  assert.doesNotMatch(text, /logins_today/);
  await monitor.close();

  appendFileSync(path, '<W>2026-11-27 00:10:00.000 1 => <2:bob(-1)> Connection closed: The remote host closed the connection [1]\n');
  appendFileSync(path, '<W>2026-11-27 00:20:00.000 1 => <3:carol(-1)> Authenticated\n');
  monitor = await Monitor.open({ ...quiet, sources, dataDir: join(dir, 'data') });
  await monitor.backfilled();
  text = monitor.metrics();
  assert.match(text, /^murmur_monitor_logins_total\{source="a",server="1"\} 3$/m, 'yesterday\'s logins still counted');
  assert.match(text, /^murmur_monitor_sessions_ended_total\{source="a",server="1",reason="quit"\} 2$/m);
  await monitor.close();
});
