import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, validateSettings } from '../../main/core/settings/schema.js';
import { errorTarget, fromDraft, suggestSourceName, toDraft } from '../../renderer/settings/draft.js';

const full = {
  ...structuredClone(DEFAULT_SETTINGS),
  sources: [
    { name: 'main', path: '/var/log/m.log', timezone: 'Europe/Berlin', capacity: 50 },
    { name: 'lan', path: '/srv/lan.log' },
  ],
  notifications: { joins: true, leaves: false, serverEvents: false, mutedSources: ['lan'], watchList: ['alice', 'bob'], quietHours: { start: '23:00', end: '06:30' } },
  perf: { cpuIntervalSeconds: 30, netIntervalSeconds: 10, aliases: { eth0: 'WAN', wlan0: 'Wi-Fi' } },
  retentionDays: 45,
  keepAddresses: false,
  startAtLogin: true,
};

test('a draft round-trips to the same settings, which validate', () => {
  const { value, errors } = fromDraft(toDraft(full));
  assert.deepEqual(errors, []);
  assert.deepEqual(value, full);
  assert.deepEqual(validateSettings(value), { ok: true, settings: full });
});

test('text fields are read leniently; wrong numbers reach the validator as NaN and are named', () => {
  const draft = toDraft(full);
  draft.watchList = '  carol \r\n\n dave ';
  draft.quietEnabled = false;
  draft.retentionDays = 'ninety';
  draft.sources[1] = { name: 'lan', path: '/srv/lan.log', timezone: ' ', capacity: '' };
  draft.sources.splice(0, 1);
  const { value } = fromDraft(draft);
  assert.deepEqual(value.notifications.watchList, ['carol', 'dave']);
  assert.equal(value.notifications.quietHours, null);
  assert.deepEqual(value.notifications.mutedSources, ['lan']);
  assert.deepEqual(value.sources, [{ name: 'lan', path: '/srv/lan.log' }]);
  const result = validateSettings(value);
  assert.equal(result.ok, false);
  if (!result.ok) assert.deepEqual(result.errors.map((e) => e.field), ['retentionDays']);
});

test('a muted source that was removed is dropped; bad alias lines are reported', () => {
  const draft = toDraft(full);
  draft.sources = draft.sources.filter((source) => source.name !== 'lan');
  draft.aliases = 'eth0=WAN\nbroken\n=x\nlo=';
  const { value, errors } = fromDraft(draft);
  assert.deepEqual(value.notifications.mutedSources, []);
  assert.deepEqual(value.perf.aliases, { eth0: 'WAN' });
  assert.deepEqual(errors.map((e) => e.message), [
    '"broken" should look like eth0=WAN',
    '"=x" should look like eth0=WAN',
    '"lo=" should look like eth0=WAN',
  ]);
});

test('errors find their field: exact, or the closest enclosing one', () => {
  const known = ['sources.0.name', 'sources.0.path', 'perf.aliases', 'notifications.quietHours', 'notifications.quietHours.start'];
  assert.equal(errorTarget('sources.0.path', known), 'sources.0.path');
  assert.equal(errorTarget('perf.aliases.eth0', known), 'perf.aliases');
  assert.equal(errorTarget('notifications.quietHours.start', known), 'notifications.quietHours.start');
  assert.equal(errorTarget('sources.10.path', known), null, 'sources.1 is not a prefix of sources.10');
  assert.equal(errorTarget('settings', known), null);
});

test('source names suggested from a log path are unique and valid', () => {
  assert.equal(suggestSourceName('/var/log/mumble-server/mumble-server.log', []), 'mumble-server');
  assert.equal(suggestSourceName('C:\\Murmur\\murmur.log', ['murmur']), 'murmur-2');
  assert.equal(suggestSourceName('/srv/my server (eu).log', []), 'my-server-eu');
  assert.equal(suggestSourceName('/', []), 'murmur');
  assert.equal(suggestSourceName('journal:mumble-server', []), 'mumble-server');
  assert.equal(suggestSourceName('docker:murmur', ['murmur']), 'murmur-2');
});
