// SourceHistory keeps detailed sessions sorted by start while they arrive in the order they end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionRecord } from '../../main/contract.js';
import { SourceHistory } from '../../main/core/monitor/source-history.js';
import { requireLogTimeWall, wallToLogTime } from '../../main/log-time.js';
import { Random } from '../../main/core/synthetic/people.js';
import { MAX_EVENTS } from '../../main/core/store/retention.js';

const BASE_MS = Date.parse('2026-11-01T00:00:00Z');

function record(id: number, startSeconds: number, lengthSeconds: number): SessionRecord {
  return {
    source: 'main',
    server: 1,
    session: id,
    name: `user${id}`,
    userId: -1,
    start: wallToLogTime(BASE_MS + startSeconds * 1000),
    end: wallToLogTime(BASE_MS + (startSeconds + lengthSeconds) * 1000),
    durationSeconds: lengthSeconds,
    endReason: 'quit',
  };
}

test('sessions arriving by end are kept by start, ties in arrival order, wherever each one belongs', () => {
  // Seeded: the same mix of short, long and tied sessions on every run.
  const random = new Random(2026);
  const next = (limit: number): number => random.below(limit);
  const records: SessionRecord[] = [];
  for (let id = 0; id < 3000; id += 1) {
    // Starts on whole minutes so ties happen; a few sessions last days and belong far from the end.
    const length = next(50) === 0 ? 3 * 86_400 + next(86_400) : next(3600);
    records.push(record(id, next(20_000) * 60, length));
  }
  records.push(record(3000, -60, 40 * 86_400)); // started first and ends last: it belongs at the very start
  const arrival = [...records].sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  const history = new SourceHistory();
  for (const session of arrival) history.addSession(session);

  // Array#sort is stable: equal starts keep their order of arrival.
  const expected = [...arrival].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)).map((session) => session.session);
  assert.deepEqual(
    history.data.sessions.map((session) => session.session),
    expected,
  );
  assert.equal(history.data.sessions[0]?.session, 3000);
  assert.ok(new Set(arrival.map((session) => session.start)).size < arrival.length, 'the sample has tied starts');
});

test('retention counts back from the newest time the history holds, an event as much as a session', () => {
  const history = new SourceHistory();
  assert.equal(history.prune({ days: 30, maxEvents: 100 }), 0, 'an empty history has nothing to drop');
  // One session a day for 100 days, each an hour long.
  for (let day = 0; day < 100; day += 1) history.addSession(record(day, day * 86_400, 3600));
  assert.equal(history.prune({ days: 90, maxEvents: 100 }), 9, 'sessions that ended over 90 days before the last one ended');
  // A server event ten days after the last session moves the window on.
  history.addServerEvent({ source: 'main', at: wallToLogTime(BASE_MS + 109 * 86_400_000), kind: 'boot', detail: 'Murmur 1.3.4' });
  assert.equal(history.prune({ days: 30, maxEvents: 100 }), 70);
  assert.deepEqual(
    history.data.sessions.map((session) => session.session),
    Array.from({ length: 21 }, (_, index) => 79 + index),
  );
});

test('security events between two prunes stay bounded, and a prune keeps the same newest ones as from the whole list', () => {
  const history = new SourceHistory();
  const count = 3 * MAX_EVENTS + 17;
  let longest = 0;
  for (let index = 0; index < count; index += 1) {
    history.addSecurity({ source: 'main', server: 1, at: wallToLogTime(BASE_MS + index * 1000), kind: 'rejected', reason: `attempt ${index}` });
    longest = Math.max(longest, history.data.security.length);
  }
  assert.ok(longest < 1.5 * MAX_EVENTS, `the list reached ${longest} events`);
  history.prune({ days: 90, maxEvents: MAX_EVENTS });
  assert.deepEqual(
    history.data.security.map((event) => event.reason),
    Array.from({ length: MAX_EVENTS }, (_, index) => `attempt ${count - MAX_EVENTS + index}`),
  );
});

test('sessions handed over with their start and end as walls (as the tracker does) come out in the same order', () => {
  const random = new Random(7);
  const next = (limit: number): number => random.below(limit);
  const records: SessionRecord[] = [];
  for (let id = 0; id < 5000; id += 1) {
    const length = next(40) === 0 ? 2 * 86_400 + next(86_400) : next(7200);
    records.push(record(id, next(30_000) * 60, length));
  }
  const arrival = [...records].sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  const byText = new SourceHistory();
  const byWall = new SourceHistory();
  for (const session of arrival) {
    byText.addSession(session);
    byWall.addSession(session, requireLogTimeWall(session.start), requireLogTimeWall(session.end));
    // Read now and then, as queries and store writes do: merges of every size.
    if (next(700) === 0) assert.equal(byWall.data.sessions.length, byText.data.sessions.length);
  }
  const order = (history: SourceHistory): number[] => history.data.sessions.map((session) => session.session);
  assert.deepEqual(order(byWall), order(byText));
  assert.ok(new Set(arrival.map((session) => session.start)).size < arrival.length, 'the sample has tied starts');
});
