// The tracker against a plain reference (test/support/reference-tracker.ts) on random logs: names typed
// to break the prefix (`(`, `)`, `:`, `<`, `>`, `)> `, a verb inside a name), CRLF endings, bytes that are
// not UTF-8, garbage, crashes and restarts, stopped servers, reused session ids (small ones and ones past
// 65535), kicks, moves, ghosts and day changes. The log goes through the same pipeline as a backfill
// (LineSplitter in chunks of random sizes, then feedBytes), so the splitter, the scanner and the tracker are
// all under test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionRecord } from '../../main/contract.js';
import { LineSplitter } from '../../main/core/source/line-splitter.js';
import { SourceTracker } from '../../main/core/murmur/tracker.js';
import { ReferenceTracker } from '../support/reference-tracker.js';

/** mulberry32: a small seeded generator, so a failing seed can be replayed. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'alice',
  'Alice',
  'bob',
  'a(b)',
  'x)> y',
  'c:d',
  '<e>',
  'f)> Authenticated',
  'g to h',
  'k:1(2)',
  'Zoë',
  '名前',
  'sp ace',
  'm)> Connection closed: z [1]',
  'n (o)',
  '(-1)',
  'ends(3)',
  'p(4)> q',
  'r(-1)> Authenticated',
  's(5)> Timeout',
];
const CHANNELS = ['Lobby', 'AFK', 'Raid 1', 'to the moon', 'x[1:0]', ''];

interface Person {
  name: string;
  userId: number;
}

function generateLog(seed: number): Buffer {
  const random = randomFrom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const crlf = chance(0.3);
  const pieces: Buffer[] = [];
  let day = Date.UTC(2026, 10, 1);
  let ms = 0;
  const open = new Map<string, Person & { server: number; session: number }>();
  const write = (text: string): void => {
    pieces.push(Buffer.from(`${text}${crlf && chance(0.9) ? '\r\n' : '\n'}`));
  };
  const stamp = (level = 'W'): string => {
    ms += Math.floor(random() * 90_000);
    if (ms >= 86_400_000 || chance(0.002)) {
      // A new day; now and then a quiet one (or several) in between.
      day += 86_400_000 * (chance(0.2) ? 1 + Math.floor(random() * 3) : 1);
      ms = Math.floor(random() * 3_600_000);
    }
    const date = new Date(day).toISOString().slice(0, 10);
    const clock = chance(0.003) ? '99:99:99.999' : new Date(day + ms).toISOString().slice(11, 23);
    return `<${level}>${date} ${clock} `;
  };
  const person = (): Person => ({ name: pick(NAMES), userId: chance(0.5) ? Math.floor(random() * 6) : -1 });
  // Mostly small ids, now and then ids on both sides of 65536, where the tracker stops keeping them in an array.
  const sessionId = (): number => (chance(0.1) ? 65_530 + Math.floor(random() * 12) : 1 + Math.floor(random() * 12));
  const user = (server: number, session: number, who: Person, message: string): void => {
    write(`${stamp()}${server} => <${session}:${who.name}(${who.userId})> ${message}`);
  };
  const someOpen = (): (Person & { server: number; session: number }) | undefined => (open.size === 0 ? undefined : pick([...open.values()]));
  const lines = 400 + Math.floor(random() * 600);
  for (let n = 0; n < lines; n += 1) {
    const server = 1 + Math.floor(random() * 2);
    const roll = random();
    if (roll < 0.2) {
      // A login, 1.3 style (connection, client version, then the name), sometimes on an id still open.
      const session = sessionId();
      const who = person();
      user(server, session, { name: '', userId: -1 }, `New connection: 203.0.113.${session}:5${session}000`);
      if (chance(0.5)) user(server, session, { name: '', userId: -1 }, 'Client version 1.3.4 (X11: 1.3.4)');
      user(server, session, who, 'Authenticated');
      open.set(`${server}:${session}`, { ...who, server, session });
    } else if (roll < 0.35) {
      const leaving = someOpen();
      if (leaving === undefined) continue;
      const reasons = ['The remote host closed the connection [1]', ' [-1]', 'Error during SSL handshake [13]', 'odd [x]', 'no code'];
      user(leaving.server, leaving.session, leaving, `Connection closed: ${pick(reasons)}`);
      open.delete(`${leaving.server}:${leaving.session}`);
    } else if (roll < 0.42) {
      const moving = someOpen();
      if (moving === undefined) continue;
      // By itself, or by someone else (then the target is written as name:session(id)).
      const actor = chance(0.6) ? moving : { ...person(), session: sessionId() };
      const registered = chance(0.3) ? { ...moving, userId: 7 } : moving;
      write(
        `${stamp()}${moving.server} => <${actor.session}:${actor.name}(${actor.userId})> Moved ${registered.name}:${moving.session}(${registered.userId}) ` +
          `to ${pick(CHANNELS)}[${Math.floor(random() * 9)}:${chance(0.2) ? -1 : 0}${chance(0.2) ? '*' : ''}]`,
      );
    } else if (roll < 0.47) {
      const target = someOpen();
      if (target === undefined) continue;
      const verb = chance(0.5) ? 'Kicked' : 'Kickbanned';
      user(target.server, sessionId(), person(), `${verb} ${target.name}:${target.session}(${target.userId}) (${pick(['spam', '', 'a (b)'])})`);
    } else if (roll < 0.51) {
      const target = someOpen();
      if (target !== undefined) user(target.server, target.session, target, 'Timeout');
    } else if (roll < 0.55) {
      // A ghost: the same user logs in again under a new id.
      const old = someOpen();
      if (old === undefined) continue;
      const session = sessionId();
      const again = chance(0.5) ? old : { name: old.name.toUpperCase(), userId: old.userId };
      user(old.server, session, again, 'Disconnecting ghost');
      user(old.server, session, again, 'Authenticated');
    } else if (roll < 0.62) {
      const who = someOpen() ?? { ...person(), server, session: sessionId() };
      const messages = [
        'Changed speak-state of x',
        'Frobnicated the flux',
        `${who.name} not allowed to speak in Lobby`,
        '',
        'Requested crypt-nonce resync',
        'Timeouts happen',
        'Authenticated twice',
        'Disconnecting ghosts',
        'Moved channel Lobby',
      ];
      user(who.server, who.session, chance(0.3) ? { ...who, userId: who.userId + 1 } : who, pick(messages));
    } else if (roll < 0.66) {
      write(`${stamp()}${server} => ${pick(['Server listening on 0.0.0.0:64738', 'Announcing server via bonjour', 'Ignoring connection: 1.2.3.4:5 (Server ban)', 'Stopped', ''])}`);
    } else if (roll < 0.69) {
      write(`${stamp()}${pick(['Murmur 1.3.4 (1.3.4-4) running on X11: Debian: Booting servers', 'Shutting down', 'Caught SIGTERM, exiting', 'Caught SIGHUP, will reopen'])}`);
      if (chance(0.5)) open.clear();
    } else if (roll < 0.7) {
      write(`${stamp('F')}${server} => <3:x(1)> Authenticated`);
      open.clear();
    } else if (roll < 0.74) {
      // Garbage: no header, a broken one, a prefix cut short, bytes that are not UTF-8.
      const garbage = [
        'not a log line',
        '<W>2026-13-99 aa:bb:cc.ddd 1 => <1:z(1)> Authenticated',
        `${stamp()}1 => <4:broken`,
        `${stamp()}1 => <:nobody(1)> Authenticated`,
        '',
      ];
      if (chance(0.3)) pieces.push(Buffer.concat([Buffer.from(`${stamp()}1 => <5:`), Buffer.from([0xff, 0xfe]), Buffer.from('(1)> Authenticated\n')]));
      else write(pick(garbage));
    } else {
      const who = someOpen() ?? { ...person(), server, session: sessionId() };
      user(who.server, who.session, who, pick(['Client version 1.5.634 (Linux: 1.5.634)', 'Rejected connection from 1.2.3.4:5: Wrong password', 'Rejected connection from nowhere']));
    }
  }
  if (chance(0.5)) pieces.push(Buffer.from(`${stamp()}1 => <2:last(1)> Authenticated`)); // no final newline
  return Buffer.concat(pieces);
}

function viaSplitter(log: Buffer, seed: number): { tracker: SourceTracker; sessions: SessionRecord[] } {
  const sessions: SessionRecord[] = [];
  const tracker = new SourceTracker('test', { onSession: (record) => sessions.push(record) });
  const random = randomFrom(seed ^ 0x5bd1e995);
  const splitter = new LineSplitter();
  for (let at = 0; at < log.length; ) {
    const size = 1 + Math.floor(random() * (random() < 0.5 ? 64 : 4096));
    splitter.feedSink(log.subarray(at, at + size), tracker);
    at += size;
  }
  splitter.feedSink(null, tracker);
  return { tracker, sessions };
}

test('the tracker agrees with the plain reference on 300 random hostile logs', () => {
  for (let seed = 1; seed <= 300; seed += 1) {
    const log = generateLog(seed);
    const expected = new ReferenceTracker().read(log);
    const { tracker, sessions } = viaSplitter(log, seed);
    const context = `seed ${seed}`;
    assert.equal(tracker.linesRead, expected.linesRead, `${context}: lines read`);
    assert.equal(tracker.unparsedLines, expected.unparsedLines, `${context}: unparsed lines`);
    assert.equal(tracker.lastTime, expected.lastTime, `${context}: last time`);
    assert.deepEqual(sessions, expected.sessions, `${context}: finished sessions`);
    assert.deepEqual(tracker.report(), expected.servers, `${context}: report`);
    for (const totals of tracker.totals()) {
      const ended: Record<string, number> = {};
      for (const session of expected.sessions) if (session.server === totals.server) ended[session.endReason] = (ended[session.endReason] ?? 0) + 1;
      assert.deepEqual(totals.ended, ended, `${context}: sessions ended by reason, server ${totals.server}`);
    }
    // Saved and restored: the state round-trips to the same report.
    const restored = new SourceTracker('test', {}, JSON.parse(JSON.stringify(tracker.toState())));
    assert.deepEqual(restored.report(), expected.servers, `${context}: report after a restore`);
  }
});

test('the generated logs take the paths they are meant to test', () => {
  const totals = { sessions: 0, reasons: new Set<string>(), hostileOnline: 0, unparsed: 0, days: 0 };
  for (let seed = 1; seed <= 300; seed += 1) {
    const result = new ReferenceTracker().read(generateLog(seed));
    totals.sessions += result.sessions.length;
    for (const session of result.sessions) totals.reasons.add(session.endReason);
    totals.unparsed += result.unparsedLines;
    for (const server of result.servers) {
      totals.days += server.days.length;
      totals.hostileOnline += server.online.filter((user) => /[():<>]/.test(user.name)).length;
    }
  }
  assert.ok(totals.sessions > 10_000, `${totals.sessions} sessions`);
  for (const reason of ['quit', 'disconnected', 'timeout', 'kicked', 'banned', 'ghost', 'server-stopped', 'server-restarted', 'server-crashed']) {
    assert.ok(totals.reasons.has(reason), `no session ended by ${reason}`);
  }
  assert.ok(totals.hostileOnline > 50, `${totals.hostileOnline} hostile names online at the end`);
  assert.ok(totals.unparsed > 300, `${totals.unparsed} unparsed lines`);
  assert.ok(totals.days > 1000, `${totals.days} day rows`);
});
