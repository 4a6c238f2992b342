import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseLine, type ParsedLine } from '../../main/core/murmur/parser.js';
import { Random } from '../../main/core/synthetic/people.js';
import { line, serverLine, userLine } from '../fixtures/logs/build.js';

function parsed(text: string): ParsedLine {
  return parseLine(text);
}

function user(text: string): { session: number; name: string; userId: number; kind: string } {
  const result = parsed(text);
  assert.ok('session' in result, `not a user line: ${text} → ${JSON.stringify(result)}`);
  return result;
}

test('process lines: boot per version, shutdown markers, fatal, rotation, info', () => {
  assert.deepEqual(parsed('<W>2011-01-11 22:26:06.844 Murmur 1.2.2 (1.2.2-4) running on X11: Ubuntu 10.10: Booting servers'), {
    kind: 'boot',
    time: '2011-01-11T22:26:06.844',
    date: '2011-01-11',
    level: 'W',
    version: '1.2.2',
    detail: 'Murmur 1.2.2 (1.2.2-4) running on X11: Ubuntu 10.10: Booting servers',
  });
  const boot15 = parsed(line('10:00:00.123', 'Murmur 1.5.735 running on Linux: Debian GNU/Linux 13 (trixie) [x64]: Booting servers'));
  assert.equal(boot15.kind === 'boot' && boot15.version, '1.5.735');
  for (const text of ['Killing running servers', 'Shutting down']) assert.equal(parsed(line('10:00:00', text)).kind, 'shutdown');
  assert.equal(parsed(line('10:00:00', 'Caught SIGTERM, exiting', 'C')).kind, 'shutdown');
  const fatal = parsed(line('10:00:00', 'SQL Error [INSERT INTO `slog`]: disk I/O error', 'F'));
  assert.deepEqual(fatal, { kind: 'fatal', time: '2026-11-27T10:00:00.000', date: '2026-11-27', level: 'F', detail: 'SQL Error [INSERT INTO `slog`]: disk I/O error' });
  assert.equal(parsed(line('10:00:00', 'Caught SIGHUP, will reopen /var/log/mumble-server/mumble-server.log')).kind, 'rotation');
  assert.equal(parsed(line('10:00:00', 'Log rotated successfully')).kind, 'rotation');
  const info = parsed(line('10:00:00', "SSL: OpenSSL version is 'OpenSSL 1.1.1n  15 Mar 2022'", 'X'));
  assert.deepEqual(info, { kind: 'process-info', time: '2026-11-27T10:00:00.000', date: '2026-11-27', level: 'X', detail: "SSL: OpenSSL version is 'OpenSSL 1.1.1n  15 Mar 2022'" });
});

test('server lines: listening, stopped, bans, redacted SuperUser password', () => {
  assert.deepEqual(parsed('<W>2011-01-11 22:26:07.010 1 => Server listening on [::]:9988'), {
    kind: 'listening',
    time: '2011-01-11T22:26:07.010',
    date: '2011-01-11',
    level: 'W',
    server: 1,
    address: '[::]:9988',
  });
  assert.deepEqual(parsed(serverLine('10:00:00', 12, 'Stopped')), { kind: 'stopped', time: '2026-11-27T10:00:00.000', date: '2026-11-27', level: 'W', server: 12 });
  const global = parsed(serverLine('10:00:00', 1, 'Ignoring connection: 203.0.113.7:40000 (Global ban)'));
  assert.ok(global.kind === 'ban-ignored');
  assert.equal(global.address, '203.0.113.7:40000');
  assert.equal(global.reason, 'Global ban');
  const serverBan = parsed(serverLine('10:00:00', 1, 'Ignoring connection: [2001:db8::1]:5, Reason: spam, Username: Bob (x), Hash: abc (Server ban)'));
  assert.ok(serverBan.kind === 'ban-ignored');
  assert.equal(serverBan.address, '[2001:db8::1]:5');
  assert.equal(serverBan.reason, 'Server ban: spam');
  assert.equal(serverBan.name, 'Bob (x)');
  const password = parsed(serverLine('10:00:00', 1, "Password for 'SuperUser' set to 'Xy7secret'"));
  assert.ok(password.kind === 'server-info');
  assert.equal(password.detail, "Password for 'SuperUser' set to '[redacted]'");
  assert.ok(!JSON.stringify(password).includes('Xy7secret'));
  assert.equal(parsed(serverLine('10:00:00', 1, 'Ending voice thread')).kind, 'server-info');
});

test('session lines of Murmur 1.2/1.3 (real ids before auth) and 1.4+ (session 0)', () => {
  assert.deepEqual(parsed('<W>2016-04-11 11:16:19.352 1 => <155:(-1)> New connection: 192.168.205.57:3216'), {
    kind: 'connection',
    time: '2016-04-11T11:16:19.352',
    date: '2016-04-11',
    level: 'W',
    server: 1,
    session: 155,
    name: '',
    userId: -1,
    address: '192.168.205.57:3216',
  });
  const version12 = parsed('<W>2016-04-11 11:16:19.555 1 => <155:(-1)> Client version 1.2.15 (Win: 1.2.15)');
  assert.ok(version12.kind === 'client-version');
  assert.deepEqual([version12.version, version12.os, version12.release], ['1.2.15', 'Win', '1.2.15']);
  const version15 = parsed(userLine('10:00:00', 1, 0, '', -1, 'Client version 1.5.634 (Linux Ubuntu 22.04.4 LTS: 1.5.634)'));
  assert.ok(version15.kind === 'client-version');
  assert.deepEqual([version15.session, version15.os, version15.release], [0, 'Linux Ubuntu 22.04.4 LTS', '1.5.634']);
  assert.deepEqual(user('<W>2023-05-01 04:52:34.350 1 => <99:LINUX_USER(17)> Authenticated'), {
    kind: 'authenticated',
    time: '2023-05-01T04:52:34.350',
    date: '2023-05-01',
    level: 'W',
    server: 1,
    session: 99,
    name: 'LINUX_USER',
    userId: 17,
  });
  assert.equal(user(userLine('10:00:00', 1, 155, 'ts590', 3, 'Disconnecting ghost')).kind, 'ghost');
  assert.equal(user(userLine('10:00:00', 1, 3, 'Bob', 5, 'Timeout')).kind, 'timeout');
  const connection15 = parsed('<W>2024-02-18 18:47:04.344 1 => <0:(-1)> New connection: ::ffff:191.268.168.24:48756');
  assert.ok(connection15.kind === 'connection');
  assert.equal(connection15.address, '::ffff:191.268.168.24:48756');
});

test('Connection closed: reason and code, empty reason, TLS errors', () => {
  const quit = parsed('<W>2026-02-15 11:59:05.229 1 => <150:fdadfHd(114)> Connection closed: The remote host closed the connection [1]');
  assert.ok(quit.kind === 'closed');
  assert.deepEqual([quit.reason, quit.code, quit.userId], ['The remote host closed the connection', 1, 114]);
  const empty = parsed(userLine('10:00:00', 1, 7, 'Bob', -1, 'Connection closed:  [-1]'));
  assert.ok(empty.kind === 'closed');
  assert.deepEqual([empty.reason, empty.code], ['', -1]);
  const handshake = parsed(
    '<W>2023-05-01 04:52:24.928 1 => <98:(-1)> Connection closed: Error during SSL handshake: error:1408F10B:SSL routines:ssl3_get_record:wrong version number [13]',
  );
  assert.ok(handshake.kind === 'closed');
  assert.equal(handshake.code, 13);
  assert.equal(handshake.reason, 'Error during SSL handshake: error:1408F10B:SSL routines:ssl3_get_record:wrong version number');
  const sslError = parsed(userLine('10:00:00', 1, 0, '', -1, 'SSL Error: The certificate is self-signed, and untrusted'));
  assert.ok(sslError.kind === 'ssl-error');
  assert.equal(sslError.reason, 'The certificate is self-signed, and untrusted');
  // Without its `[code]` the line cannot close anything; it stays a plain message.
  assert.equal(parsed(userLine('10:00:00', 1, 7, 'Bob', -1, 'Connection closed: no code')).kind, 'user-info');
});

test('rejections, bans and banned certificates', () => {
  const rejected = parsed(userLine('10:00:00', 1, 4, 'Bob', -1, 'Rejected connection from [2001:db8::1]:51234: Invalid server password'));
  assert.ok(rejected.kind === 'rejected');
  assert.deepEqual([rejected.address, rejected.reason], ['[2001:db8::1]:51234', 'Invalid server password']);
  const old = parsed(userLine('10:00:00', 1, 4, 'Bob', -1, 'Rejected connection: Wrong password for user'));
  assert.ok(old.kind === 'rejected');
  assert.equal(old.address, undefined);
  assert.equal(old.reason, 'Wrong password for user');
  const ban = parsed(
    userLine(
      '10:00:00',
      1,
      1,
      'Admin',
      0,
      'New ban: Hash: "", Host: "203.0.113.7", Mask: "32", Username: "Bob", Reason: "spam, again", BanStart: "2026-11-27 10:00:00", BanEnd: "2026-11-28 10:00:00" (temporary)',
    ),
  );
  assert.ok(ban.kind === 'ban-added');
  assert.deepEqual([ban.address, ban.bannedName, ban.reason, ban.name], ['203.0.113.7', 'Bob', 'spam, again', 'Admin']);
  assert.equal(parsed(userLine('10:00:00', 1, 1, 'Admin', 0, 'Removed ban: Hash: "", Host: "203.0.113.7"')).kind, 'ban-removed');
  const cert = parsed(userLine('10:00:00', 1, 0, '', -1, 'Certificate hash is banned: abc, Username: Bob, Reason: spam.'));
  assert.equal(cert.kind, 'cert-banned');
});

test('Moved and Kicked: target token and channel, even with " to " and brackets in names', () => {
  const self = parsed(userLine('10:00:00', 1, 3, 'Bob', 5, 'Moved Bob:3(5) to Lobby[2:0]'));
  assert.ok(self.kind === 'moved');
  assert.deepEqual([self.target, self.channel, self.channelId], [{ session: 3, name: 'Bob', userId: 5 }, 'Lobby', 2]);
  const byAdmin = parsed(userLine('10:00:00', 1, 1, 'Admin', 0, 'Moved evil:9(0) to Lobby:3(-1) to Back to work [x][12:3*]'));
  assert.ok(byAdmin.kind === 'moved');
  assert.deepEqual(byAdmin.target, { session: 3, name: 'evil:9(0) to Lobby', userId: -1 });
  assert.equal(byAdmin.channel, 'Back to work [x]');
  assert.equal(byAdmin.channelId, 12);
  const kicked = parsed(userLine('10:00:00', 1, 1, 'Admin', 0, 'Kicked kick:1(2) (me:4(-1) (go (away) now)'));
  assert.ok(kicked.kind === 'kicked');
  assert.deepEqual([kicked.target, kicked.reason, kicked.banned], [{ session: 4, name: 'kick:1(2) (me', userId: -1 }, 'go (away) now', false]);
  const banned = parsed(userLine('10:00:00', 1, 1, 'Admin', 0, 'Kickbanned Bob:3(5) ()'));
  assert.ok(banned.kind === 'kicked');
  assert.deepEqual([banned.target.session, banned.reason, banned.banned], [3, '', true]);
  assert.equal(parsed(userLine('10:00:00', 1, 1, 'Admin', 0, 'Moved channel Games[3:0] from Root[0:-1] to AFK[2:0]')).kind, 'user-info');
});

test('names are never trimmed or altered, whatever they contain', () => {
  const names = [
    'x(1)> y',
    'a => b',
    'c:d',
    '<b>bold</b>',
    '<img src=x onerror=alert(1)>',
    'carriage\rreturn',
    'headset 🎧',
    '<3:bob(5)> Authenticated',
    'x(1)> Connection closed: a [1]',
    ' padded ',
    'quote"s',
    '日本語',
    'nul\u0000byte',
    '(5)> ',
  ];
  for (const name of names) {
    const auth = user(userLine('10:00:00', 1, 7, name, 12, 'Authenticated'));
    assert.deepEqual([auth.kind, auth.session, auth.name, auth.userId], ['authenticated', 7, name, 12], name);
    const closed = user(userLine('10:00:00', 1, 7, name, -1, 'Connection closed: The remote host closed the connection [1]'));
    assert.deepEqual([closed.kind, closed.name, closed.userId], ['closed', name, -1], name);
    const moved = parsed(userLine('10:00:00', 1, 2, 'Admin', 0, `Moved ${name}:7(12) to AFK[2:0]`));
    assert.ok(moved.kind === 'moved', name);
    assert.deepEqual(moved.target, { session: 7, name, userId: 12 }, name);
  }
});

test('an unknown message is kept only when the prefix splits one way', () => {
  const plain = parsed(userLine('10:00:00', 1, 3, 'Bob', 5, 'Something new in 1.6'));
  assert.ok(plain.kind === 'user-info');
  assert.deepEqual([plain.name, plain.detail], ['Bob', 'Something new in 1.6']);
  assert.equal(parsed(userLine('10:00:00', 1, 3, 'x(1)> y', 5, 'Something new')).kind, 'unparsed');
  assert.equal(parsed(userLine('10:00:00', 1, 3, 'Bob', 5, 'Bob not allowed to Enter in Secret')).kind, 'user-info');
});

test('journald export, leading NUL bytes and CR are read; damaged lines are unparsed', () => {
  const journal = parsed('May 01 04:52:24 msk murmurd[146331]: <W>2023-05-01 04:52:24.928 1 => <98:(-1)> New connection: 109.105.249.191:55050');
  assert.ok(journal.kind === 'connection');
  assert.equal(journal.time, '2023-05-01T04:52:24.928');
  assert.equal(parsed(`\u0000\u0000${userLine('10:00:00', 1, 3, 'Bob', 5, 'Authenticated')}`).kind, 'authenticated');
  for (const bad of [
    '',
    'garbage',
    '<W>2026-11-27 10:00:00 1 => <3:Bob(5)> Authenticated',
    '<W>2026-11-27T10:00:00.000 1 => <3:Bob(5)> Authenticated',
    '<Q>2026-11-27 10:00:00.000 Shutting down',
    '<W>2026-11-27 10:00:00.000 1 => <x:Bob(5)> Authenticated',
    '<W>2026-11-27 10:00:00.000 1 => <3:Bob(x)> Authenticated',
    '<W>2026-11-27 10:00:00.000 1 => <3:Bob(5)>Authenticated',
    '<W>2026-11-27 10:00:00.000 1 => <3Bob(5)> Authenticated',
    '1 => <3:Bob(5)> Authenticated',
    '<W>2026-11-27 10:00:',
    // Right after a good line of that day (a line of the same day only compares the date's bytes):
    '<W>2026-11-2x 10:00:00.000 Shutting down',
    '<W>\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000 10:00:00.000 Shutting down',
    '<W>2026-11-27 10:0x:00.000 Shutting down',
  ]) {
    assert.equal(parsed(line('10:00:00', 'Shutting down')).kind, 'shutdown');
    assert.deepEqual(parsed(bad), { kind: 'unparsed' }, bad);
  }
});

test('never throws: mutated real lines and random bytes', () => {
  const real = readFileSync(new URL('../../../test/fixtures/real/murmur-1.5.log.1', import.meta.url), 'utf8').split('\n');
  const random = new Random(7);
  const alphabet = '<>():=[] 0123456789-WFabc\u0000\r🎧';
  for (let i = 0; i < 20_000; i += 1) {
    const base = random.pick(real);
    const chars = [...base];
    for (let edits = random.below(4); edits >= 0; edits -= 1) {
      const at = random.below(chars.length + 1);
      if (random.chance(0.5)) chars.splice(at, 1);
      else chars.splice(at, 0, random.pick([...alphabet]));
    }
    const result = parseLine(chars.join('').slice(0, random.below(300) + 1));
    assert.equal(typeof result.kind, 'string');
  }
});

test('every line of the real 1.3 and 1.5 logs parses', () => {
  for (const file of ['murmur-1.3.log.1', 'murmur-1.3.log', 'murmur-1.5.log.1', 'murmur-1.5.log']) {
    const lines = readFileSync(new URL(`../../../test/fixtures/real/${file}`, import.meta.url), 'utf8').split('\n').filter(Boolean);
    for (const text of lines) assert.notEqual(parseLine(text).kind, 'unparsed', `${file}: ${text}`);
  }
});
