import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { decodeHistory, encodeHistory, HistoryEncoder, type EncodedHistory } from '../../main/core/store/history-codec.js';
import type { HistoryData, SessionEntry } from '../../main/core/store/history-types.js';
import { requireLogTimeWall } from '../../main/log-time.js';
import { serializeWithRaw } from '../../main/core/store/raw-json.js';
import { applyRetention } from '../../main/core/store/retention.js';
import { Random } from '../../main/core/synthetic/people.js';

const stringifyWithRaw = (value: unknown): string => serializeWithRaw(value).toString();
const written = (history: HistoryData): EncodedHistory => JSON.parse(stringifyWithRaw(encodeHistory(history))) as EncodedHistory;

const session = (server: number, start: string, end: string, name: string, extra: Partial<SessionEntry> = {}): SessionEntry => ({
  server,
  session: 7,
  name,
  userId: -1,
  start,
  end,
  durationSeconds: Math.round((Date.parse(`${end}Z`) - Date.parse(`${start}Z`)) / 1000),
  endReason: 'quit',
  ...extra,
});

function sample(): HistoryData {
  return {
    sessions: [
      session(1, '2026-01-01T10:00:00.100', '2026-01-01T11:00:00.250', '=cmd|calc', { channel: 'Lobby', endReason: 'server-crashed' }),
      session(2, '2026-01-01T10:30:00.000', '2026-01-02T00:30:00.999', 'Zoë 🎧', { userId: 12, endReason: 'ghost' }),
      session(1, '2026-03-01T09:00:00.000', '2026-03-01T09:00:05.000', 'bob', { channel: 'Lobby' }),
    ],
    serverEvents: [{ server: 1, at: '2026-01-01T09:00:00.000', kind: 'boot', detail: 'Murmur 1.3.4' }],
    security: [{ server: 1, at: '2026-03-01T08:00:00.000', kind: 'rejected', address: '203.0.113.9', reason: 'Wrong certificate' }],
    users: [{ server: 1, name: 'bob', userId: -1, sessions: 4, secondsOnline: 3605, lastSeen: '2026-03-01T09:00:05.000' }],
  };
}

test('history survives encode + JSON + decode unchanged', () => {
  const original = sample();
  assert.deepEqual(decodeHistory(written(original)), original);
});

test('cached rows are reused, and a name cannot pose as a raw fragment', () => {
  const history = sample();
  history.sessions.push(session(1, '2026-03-01T10:00:00.000', '2026-03-01T10:00:01.000', 'raw:0123456789abcdef01234567:0'));
  const encoder = new HistoryEncoder();
  for (const entry of history.sessions) encoder.add(entry);
  const first = stringifyWithRaw(encoder.encode(history));
  assert.equal(stringifyWithRaw(encoder.encode(history)), first);
  assert.deepEqual(decodeHistory(JSON.parse(first) as EncodedHistory), history);
  const removed = history.sessions.shift() as SessionEntry;
  encoder.remove(removed);
  assert.deepEqual(decodeHistory(JSON.parse(stringifyWithRaw(encoder.encode(history))) as EncodedHistory), history);
});

test('the encoding is compact: names once, numbers per session', () => {
  const history = sample();
  for (let i = 0; i < 1000; i += 1) history.sessions.push(session(1, '2026-03-02T09:00:00.000', '2026-03-02T10:00:00.000', 'bob'));
  const bytes = stringifyWithRaw(encodeHistory(history)).length;
  assert.ok(bytes < 1000 * 30, `1000 sessions took ${bytes} bytes`);
});

test('a malformed encoded history throws (the store then sets the file aside)', () => {
  const encoded = written(sample());
  encoded.sessions = { '1': { '2026-01-01': [[1, 99, -1, 0, 0, 0]] } };
  assert.throws(() => decodeHistory(encoded), /bad table index/);
  encoded.sessions = { '1': { '2026-01-01': [[1, 0, -1, 0, 0, 42]] } };
  assert.throws(() => decodeHistory(encoded), /end reason/);
});

test('retention drops detail older than the window, keeps user totals, bounds event lists', () => {
  const history = sample();
  for (let i = 0; i < 30; i += 1) history.security.push({ server: 1, at: `2026-03-01T08:00:${String(i).padStart(2, '0')}.000`, kind: 'rejected', reason: 'x' });
  const dropped = applyRetention(history, { days: 30, maxEvents: 10 }, requireLogTimeWall('2026-03-01T09:00:05.000'));
  assert.equal(dropped.length, 2);
  assert.deepEqual(history.sessions.map((s) => s.name), ['bob']);
  assert.equal(history.serverEvents.length, 0, 'the January boot is older than the window');
  assert.equal(history.security.length, 10);
  assert.equal(history.security.at(-1)?.at, '2026-03-01T08:00:29.000', 'the newest events are kept');
  assert.equal(history.users[0]?.sessions, 4);
});

test('sessions come back in start order from days kept in the order they ended, across servers, ties by server', () => {
  // Rows are added as sessions end; long ones end after shorter ones that started later, and some start together.
  const random = new Random(7);
  const next = (limit: number): number => random.below(limit);
  const base = Date.parse('2026-02-27T00:00:00Z');
  const at = (ms: number): string => new Date(ms).toISOString().slice(0, 23);
  const sessions: SessionEntry[] = Array.from({ length: 2000 }, (_, index) => {
    const start = base + next(4 * 1440) * 60_000;
    return session(1 + next(3), at(start), at(start + next(600) * 60_000 + 1), `user${index}`);
  });
  const ended = [...sessions].sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  const history: HistoryData = { sessions: ended, serverEvents: [], security: [], users: [] };
  // What a stable sort by start gives when servers come in id order and each keeps its order of ending.
  const expected = [1, 2, 3]
    .flatMap((server) => ended.filter((entry) => entry.server === server))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const decoded = decodeHistory(written(history)).sessions;
  assert.equal(decoded.length, expected.length);
  // The first difference only: a diff of two thousand sessions takes the assertion minutes to print.
  const differs = decoded.findIndex((entry, index) => !isDeepStrictEqual(entry, expected[index]));
  assert.equal(differs, -1, `session ${differs}: ${JSON.stringify(decoded[differs])} where ${JSON.stringify(expected[differs])} belongs`);
  assert.ok(new Set(sessions.map((entry) => entry.start)).size < sessions.length, 'the sample has tied starts');
});
