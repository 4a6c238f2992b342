import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, validateSettings } from '../../main/core/settings/schema.js';
import { writeFileAtomic } from '../../main/core/atomic-file.js';
import { loadSettings, saveSettings } from '../../main/core/settings/store.js';

test('an empty document is the defaults', () => {
  assert.deepEqual(validateSettings({}), { ok: true, settings: DEFAULT_SETTINGS });
});

test('a full valid document round-trips, names and lists trimmed', () => {
  const input = {
    sources: [{ name: 'main', path: ' /var/log/mumble-server/mumble-server.log ', timezone: 'Europe/Berlin', capacity: 50 }],
    notifications: { joins: true, leaves: false, mutedSources: ['lan'], watchList: [' alice ', 'alice', ''], quietHours: { start: '22:00', end: '07:00' } },
    perf: { cpuIntervalSeconds: 30, netIntervalSeconds: 10, aliases: { eth0: 'WAN' } },
    retentionDays: 120,
    startAtLogin: true,
  };
  const result = validateSettings(input);
  assert.ok(result.ok);
  assert.equal(result.settings.sources[0]?.path, '/var/log/mumble-server/mumble-server.log');
  assert.deepEqual(result.settings.notifications.watchList, ['alice']);
  assert.deepEqual(result.settings.perf.aliases, { eth0: 'WAN' });
  assert.equal(result.settings.retentionDays, 120);
  assert.equal(result.settings.notifications.serverEvents, true, 'a settings file from before this option gets its default');
});

test('every bad field is reported with its path and a reason', () => {
  const result = validateSettings({
    sources: [
      { name: 'main', path: '/a' },
      { name: 'main', path: '' },
      { name: 'bad name!', path: '/c', timezone: 'Mars/Olympus', capacity: -1 },
    ],
    notifications: { joins: 'yes', serverEvents: 1, quietHours: { start: '25:00', end: '7' }, watchList: 'alice' },
    perf: { cpuIntervalSeconds: 0, aliases: { eth0: '' } },
    retentionDays: 1.5,
    keepAddresses: 'no',
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  const fields = result.errors.map((error) => error.field);
  assert.deepEqual(fields.sort(), [
    'keepAddresses',
    'notifications.joins',
    'notifications.quietHours.end',
    'notifications.quietHours.start',
    'notifications.serverEvents',
    'notifications.watchList',
    'perf.aliases.eth0',
    'perf.cpuIntervalSeconds',
    'retentionDays',
    'sources.1.name',
    'sources.1.path',
    'sources.2.capacity',
    'sources.2.name',
    'sources.2.timezone',
  ]);
  const byField = new Map(result.errors.map((error) => [error.field, error.message]));
  assert.equal(byField.get('sources.1.name'), '"main" is used by another log or remote');
  assert.match(byField.get('sources.2.timezone') ?? '', /Mars\/Olympus.*not a time zone/);
  assert.match(byField.get('perf.cpuIntervalSeconds') ?? '', /1 to 3600/);
});

test('a source is a file, journal:UNIT or docker:CONTAINER; a bad unit, container or kind is named', () => {
  const good = validateSettings({ sources: [{ name: 'a', path: 'journal:mumble-server' }, { name: 'b', path: 'docker:murmur_1' }, { name: 'c', path: 'C:\\Murmur\\murmur.log' }] });
  assert.equal(good.ok, true);
  const bad = validateSettings({ sources: [{ name: 'a', path: 'journal:' }, { name: 'b', path: 'journal:-x' }, { name: 'c', path: 'docker:a b' }, { name: 'd', path: 'syslog:murmur' }] });
  assert.equal(bad.ok, false);
  if (bad.ok) return;
  assert.deepEqual(
    bad.errors.map((error) => [error.field, error.message]),
    [
      ['sources.0.path', 'journal: needs the name of the systemd unit that runs Murmur, e.g. journal:mumble-server'],
      ['sources.1.path', '"-x" is not a systemd unit name (letters, digits and : _ . @ - \\)'],
      ['sources.2.path', 'docker: needs a container\'s name or id, e.g. docker:mumble-server (got "a b")'],
      ['sources.3.path', '"syslog:" is not a kind of source: give a log file\'s path, journal:UNIT or docker:CONTAINER'],
    ],
  );
});

test('a non-object is refused', () => {
  for (const value of [null, 3, 'x', []]) {
    const result = validateSettings(value);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.errors[0]?.field, 'settings');
  }
});

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mm-settings-'));
}

test('store: missing file gives defaults; save then load returns the document; no temp file left', async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, 'settings.json');
    assert.deepEqual(await loadSettings(file), { settings: DEFAULT_SETTINGS });
    const settings = { ...structuredClone(DEFAULT_SETTINGS), retentionDays: 30, startAtLogin: true };
    await saveSettings(file, settings);
    assert.deepEqual((await loadSettings(file)).settings, settings);
    assert.deepEqual(await readdir(dir), ['settings.json']);
    assert.ok((await readFile(file, 'utf8')).endsWith('}\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('store: a corrupt or invalid file is set aside with a warning, never lost', async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, 'settings.json');
    await writeFile(file, '{"sources": [ {');
    const now = () => new Date('2026-11-27T13:00:00.000Z');
    const corrupt = await loadSettings(file, { now });
    assert.deepEqual(corrupt.settings, DEFAULT_SETTINGS);
    assert.match(corrupt.warning ?? '', /not valid JSON/);
    assert.equal(corrupt.setAside, `${file}.invalid-2026-11-27T13-00-00-000Z`);
    assert.equal(await readFile(corrupt.setAside ?? '', 'utf8'), '{"sources": [ {');
    await writeFile(file, JSON.stringify({ retentionDays: 'forever' }));
    const invalid = await loadSettings(file, { now: () => new Date('2026-11-27T13:00:01.000Z') });
    assert.match(invalid.warning ?? '', /retentionDays: must be a whole number/);
    assert.deepEqual((await readdir(dir)).length, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('store: two atomic writes of one file at once leave one of them whole', async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, 'state.json');
    const long = JSON.stringify({ long: 'x'.repeat(5000) });
    const short = JSON.stringify({ short: 1 });
    for (let round = 0; round < 5; round += 1) {
      await Promise.all([writeFileAtomic(file, long), writeFileAtomic(file, short)]);
      assert.ok([long, short].includes(await readFile(file, 'utf8')), `round ${round}`);
    }
    assert.deepEqual(await readdir(dir), ['state.json'], 'no temp file left behind');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('store: a failed save leaves the previous file intact', async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, 'settings.json');
    await saveSettings(file, DEFAULT_SETTINGS);
    const before = await readFile(file, 'utf8');
    await assert.rejects(saveSettings(join(dir, 'missing-folder', 'settings.json'), DEFAULT_SETTINGS));
    assert.equal(await readFile(file, 'utf8'), before);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
