import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { LeaveEvent, PresenceEvent, SecurityEventRecord, ServerEventRecord, SessionRecord } from '../../main/contract.js';
import { parseLine } from '../../main/core/murmur/parser.js';
import { generateSyntheticLog } from '../../main/core/synthetic/log.js';
import { LineSplitter } from '../../main/core/source/line-splitter.js';
import { SourceTracker, type TrackerListener } from '../../main/core/murmur/tracker.js';
import { BOOT_1_3, BOOT_1_5, line, logTime, serverLine, userLine } from '../fixtures/logs/build.js';

interface Recorded {
  joins: PresenceEvent[];
  leaves: LeaveEvent[];
  sessions: SessionRecord[];
  serverEvents: ServerEventRecord[];
  security: SecurityEventRecord[];
}

function recorder(): { listener: TrackerListener; seen: Recorded } {
  const seen: Recorded = { joins: [], leaves: [], sessions: [], serverEvents: [], security: [] };
  const listener: TrackerListener = {
    onJoin: (event) => seen.joins.push(event),
    onLeave: (event) => seen.leaves.push(event),
    onSession: (record) => seen.sessions.push(record),
    onServerEvent: (event) => seen.serverEvents.push(event),
    onSecurity: (event) => seen.security.push(event),
  };
  return { listener, seen };
}

function track(lines: string[]): { tracker: SourceTracker; seen: Recorded } {
  const { listener, seen } = recorder();
  const tracker = new SourceTracker('test', listener);
  for (const text of lines) tracker.feed(text);
  return { tracker, seen };
}

function online(tracker: SourceTracker, server = 1): string[] {
  return tracker.report().find((report) => report.server === server)?.online.map((user) => `${user.session}:${user.name}`) ?? [];
}

const join = (when: string, session: number, name: string, userId = -1, server = 1): string =>
  userLine(when, server, session, name, userId, 'Authenticated');
const quit = (when: string, session: number, name: string, userId = -1, server = 1): string =>
  userLine(when, server, session, name, userId, 'Connection closed: The remote host closed the connection [1]');

test('join and quit give a presence, a leave and a session record', () => {
  const { tracker, seen } = track([
    line('10:00:00', BOOT_1_3),
    serverLine('10:00:01', 1, 'Server listening on 0.0.0.0:64738'),
    userLine('10:01:00', 1, 3, '', -1, 'New connection: 203.0.113.7:5000'),
    join('10:01:01', 3, 'Bob', 5),
    userLine('10:01:02', 1, 3, 'Bob', 5, 'Client version 1.3.4 (X11: 1.3.4)'),
    userLine('10:01:03', 1, 3, 'Bob', 5, 'Moved Bob:3(5) to Lobby[2:0]'),
  ]);
  assert.deepEqual(tracker.report()[0]?.online, [
    { session: 3, name: 'Bob', userId: 5, since: logTime('10:01:01'), address: '203.0.113.7:5000', client: '1.3.4', channel: 'Lobby' },
  ]);
  assert.deepEqual(seen.joins, [{ source: 'test', server: 1, session: 3, name: 'Bob', userId: 5, at: logTime('10:01:01') }]);
  tracker.feed(quit('11:01:02', 3, 'Bob', 5));
  assert.deepEqual(online(tracker), []);
  assert.deepEqual(seen.leaves, [
    { source: 'test', server: 1, session: 3, name: 'Bob', userId: 5, at: logTime('11:01:02'), reason: 'quit', since: logTime('10:01:01'), durationSeconds: 3601 },
  ]);
  assert.deepEqual(seen.sessions, [
    {
      source: 'test',
      server: 1,
      session: 3,
      name: 'Bob',
      userId: 5,
      start: logTime('10:01:01'),
      end: logTime('11:01:02'),
      durationSeconds: 3601,
      endReason: 'quit',
      channel: 'Lobby',
    },
  ]);
  assert.deepEqual(
    seen.serverEvents.map((event) => [event.kind, event.server]),
    [
      ['boot', undefined],
      ['started', 1],
    ],
  );
});

test('a boot line with sessions open closes them as server-restarted and reports a crash', () => {
  const { tracker, seen } = track([
    line('10:00:00', BOOT_1_5),
    join('10:01:00', 1, 'alice'),
    join('10:01:00', 1, 'bob', -1, 2),
    line('10:05:00', BOOT_1_5),
    join('10:06:00', 1, 'carol'),
  ]);
  assert.deepEqual(online(tracker, 1), ['1:carol']);
  assert.deepEqual(online(tracker, 2), []);
  assert.deepEqual(
    seen.leaves.map((leave) => [leave.name, leave.reason, leave.at]),
    [
      ['alice', 'server-restarted', logTime('10:05:00')],
      ['bob', 'server-restarted', logTime('10:05:00')],
    ],
  );
  assert.deepEqual(
    seen.serverEvents.map((event) => event.kind),
    ['boot', 'crash', 'boot'],
  );
});

test('each shutdown marker closes every server; N => Stopped closes server N only; <F> is a crash', () => {
  for (const marker of [line('10:05:00', 'Killing running servers'), line('10:05:00', 'Shutting down'), line('10:05:00', 'Caught SIGTERM, exiting', 'C')]) {
    const { tracker, seen } = track([join('10:01:00', 1, 'alice'), join('10:01:00', 1, 'bob', -1, 2), marker]);
    assert.deepEqual([online(tracker, 1), online(tracker, 2)], [[], []], marker);
    assert.deepEqual(seen.leaves.map((leave) => leave.reason), ['server-stopped', 'server-stopped'], marker);
  }
  const stopped = track([join('10:01:00', 1, 'alice'), join('10:01:00', 1, 'bob', -1, 2), serverLine('10:05:00', 2, 'Stopped')]);
  assert.deepEqual([online(stopped.tracker, 1), online(stopped.tracker, 2)], [['1:alice'], []]);
  assert.deepEqual(stopped.seen.serverEvents.map((event) => [event.kind, event.server]), [['stopped', 2]]);
  const fatal = track([join('10:01:00', 1, 'alice'), line('10:05:00', 'SQL Error [x]: disk I/O error', 'F')]);
  assert.deepEqual(online(fatal.tracker), []);
  assert.deepEqual(fatal.seen.leaves.map((leave) => leave.reason), ['server-crashed']);
  assert.deepEqual(fatal.seen.serverEvents.map((event) => event.kind), ['crash']);
});

test('a graceful restart (as real 1.3 writes it) reports one shutdown and no crash', () => {
  const { seen } = track([
    line('10:00:00', BOOT_1_3),
    join('10:01:00', 1, 'alice'),
    line('10:05:00.001', 'Caught SIGTERM, exiting', 'C'),
    line('10:05:00.002', 'Killing running servers'),
    serverLine('10:05:00.003', 1, 'Stopped'),
    line('10:05:00.004', 'Shutting down'),
    line('10:05:01', BOOT_1_3),
  ]);
  assert.deepEqual(seen.serverEvents.map((event) => event.kind), ['boot', 'shutdown', 'stopped', 'boot']);
  assert.deepEqual(seen.leaves.map((leave) => [leave.name, leave.reason]), [['alice', 'server-stopped']]);
});

test('whether Murmur is up: unknown until the log says, stopped from the first shutdown line, running from each boot', () => {
  const steps: Array<[string, string, string | null]> = [
    [line('09:00:00', 'Murmur started logging'), 'unknown', null],
    [line('10:00:00', BOOT_1_3), 'running', '10:00:00'],
    [line('10:05:00.001', 'Caught SIGTERM, exiting', 'C'), 'stopped', '10:05:00.001'],
    [line('10:05:00.004', 'Shutting down'), 'stopped', '10:05:00.001'],
    [line('10:05:01', BOOT_1_3), 'running', '10:05:01'],
    [line('11:00:00', BOOT_1_3), 'running', '11:00:00'],
    [line('12:00:00', 'SQL Error [x]: disk I/O error', 'F'), 'stopped', '12:00:00'],
  ];
  const tracker = new SourceTracker('test');
  for (const [text, state, since] of steps) {
    tracker.feed(text);
    assert.deepEqual(tracker.murmur, { state, since: since === null ? null : logTime(since) }, text);
    // A tracker resumed from its saved state knows it too.
    assert.deepEqual(new SourceTracker('test', {}, JSON.parse(JSON.stringify(tracker.toState()))).murmur, tracker.murmur);
  }
});

test('with its log\'s time zone, a leave and its session record last the real time across a DST change', () => {
  const lines = [line('2026-10-25 01:30:00', BOOT_1_3), join('2026-10-25 01:30:00', 1, 'alice'), quit('2026-10-25 03:30:00', 1, 'alice')];
  for (const [timezone, seconds] of [['Europe/Berlin', 3 * 3600], ['UTC', 2 * 3600]] as const) {
    const { listener, seen } = recorder();
    const tracker = new SourceTracker('test', listener, undefined, { timezone });
    for (const text of lines) tracker.feed(text);
    assert.deepEqual([seen.leaves[0]?.durationSeconds, seen.sessions[0]?.durationSeconds], [seconds, seconds], timezone);
  }
});

test('ghosts: the older session of the same user ends as ghost, its late close line changes nothing', () => {
  const { tracker, seen } = track([
    join('10:00:00', 9, 'erin'),
    join('10:00:30', 4, 'Frank', 7),
    userLine('10:01:00', 1, 10, 'ERIN', -1, 'Disconnecting ghost'),
    userLine('10:01:00.100', 1, 9, 'erin', -1, 'Connection closed:  [-1]'),
    join('10:01:00.200', 10, 'ERIN'),
    // Registered users are matched by id even under another name.
    userLine('10:02:00', 1, 11, 'frank-laptop', 7, 'Disconnecting ghost'),
    join('10:02:00.100', 11, 'frank-laptop', 7),
  ]);
  assert.deepEqual(online(tracker), ['10:ERIN', '11:frank-laptop']);
  assert.deepEqual(seen.leaves.map((leave) => [leave.session, leave.reason]), [[9, 'ghost'], [4, 'ghost']]);
  assert.equal(tracker.report()[0]?.days[0]?.peakOnline, 2);
});

test('a reused session id closes the stale session it replaces', () => {
  const { tracker, seen } = track([join('10:00:00', 3, 'alice'), join('11:00:00', 3, 'bob')]);
  assert.deepEqual(online(tracker), ['3:bob']);
  assert.deepEqual(seen.leaves.map((leave) => [leave.name, leave.reason]), [['alice', 'disconnected']]);
  const early = track([join('10:00:00', 3, 'alice'), userLine('11:00:00', 1, 3, '', -1, 'New connection: 203.0.113.9:1')]);
  assert.deepEqual(online(early.tracker), []);
});

test('session ids of any size: past the array of small ids, a map keeps them; the state keeps the order of logins', () => {
  const large = 4_000_000_000;
  const { tracker } = track([join('10:00:00', large, 'carol'), join('10:01:00', 2, 'alice'), join('10:02:00', 70_000, 'bob'), quit('10:03:00', 2, 'alice')]);
  assert.deepEqual(online(tracker), [`${large}:carol`, '70000:bob']);
  assert.deepEqual(
    tracker.toState().servers[0]?.open.map((session) => session.session),
    [large, 70_000],
  );
  const resumed = new SourceTracker('test', {}, tracker.toState());
  resumed.feed(quit('10:04:00', large, 'carol'));
  assert.deepEqual(online(resumed), ['70000:bob']);
  // A damaged state with two sessions under one id keeps the later one, as a map would.
  const state = tracker.toState();
  const server = state.servers[0];
  assert.ok(server !== undefined && server.open[1] !== undefined);
  server.open.push({ ...server.open[1], name: 'dave' });
  const twice = new SourceTracker('test', {}, state);
  assert.deepEqual(online(twice), [`${large}:carol`, '70000:dave']);
  twice.feed(quit('10:05:00', 70_000, 'dave'));
  assert.deepEqual(online(twice), [`${large}:carol`]);
});

test('a close line for another name under an open id does not close it', () => {
  const { tracker } = track([join('10:00:00', 3, 'alice'), quit('10:01:00', 3, 'mallory')]);
  assert.deepEqual(online(tracker), ['3:alice']);
});

test('end reasons: kicked, banned, timeout, dropped', () => {
  const { seen } = track([
    join('10:00:00', 1, 'admin', 0),
    join('10:00:00', 2, 'k(1)> x'),
    join('10:00:00', 3, 'b'),
    join('10:00:00', 4, 't'),
    join('10:00:00', 5, 'd'),
    userLine('10:01:00', 1, 1, 'admin', 0, 'Kicked k(1)> x:2(-1) (bye)'),
    userLine('10:01:00', 1, 2, 'k(1)> x', -1, 'Connection closed:  [-1]'),
    userLine('10:01:00', 1, 1, 'admin', 0, 'Kickbanned b:3(-1) (spam)'),
    userLine('10:01:00', 1, 3, 'b', -1, 'Connection closed:  [-1]'),
    userLine('10:01:00', 1, 4, 't', -1, 'Timeout'),
    userLine('10:01:00', 1, 4, 't', -1, 'Connection closed:  [-1]'),
    userLine('10:01:00', 1, 5, 'd', -1, 'Connection closed: Error while reading: shutdown while in init [20]'),
  ]);
  assert.deepEqual(
    seen.leaves.map((leave) => [leave.name, leave.reason]),
    [
      ['k(1)> x', 'kicked'],
      ['b', 'banned'],
      ['t', 'timeout'],
      ['d', 'disconnected'],
    ],
  );
});

test('the newest user id a session shows wins (registered mid-session)', () => {
  const { tracker, seen } = track([
    join('10:00:00', 6, 'carol'),
    userLine('10:00:05', 1, 1, 'admin', 0, 'Moved carol:6(12) to AFK[2:0]'),
  ]);
  assert.deepEqual(tracker.report()[0]?.online.map((user) => [user.userId, user.channel]), [[12, 'AFK']]);
  tracker.feed(quit('10:10:00', 6, 'carol', 12));
  assert.equal(seen.sessions[0]?.userId, 12);
});

test('sessions over midnight and over 24 h count toward every day they span', () => {
  const { tracker, seen } = track([
    join('2026-11-26 23:00:00', 1, 'night'),
    join('2026-11-26 23:10:00', 2, 'idler'),
    quit('2026-11-27 01:00:00', 1, 'night'),
    join('2026-11-27 02:00:00', 3, 'Day'),
    join('2026-11-27 03:00:00', 4, 'day'),
    // Nothing is written on the 28th; the idler stays through it.
    quit('2026-11-29 09:00:00', 2, 'idler'),
  ]);
  assert.deepEqual(tracker.report()[0]?.days, [
    { date: '2026-11-26', logins: 2, uniqueUsers: 2, peakOnline: 2 },
    { date: '2026-11-27', logins: 2, uniqueUsers: 1, peakOnline: 3 },
    { date: '2026-11-28', logins: 0, uniqueUsers: 0, peakOnline: 3 },
    { date: '2026-11-29', logins: 0, uniqueUsers: 0, peakOnline: 3 },
  ]);
  const idler = seen.sessions.find((session) => session.name === 'idler');
  assert.equal(idler?.durationSeconds, 2 * 86400 + 9 * 3600 + 50 * 60);
});

test('unique users: registered by id, others by lower-cased name', () => {
  const { tracker } = track([join('10:00:00', 1, 'Alice', 4), join('10:00:01', 2, 'alice-phone', 4), join('10:00:02', 3, 'BOB'), join('10:00:03', 5, 'bob')]);
  assert.deepEqual(tracker.report()[0]?.days[0], { date: '2026-11-27', logins: 4, uniqueUsers: 2, peakOnline: 4 });
});

test('security events: rejections, bans, TLS failures; probes are not logins', () => {
  const { tracker, seen } = track([
    userLine('10:00:00', 1, 5, '', -1, 'New connection: 203.0.113.7:1'),
    userLine('10:00:01', 1, 5, 'mallory', -1, 'Rejected connection from 203.0.113.7:1: Invalid server password'),
    userLine('10:00:02', 1, 5, 'mallory', -1, 'Connection closed:  [-1]'),
    userLine('10:00:03', 1, 6, '', -1, 'New connection: 198.51.100.2:9'),
    userLine('10:00:04', 1, 6, '', -1, 'Connection closed: Error during SSL handshake: wrong version number [13]'),
    serverLine('10:00:05', 1, 'Ignoring connection: 203.0.113.8:2 (Global ban)'),
    userLine('10:00:06', 1, 0, '', -1, 'SSL Error: The certificate is self-signed, and untrusted'),
  ]);
  assert.deepEqual(
    seen.security.map((event) => [event.kind, event.name, event.address]),
    [
      ['rejected', 'mallory', '203.0.113.7:1'],
      ['tls-error', undefined, '198.51.100.2:9'],
      ['ban-ignored', undefined, '203.0.113.8:2'],
      ['tls-error', undefined, undefined],
    ],
  );
  assert.deepEqual(tracker.report()[0]?.days, [{ date: '2026-11-27', logins: 0, uniqueUsers: 0, peakOnline: 0 }]);
});

test('unparsed and empty lines: counted, or ignored', () => {
  const { tracker } = track(['garbage', '', join('10:00:00', 1, 'a')]);
  tracker.countUnparsed(2);
  assert.deepEqual([tracker.linesRead, tracker.unparsedLines], [4, 3]);
  // A fresh tracker has no day yet to compare a date with: NUL bytes in its place are no date.
  const nulDate = track([`<W>${'\u0000'.repeat(10)} 10:00:00.000 Shutting down`]).tracker;
  assert.deepEqual([nulDate.unparsedLines, nulDate.lastTime], [1, null]);
});

test('the real 1.3 and 1.5 logs give what their servers said', () => {
  for (const version of ['1.3', '1.5']) {
    const read = (file: string): string[] => readFileSync(new URL(`../../../test/fixtures/real/${file}`, import.meta.url), 'utf8').split('\n');
    const expected = JSON.parse(readFileSync(new URL(`../../../test/fixtures/real/murmur-${version}.expected.json`, import.meta.url), 'utf8')) as {
      logins: number;
      online: { session: number; name: string; userId: number }[];
    };
    const { tracker, seen } = track([...read(`murmur-${version}.log.1`), ...read(`murmur-${version}.log`)]);
    const [server] = tracker.report();
    assert.deepEqual(server?.online.map(({ session, name, userId }) => ({ session, name, userId })), expected.online, version);
    assert.equal(server?.days.reduce((sum, day) => sum + day.logins, 0), expected.logins, version);
    assert.equal(tracker.unparsedLines, 0, version);
    const reasons = new Set<string>(seen.leaves.map((leave) => leave.reason));
    for (const reason of ['quit', 'ghost', 'timeout', 'server-stopped', 'server-restarted']) assert.ok(reasons.has(reason), `${version}: ${reason}`);
  }
});

test('without connection details (report), the same sessions and days, only the address and client left out', () => {
  for (const style of ['1.3', '1.5'] as const) {
    const { text } = generateSyntheticLog({ seed: 4, days: 3, style, loginsPerDay: 60 });
    const full = new SourceTracker('s');
    const lean = new SourceTracker('s', {}, undefined, { connectionDetails: false });
    for (const text_ of text.split('\n')) {
      full.feed(text_);
      lean.feed(text_);
    }
    const withoutDetails = full.report().map((server) => ({
      ...server,
      online: server.online.map(({ address: _address, client: _client, ...user }) => user),
    }));
    // Murmur 1.4+ logs a connection under session 0, before it has an id: nothing to keep either way.
    const kept = full.report().some((server) => server.online.some((user) => user.address !== undefined && user.client !== undefined));
    assert.equal(kept, style === '1.3', `${style}: what the full tracker keeps`);
    assert.deepEqual(lean.report(), withoutDetails, style);
  }
});

test('the tracker agrees with what the synthetic log says it wrote (1.3 and 1.5, several seeds)', () => {
  for (const style of ['1.3', '1.5'] as const) {
    for (const seed of [1, 2, 3]) {
      const { text, expected } = generateSyntheticLog({ seed, days: 9, style, crlf: seed === 2 });
      const { tracker, seen } = track(text.split('\n').map((part) => part.replace(/\r$/, '')));
      const servers = tracker.report().map((report) => ({
        server: report.server,
        online: report.online.map(({ session, name, userId, since }) => ({ session, name, userId, since })),
        days: report.days,
      }));
      assert.deepEqual(servers, expected.servers, `${style} seed ${seed}`);
      assert.equal(tracker.unparsedLines, 0);
      const reasons = new Set<string>(seen.leaves.map((leave) => leave.reason));
      for (const reason of ['ghost', 'kicked', 'banned', 'timeout', 'server-stopped', 'server-restarted', 'server-crashed']) {
        assert.ok(reasons.has(reason), `${style} seed ${seed}: no ${reason}`);
      }
      assert.ok(seen.sessions.some((session) => session.durationSeconds > 86400), 'a session over 24 h');
    }
  }
});

test('toState() resumes exactly: same report and same events as one uninterrupted run', () => {
  const { text } = generateSyntheticLog({ seed: 11, days: 6, style: '1.3' });
  const lines = text.split('\n');
  const whole = track(lines);
  for (const cut of [1, 500, Math.floor(lines.length / 2), lines.length - 3]) {
    const first = recorder();
    const before = new SourceTracker('test', first.listener);
    for (const text of lines.slice(0, cut)) before.feed(text);
    const saved = JSON.parse(JSON.stringify(before.toState())) as ReturnType<SourceTracker['toState']>;
    const second = recorder();
    const after = new SourceTracker('test', second.listener, saved);
    for (const text of lines.slice(cut)) after.feed(text);
    assert.deepEqual(after.report(), whole.tracker.report(), `cut at ${cut}`);
    assert.deepEqual([...first.seen.sessions, ...second.seen.sessions], whole.seen.sessions, `cut at ${cut}`);
    assert.equal(after.linesRead, whole.tracker.linesRead);
  }
});

test('apply(parseLine(line)) and feed(line) agree line for line', () => {
  const { text } = generateSyntheticLog({ seed: 21, days: 5, style: '1.5' });
  const lines = text.split('\n');
  const fed = track(lines);
  const applied = recorder();
  const tracker = new SourceTracker('test', applied.listener);
  for (const text of lines) if (text !== '') tracker.apply(parseLine(text));
  assert.deepEqual(tracker.report(), fed.tracker.report());
  assert.deepEqual(applied.seen, fed.seen);
  assert.deepEqual(tracker.toState(), fed.tracker.toState());
});

test('a clock stepping back (DST) keeps counting into the current day', () => {
  const { tracker } = track([join('2026-10-26 00:30:00', 1, 'a'), join('2026-10-25 23:40:00', 2, 'b')]);
  assert.deepEqual(tracker.report()[0]?.days, [{ date: '2026-10-26', logins: 2, uniqueUsers: 2, peakOnline: 2 }]);
  assert.equal(tracker.lastTime, '2026-10-25T23:40:00.000');
});

test('the byte path (feedBytes over chunks of any size) and apply(parseLine) agree, hostile lines included', () => {
  const { text } = generateSyntheticLog({ seed: 31, days: 4, style: '1.3', crlf: true });
  const hostile = [
    join('2026-12-30 10:00:00', 7, 'a)> Authenticated'),
    join('2026-12-30 10:00:01', 8, 'Zoë 🎧 日本語 (x)'),
    userLine('2026-12-30 10:00:02', 1, 8, 'Zoë 🎧 日本語 (x)', 12, 'Moved Zoë 🎧 日本語 (x):8(12) to Lobby)> x[1:0]'),
    join('2026-12-30 10:00:03', 9, '<9:x(1)> Timeout'),
    `\u0000\u0000${join('2026-12-30 10:00:04', 10, 'nul')}`,
    userLine('2026-12-30 10:00:05', 1, 7, 'a)> Authenticated', -1, 'Connection closed: x)> y [1]'),
    'garbage',
  ];
  const badUtf8 = Buffer.concat([Buffer.from(join('2026-12-30 10:00:06', 11, 'bad ')), Buffer.from([0xff, 0xc3]), Buffer.from('\r\n')]);
  const bytes = Buffer.concat([Buffer.from(text), badUtf8, Buffer.from(`${hostile.join('\r\n')}\n`), badUtf8, Buffer.from(quit('2026-12-30 11:00:00', 9, '<9:x(1)> Timeout'))]);

  const applied = recorder();
  const expected = new SourceTracker('test', applied.listener);
  for (const raw of bytes.toString('latin1').split('\n')) {
    const line = Buffer.from(raw, 'latin1');
    if (!isUtf8(line)) expected.countUnparsed(1);
    else if (line.length > 0) expected.apply(parseLine(line.toString('utf8').replace(/\r$/, '')));
  }
  assert.equal(expected.unparsedLines, 3);
  const zoe = expected.report()[0]?.online.find((user) => user.session === 8);
  assert.deepEqual([zoe?.name, zoe?.userId, zoe?.channel], ['Zoë 🎧 日本語 (x)', 12, 'Lobby)> x']);
  assert.ok(!online(expected).includes('9:<9:x(1)> Timeout') && online(expected).includes('10:nul'));

  for (const size of [777, 1 << 16, bytes.length]) {
    const fed = recorder();
    const tracker = new SourceTracker('test', fed.listener);
    const splitter = new LineSplitter();
    const visit = tracker.feedBytes.bind(tracker);
    for (let at = 0; at < bytes.length; at += size) splitter.feedLines(bytes.subarray(at, at + size), visit);
    splitter.endLines(visit);
    tracker.countUnparsed(splitter.droppedLines);
    assert.deepEqual(tracker.report(), expected.report(), `chunk ${size}`);
    assert.deepEqual(tracker.toState(), expected.toState(), `chunk ${size}`);
    assert.deepEqual(fed.seen, applied.seen, `chunk ${size}`);
  }
});

test('totals since the history began: logins over days, ended sessions by reason, rejections; kept in the state', () => {
  const { tracker } = track([
    line('2026-11-26 09:00:00', BOOT_1_3),
    join('2026-11-26 10:00:00', 1, 'a'),
    userLine('2026-11-26 10:00:01', 1, 9, 'x', -1, 'Rejected connection from 203.0.113.7:1: Wrong certificate or password for existing user'),
    quit('2026-11-26 11:00:00', 1, 'a'),
    join('2026-11-27 10:00:00', 2, 'b'),
    join('2026-11-27 10:00:00', 3, 'c'),
    userLine('2026-11-27 10:01:00', 1, 3, 'c', -1, 'Timeout'),
    userLine('2026-11-27 10:01:00', 1, 3, 'c', -1, 'Connection closed:  [-1]'),
  ]);
  assert.deepEqual(tracker.totals(), [{ server: 1, logins: 3, ended: { quit: 1, timeout: 1 }, rejected: 1 }], 'no daily reset');
  const resumed = new SourceTracker('test', {}, JSON.parse(JSON.stringify(tracker.toState())));
  resumed.feed(line('2026-11-28 08:00:00', BOOT_1_3)); // a crash: b was still on
  resumed.feed(userLine('2026-11-28 08:00:05', 1, 4, 'y', -1, 'Rejected connection from 203.0.113.7:2: Server is full'));
  assert.deepEqual(resumed.totals(), [{ server: 1, logins: 3, ended: { quit: 1, timeout: 1, 'server-restarted': 1 }, rejected: 2 }]);
  const { totals: _new, ...older } = resumed.toState().servers[0]!;
  const upgraded = new SourceTracker('test', {}, { ...resumed.toState(), servers: [older] });
  assert.deepEqual(upgraded.totals(), [{ server: 1, logins: 3, ended: {}, rejected: 0 }], 'a state saved before totals were kept starts them at zero');
});
