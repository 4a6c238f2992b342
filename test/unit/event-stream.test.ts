// The event stream's ids, replay and gaps, over real HTTP with a monitor whose events the test fires.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { EventStream } from '../../main/server/event-stream.js';
import { FakeMonitor } from '../support/fake-monitor.js';
import { SseClient, type SseOpenOptions } from '../support/sse-client.js';

const REPLAY_LIMIT = 5;
const monitor = new FakeMonitor();
let stream: EventStream;
let server: Server;
let base: string;
const clients: SseClient[] = [];

before(async () => {
  stream = new EventStream(monitor, { replayLimit: REPLAY_LIMIT });
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x.invalid');
    stream.add(request, url, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`;
});

after(async () => {
  for (const client of clients) client.close();
  stream.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function connect(options: SseOpenOptions = {}, url = base): Promise<SseClient> {
  const client = await SseClient.open(url, options);
  clients.push(client);
  // The position line is the last thing written at connect: once it is in, the catch-up is too.
  await client.waitForId(stream.lastId);
  return client;
}

const join = (session: number) => ({ source: 'a', server: 1, session, name: `user${session}`, userId: -1, at: '2026-12-01 10:00:00.000' });
const sessionsOf = (client: SseClient, kind = 'join'): number[] => client.dataOf<{ session: number }>(kind).map((event) => event.session);

test('every event but progress carries an id of this run; a new client is told the position it starts from', async () => {
  const first = await connect();
  assert.match(first.lastEventId, /^[0-9a-f]{8}-0$/, 'before any event the position is S-0');
  const run = first.lastEventId.split('-')[0];
  monitor.fire('join', join(1));
  monitor.fire('progress', { done: 1, total: 2 });
  monitor.fire('leave', { ...join(1), reason: 'quit' });
  monitor.fire('server-event', { source: 'a', at: '2026-12-01 10:00:01.000', kind: 'crash', detail: '' });
  monitor.fire('changed');
  await first.waitForId(`${run}-4`);
  await first.waitFor('changed', () => true);
  assert.deepEqual(
    first.events.map((event) => [event.event, event.id]),
    [['join', `${run}-1`], ['progress', `${run}-1`], ['leave', `${run}-2`], ['server-event', `${run}-3`], ['changed', `${run}-4`]],
    'progress has no id of its own (not replayed): the last id stays in force',
  );
  const late = await connect();
  assert.equal(late.lastEventId, `${run}-4`);
  assert.equal(late.events.length, 0, 'no Last-Event-ID: nothing replayed');
});

test('a client reconnecting with Last-Event-ID gets exactly what it missed, then live events', async () => {
  const client = await connect();
  monitor.fire('join', join(10));
  await client.waitFor('join', (event: { session: number }) => event.session === 10);
  const resumeFrom = client.lastEventId;
  client.close();
  monitor.fire('join', join(11));
  monitor.fire('leave', { ...join(10), reason: 'quit' });
  monitor.fire('join', join(12));
  const back = await connect({ lastEventId: resumeFrom });
  assert.deepEqual(sessionsOf(back), [11, 12]);
  assert.deepEqual(sessionsOf(back, 'leave'), [10]);
  assert.equal(back.dataOf('gap').length, 0);
  monitor.fire('join', join(13));
  await back.waitFor('join', (event: { session: number }) => event.session === 13);
  assert.deepEqual(sessionsOf(back), [11, 12, 13], 'nothing twice');
  const again = await connect({}, `${base}?lastEventId=${encodeURIComponent(resumeFrom)}`);
  assert.deepEqual(sessionsOf(again), [11, 12, 13], 'the query parameter does the same for a first EventSource');
  const current = await connect({ lastEventId: stream.lastId });
  assert.equal(current.events.length, 0, 'up to date: no replay and no gap');
});

test('a gap beyond the replay buffer, an id of an earlier run, or a made-up id is announced as a gap', async () => {
  const client = await connect();
  const resumeFrom = client.lastEventId;
  client.close();
  for (let session = 100; session < 100 + REPLAY_LIMIT + 1; session += 1) monitor.fire('join', join(session));
  const overrun = await connect({ lastEventId: resumeFrom });
  assert.deepEqual(overrun.dataOf('gap'), [{ reason: 'overrun' }]);
  assert.equal(overrun.dataOf('join').length, 0, 'a partial replay would look complete: none at all');
  assert.equal(overrun.events[0]?.id, stream.lastId, 'the gap moves the client to the current position');

  const [run, seq] = stream.lastId.split('-');
  const edge = await connect({ lastEventId: `${run}-${Number(seq) - REPLAY_LIMIT}` });
  assert.equal(edge.dataOf('join').length, REPLAY_LIMIT, 'exactly the buffer: all of it, no gap');
  assert.equal(edge.dataOf('gap').length, 0);

  const restarted = await connect({ lastEventId: `${run === '00000000' ? '11111111' : '00000000'}-3` });
  assert.deepEqual(restarted.dataOf('gap'), [{ reason: 'restarted' }]);
  for (const bogus of ['nonsense', `${run}-${Number(seq) + 5}`, `${run}-1e3`]) {
    const client = await connect({ lastEventId: bogus });
    assert.deepEqual(client.dataOf('gap'), [{ reason: 'unknown' }], bogus);
  }
});
