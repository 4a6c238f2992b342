import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NotificationSettings, ServerEventKind, ServerEventRecord } from '../../main/contract.js';
import { DEFAULT_SETTINGS } from '../../main/core/settings/schema.js';
import { inQuietHours, onWatchList, pauseEnd, shouldNotify } from '../../main/core/notify/rules.js';
import { durationText, nameList, notificationContent } from '../../main/core/notify/text.js';
import { bodyForPlatform } from '../../main/electron/notification-body.js';
import type { NotificationContent } from '../../main/core/notify/text.js';
import { Notifier } from '../../main/core/notify/notifier.js';
import { FakeClock, join, leave } from '../electron/fakes.js';

const defaults = (): NotificationSettings => structuredClone(DEFAULT_SETTINGS.notifications);

test('quiet hours, also across midnight', () => {
  const night = { start: '22:00', end: '07:00' };
  assert.equal(inQuietHours(23 * 60, night), true);
  assert.equal(inQuietHours(6 * 60 + 59, night), true);
  assert.equal(inQuietHours(7 * 60, night), false);
  assert.equal(inQuietHours(12 * 60, night), false);
  const lunch = { start: '12:00', end: '13:30' };
  assert.equal(inQuietHours(12 * 60 + 45, lunch), true);
  assert.equal(inQuietHours(13 * 60 + 30, lunch), false);
  assert.equal(inQuietHours(600, { start: '10:00', end: '10:00' }), false);
  assert.equal(inQuietHours(600, null), false);
});

test('watch list matches whole names, case-insensitively; empty means everyone', () => {
  assert.equal(onWatchList('Alice', []), true);
  assert.equal(onWatchList('Alice', ['alice ']), true);
  assert.equal(onWatchList('Alice2', ['alice']), false);
});

test('shouldNotify applies each option', () => {
  const minute = 12 * 60;
  const base = defaults();
  assert.equal(shouldNotify({ kind: 'join', source: 'main', name: 'a' }, base, minute), true);
  assert.equal(shouldNotify({ kind: 'join', source: 'main', name: 'a' }, { ...base, joins: false }, minute), false);
  assert.equal(shouldNotify({ kind: 'leave', source: 'main', name: 'a' }, { ...base, joins: false }, minute), true);
  assert.equal(shouldNotify({ kind: 'leave', source: 'main', name: 'a' }, { ...base, leaves: false }, minute), false);
  assert.equal(shouldNotify({ kind: 'join', source: 'main', name: 'a' }, { ...base, mutedSources: ['main'] }, minute), false);
  assert.equal(shouldNotify({ kind: 'join', source: 'lan', name: 'a' }, { ...base, mutedSources: ['main'] }, minute), true);
  assert.equal(shouldNotify({ kind: 'join', source: 'main', name: 'a' }, { ...base, watchList: ['b'] }, minute), false);
  const quiet = { ...base, quietHours: { start: '11:00', end: '13:00' } };
  assert.equal(shouldNotify({ kind: 'join', source: 'main', name: 'a' }, quiet, minute), false);
});

test('pause ends an hour later or at the next local midnight', () => {
  const now = new Date(2026, 10, 27, 23, 30);
  assert.equal(pauseEnd('hour', now), now.getTime() + 3_600_000);
  assert.equal(pauseEnd('tomorrow', now), new Date(2026, 10, 28, 0, 0).getTime());
});

test('text for one join and one leave', () => {
  assert.deepEqual(notificationContent([{ kind: 'join', event: join('alice') }]), {
    title: 'alice joined',
    body: 'main #1',
    target: { source: 'main', server: 1 },
  });
  assert.deepEqual(notificationContent([{ kind: 'leave', event: leave('bob', 'timeout') }]), {
    title: 'bob left',
    body: 'main #1 · online 1 h 5 min · timed out',
    target: { source: 'main', server: 1 },
  });
  assert.equal(notificationContent([{ kind: 'leave', event: leave('bob') }]).body, 'main #1 · online 1 h 5 min');
});

test('text for a burst: counts in the title, names in the body, a common reason', () => {
  const restart = ['a', 'b', 'c'].map((name) => ({ kind: 'leave' as const, event: leave(name, 'server-restarted') }));
  const back = ['a', 'b'].map((name) => ({ kind: 'join' as const, event: join(name) }));
  assert.deepEqual(notificationContent([...restart, ...back]), {
    title: 'main #1: 2 joined, 3 left',
    body: 'Joined: a, b\nLeft: a, b, c (server restarted)',
    target: { source: 'main', server: 1 },
  });
  const spread = notificationContent([{ kind: 'join', event: join('a') }, { kind: 'join', event: join('b', 'lan', 2) }]);
  assert.equal(spread.title, '2 joined on 2 servers');
  assert.equal(spread.target, null);
  assert.throws(() => notificationContent([]), /at least one/);
});

test('long name lists are cut at whole names', () => {
  const names = Array.from({ length: 30 }, (_, i) => `player-number-${i}`);
  const text = nameList(names);
  assert.ok(text.length < 200, text);
  assert.match(text, /^player-number-0, .* and \d+ more$/);
  assert.equal(nameList(['x'.repeat(500)]), 'x'.repeat(500), 'a single name is never dropped');
});

test('a session length to the minute', () => {
  assert.equal(durationText(42 * 60 + 10), '42 min');
  assert.equal(durationText(2 * 3600), '2 h');
  assert.equal(durationText(3900), '1 h 5 min');
  assert.equal(durationText(0), '0 min');
});

test('Linux bodies escape markup; other platforms show text as is', () => {
  const body = '<img src=x onerror=alert(1)> & <b>';
  assert.equal(bodyForPlatform(body, 'linux'), '&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;');
  assert.equal(bodyForPlatform(body, 'win32'), body);
  assert.equal(bodyForPlatform(body, 'darwin'), body);
});

function notifier(settings = defaults()) {
  const clock = new FakeClock();
  const shown: NotificationContent[] = [];
  const pauses: Array<number | null> = [];
  const n = new Notifier({ clock, settings: () => settings, show: (c) => shown.push(c), onPauseChanged: (p) => pauses.push(p) });
  return { clock, shown, pauses, notifier: n };
}

test('a single join shows after the quiet window', () => {
  const { clock, shown, notifier: n } = notifier();
  n.join(join('alice'));
  clock.advance(1499);
  assert.equal(shown.length, 0);
  clock.advance(1);
  assert.deepEqual(shown.map((c) => c.title), ['alice joined']);
});

test('a restart burst (nine leaves in one tick, nine joins over seconds) is one notification per burst', () => {
  const { clock, shown, notifier: n } = notifier();
  const names = Array.from({ length: 9 }, (_, i) => `u${i}`);
  for (const name of names) n.leave(leave(name, 'server-restarted'));
  clock.advance(2000);
  for (const name of names) {
    n.join(join(name));
    clock.advance(400);
  }
  clock.advance(2000);
  assert.deepEqual(shown.map((c) => c.title), ['main #1: 9 left', 'main #1: 9 joined']);
});

function serverEvent(kind: ServerEventKind, detail = '', source = 'main', server?: number): ServerEventRecord {
  return { source, at: '2026-11-27T13:00:00.000', kind, detail, ...(server === undefined ? {} : { server }) };
}

test('a crash with people online is one notification: what happened, its reason, who was disconnected', () => {
  const { clock, shown, notifier: n } = notifier();
  // The order the tracker reports a crash in: the open sessions close, then the crash and the boot.
  for (const name of ['u1', 'u2', 'u3']) n.leave(leave(name, 'server-restarted'));
  n.serverEvent(serverEvent('crash', 'restarted without a clean shutdown; 3 session(s) were open'));
  n.serverEvent(serverEvent('boot', 'Murmur 1.3.4 running: Booting servers'));
  n.serverEvent(serverEvent('started', 'listening on 0.0.0.0:64738', 'main', 1));
  n.serverEvent(serverEvent('rotation', 'Log rotated successfully'));
  clock.advance(2000);
  assert.deepEqual(shown, [
    {
      title: 'Murmur crashed and restarted (main)',
      body: 'restarted without a clean shutdown; 3 session(s) were open\nDisconnected: u1, u2, u3',
      target: { source: 'main', server: 1 },
    },
  ]);
});

test('each way Murmur goes down or comes up has its own words; rotations alone never notify', () => {
  const cases: Array<[ServerEventRecord[], string]> = [
    [[serverEvent('shutdown'), serverEvent('boot')], 'Murmur restarted (main)'],
    [[serverEvent('shutdown')], 'Murmur shut down (main)'],
    [[serverEvent('crash', 'Fatal: database locked')], 'Murmur crashed (main)'],
    [[serverEvent('boot')], 'Murmur started (main)'],
    [[serverEvent('stopped', 'Stopped', 'main', 2)], 'Murmur stopped virtual server 2 (main)'],
    [[serverEvent('started', 'listening', 'main', 1), serverEvent('started', 'listening', 'main', 3)], 'Murmur started virtual servers 1, 3 (main)'],
    [[serverEvent('shutdown'), serverEvent('shutdown', '', 'lan')], 'Murmur shut down (main), and on 1 more'],
  ];
  for (const [events, title] of cases) {
    const { clock, shown, notifier: n } = notifier();
    for (const event of events) n.serverEvent(event);
    clock.advance(2000);
    assert.deepEqual(shown.map((c) => c.title), [title]);
  }
  const { clock, shown, notifier: n } = notifier();
  n.serverEvent(serverEvent('rotation'));
  n.serverEvent(serverEvent('truncation'));
  clock.advance(2000);
  assert.equal(shown.length, 0);
});

test('server events follow their switch, muted logs and quiet hours, but not the watch list', () => {
  const minute = 12 * 60;
  const base = defaults();
  const server = { kind: 'server', source: 'main' } as const;
  assert.equal(shouldNotify(server, base, minute), true);
  assert.equal(shouldNotify(server, { ...base, watchList: ['alice'] }, minute), true, 'a crash concerns everyone');
  assert.equal(shouldNotify(server, { ...base, serverEvents: false }, minute), false);
  assert.equal(shouldNotify(server, { ...base, mutedSources: ['main'] }, minute), false);
  assert.equal(shouldNotify(server, { ...base, quietHours: { start: '11:00', end: '13:00' } }, minute), false);
  assert.equal(shouldNotify({ kind: 'join', source: 'main', name: 'a' }, { ...base, serverEvents: false }, minute), true);
});

test('a steady stream is flushed after the maximum wait, not held forever', () => {
  const { clock, shown, notifier: n } = notifier();
  for (let i = 0; i < 20; i += 1) {
    n.join(join(`u${i}`));
    clock.advance(1000);
  }
  clock.advance(2000);
  // One event a second never leaves the 1.5 s quiet gap, so each burst closes 5 s after it began.
  assert.deepEqual(shown.map((c) => c.title), Array(4).fill('main #1: 5 joined'));
});

test('filtered events never show, and pause drops what arrives until it ends', () => {
  const settings = { ...defaults(), watchList: ['alice'] };
  const { clock, shown, pauses, notifier: n } = notifier(settings);
  n.join(join('bob'));
  clock.advance(5000);
  assert.equal(shown.length, 0);
  n.pause('hour');
  assert.equal(n.pausedUntil, clock.now() + 3_600_000);
  n.join(join('alice'));
  clock.advance(3_600_000);
  assert.equal(shown.length, 0);
  assert.equal(n.pausedUntil, null, 'the pause ends by itself');
  assert.deepEqual(pauses, [clock.now(), null]);
  n.join(join('Alice'));
  clock.advance(2000);
  assert.deepEqual(shown.map((c) => c.title), ['Alice joined']);
});

test('resume ends a pause at once; dispose cancels timers', () => {
  const { clock, shown, notifier: n } = notifier();
  n.pause('tomorrow');
  n.resume();
  assert.equal(n.pausedUntil, null);
  n.join(join('a'));
  n.dispose();
  assert.equal(clock.pending, 0);
  clock.advance(10_000);
  assert.equal(shown.length, 0);
});
