import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Settings, SettingsState } from '../../main/contract.js';
import { DEFAULT_SETTINGS } from '../../main/core/settings/schema.js';
import { sourcesFromDiscovery, startupPlan } from '../../main/electron/first-run.js';
import { SettingsService } from '../../main/electron/settings-service.js';

function service(apply: (next: Settings, previous: Settings) => Promise<void> = async () => undefined) {
  const persisted: Settings[] = [];
  const changes: SettingsState[] = [];
  const warnings: string[] = [];
  const s = new SettingsService({
    initial: structuredClone(DEFAULT_SETTINGS),
    persist: async (settings) => void persisted.push(settings),
    apply,
    onChanged: (state) => changes.push(state),
    warn: (message) => warnings.push(message),
  });
  return { s, persisted, changes, warnings };
}

const withSource = { ...DEFAULT_SETTINGS, sources: [{ name: 'main', path: '/var/log/m.log' }] };

test('a valid save is persisted, applied with the previous settings, and announced', async () => {
  const applied: Array<[number, number]> = [];
  const { s, persisted, changes } = service(async (next, previous) => void applied.push([next.sources.length, previous.sources.length]));
  s.setFlags({ firstRun: true });
  const result = await s.save(withSource);
  assert.equal(result.ok, true);
  assert.deepEqual(persisted, [withSource]);
  assert.deepEqual(applied, [[1, 0]]);
  assert.equal(s.settings.sources[0]?.name, 'main');
  assert.equal(changes.at(-1)?.firstRun, false, 'a configured source ends the first run');
});

test('a save that stops the demo tells the window once, with the demo stopped', async () => {
  let running: SettingsService | undefined;
  const { s, changes } = service(async () => running?.setFlags({ demoRunning: false }));
  running = s;
  s.setFlags({ firstRun: true, demoRunning: true });
  s.setFlags({ demoRunning: true });
  assert.equal(changes.length, 1, 'setting a flag to what it is sends nothing');
  await s.save(withSource);
  assert.equal(changes.length, 2, 'one notice for the save, none of its own for the flag');
  assert.deepEqual([changes[1]?.demoRunning, changes[1]?.firstRun], [false, false]);
  s.setFlags({ demoRunning: true });
  assert.equal(changes.length, 3, 'outside a save a flag change is sent at once');
});

test('an invalid save changes nothing and returns the errors', async () => {
  const { s, persisted, changes } = service();
  const result = await s.save({ sources: [{ name: '', path: '' }] });
  assert.equal(result.ok, false);
  assert.equal(persisted.length, 0);
  assert.equal(changes.length, 0);
  assert.deepEqual(s.settings, DEFAULT_SETTINGS);
});

test('a failing apply is reported; the save stands', async () => {
  const { s, warnings } = service(async () => {
    throw new Error('cannot watch /var/log/m.log');
  });
  assert.equal((await s.save(withSource)).ok, true);
  assert.deepEqual(warnings, ['settings saved, but applying them failed: cannot watch /var/log/m.log']);
});

test('saves run one at a time, in order', async () => {
  const order: string[] = [];
  const { s } = service(async (next) => {
    order.push(`start ${next.retentionDays}`);
    await new Promise((resolve) => setTimeout(resolve, next.retentionDays === 10 ? 20 : 0));
    order.push(`end ${next.retentionDays}`);
  });
  await Promise.all([s.save({ retentionDays: 10 }), s.save({ retentionDays: 20 })]);
  assert.deepEqual(order, ['start 10', 'end 10', 'start 20', 'end 20']);
  assert.equal(s.settings.retentionDays, 20);
});

test('state is a copy: the renderer cannot change the live settings through it', () => {
  const { s } = service();
  s.state().settings.sources.push({ name: 'x', path: '/x' });
  assert.equal(s.settings.sources.length, 0);
});

test('first run: readable servers become sources with unique names, others are left out', () => {
  const found = [
    { iniPath: '/etc/mumble-server.ini', logPath: '/var/log/mumble-server/mumble-server.log', capacity: 100 },
    { iniPath: '/etc/murmur.ini', logPath: null, problem: 'syslog' },
    { iniPath: '/srv/a/mumble-server.ini', logPath: '/srv/a/mumble-server.log', capacity: 0 },
    { iniPath: '/srv/b/mumble-server.ini', logPath: '/srv/a/mumble-server.log' },
    { iniPath: 'C:\\Murmur\\murmur.ini', logPath: 'C:\\Murmur\\murmur.log', problem: 'denied' },
  ];
  assert.deepEqual(sourcesFromDiscovery(found), [
    { name: 'mumble-server', path: '/var/log/mumble-server/mumble-server.log', capacity: 100 },
    { name: 'mumble-server-2', path: '/srv/a/mumble-server.log' },
  ]);
  assert.deepEqual(startupPlan(withSource.sources, found), { kind: 'configured' });
  assert.equal(startupPlan([], found).kind, 'discovered');
  assert.deepEqual(startupPlan([], found.slice(1, 2)), { kind: 'first-run', found: found.slice(1, 2) });
});
