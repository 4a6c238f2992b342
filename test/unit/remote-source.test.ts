// The remote client against an agent in this process (the real Monitor and HTTP server, behind TLS made with
// openssl): the certificate pin and the token, joins exactly once through a cut connection and a restart of
// the agent, "unreachable since" while it is down, and the table's calls with the sources renamed.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { LeaveEvent, PresenceEvent } from '../../main/contract.js';
import { RemoteSource } from '../../main/core/remote/remote-source.js';
import { makeServerCertificate, type ServerCertificate } from '../support/server-certificate.js';
import { LocalAgent } from '../support/local-agent.js';
import { tempRoot, until } from './monitor-fixtures.js';

const TOKEN = 'remote-test-token-0123456789';
const root = tempRoot('mm-remote-');
let certificate: ServerCertificate;

function follow(agent: LocalAgent, overrides: { token?: string; fingerprint?: string } = {}) {
  const warnings: string[] = [];
  const remote = new RemoteSource(
    { name: agent.name, url: agent.url, token: overrides.token ?? TOKEN, fingerprint: overrides.fingerprint ?? certificate.fingerprint },
    { warn: (message) => warnings.push(message), retryMs: 50, maxRetryMs: 200 },
  );
  const joins: PresenceEvent[] = [];
  const leaves: LeaveEvent[] = [];
  remote.on('join', (event) => joins.push(event));
  remote.on('leave', (event) => leaves.push(event));
  remote.start();
  return { remote, joins, leaves, warnings };
}

const names = (events: PresenceEvent[]): string[] => events.map((event) => event.name);
const online = (remote: RemoteSource): string[] =>
  remote
    .snapshot()
    .servers.flatMap((server) => server.online.map((user) => user.name))
    .sort();

before(async () => {
  certificate = await makeServerCertificate(root);
});

after(() => rmSync(root, { recursive: true, force: true }));

test('a certificate that is not the pinned one, or a wrong token, never gets the token or the data', async () => {
  const agent = new LocalAgent(root, 'pinned', TOKEN, certificate);
  await agent.start();
  try {
    const wrongPin = follow(agent, { fingerprint: certificate.fingerprint.replace(/^../, certificate.fingerprint.startsWith('00') ? '11' : '00') });
    await until(() => wrongPin.remote.state.kind === 'unreachable', 5000, 'the wrong pin refused');
    await wrongPin.remote.stop();
    const state = wrongPin.remote.state;
    assert.match(state.kind === 'unreachable' ? state.reason : '', /is not the pinned one/);
    assert.equal(agent.front.bytesForwarded, 0, 'not one byte of a request went past the TLS handshake');
    const status = wrongPin.remote.snapshot().sources[0];
    assert.equal(status?.state, 'unreachable');
    assert.equal(status?.name, 'pinned');

    const wrongToken = follow(agent, { token: 'not-the-token' });
    await until(() => wrongToken.remote.state.kind === 'unreachable', 5000, 'the wrong token refused');
    await wrongToken.remote.stop();
    const refused = wrongToken.remote.state;
    assert.match(refused.kind === 'unreachable' ? refused.reason : '', /HTTP 401/);
    assert.throws(() => follow(agent, { fingerprint: 'AB:CD' }), /not a SHA-256/);
  } finally {
    await agent.close();
  }
});

test('joins arrive exactly once through a cut connection and a restart of the agent; none for history', async () => {
  const agent = new LocalAgent(root, 'vps', TOKEN, certificate);
  await agent.start();
  const { remote, joins, leaves } = follow(agent);
  try {
    await until(() => remote.state.kind === 'live', 5000, 'the stream live');
    const historyOnline = online(remote);
    assert.equal(joins.length, 0, 'nothing is announced for what the agent had read before');

    agent.join(901, 'anna');
    await until(() => joins.length === 1, 5000, 'anna');
    assert.deepEqual([joins[0]?.source, joins[0]?.server, joins[0]?.session], ['vps/main', 1, 901]);
    assert.ok(online(remote).includes('anna'));

    // A cut: the socket dies under the client; it resumes with Last-Event-ID and gets what it missed.
    assert.ok(agent.front.cut() > 0);
    agent.join(902, 'bert');
    agent.join(903, 'cleo');
    agent.monitor.wake();
    await until(() => joins.length === 3, 5000, 'bert and cleo after the cut');

    // A restart: the agent's replay buffer is gone, so the client hears a gap and compares snapshots.
    await agent.stop();
    await until(() => remote.state.kind === 'unreachable', 5000, 'the agent seen gone');
    const down = remote.snapshot();
    assert.equal(down.sources[0]?.state, 'unreachable');
    assert.ok(down.sources[0]?.unreachableSince, 'says since when');
    assert.deepEqual(online(remote), [], 'nobody is shown online on an agent that cannot be asked');
    agent.join(904, 'dora'); // while the agent is down: it reads this on start, as history
    agent.leave(901, 'anna');
    await agent.start();
    await until(() => joins.length === 4 && leaves.length === 1, 8000, 'dora and anna leaving, from the snapshots');
    assert.equal(remote.state.kind, 'live');
    assert.equal(leaves[0]?.name, 'anna');
    assert.equal(leaves[0]?.reason, 'quit');
    agent.join(905, 'emil');
    agent.monitor.wake();
    await until(() => joins.length === 5, 5000, 'emil after the restart');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(names(joins), ['anna', 'bert', 'cleo', 'dora', 'emil'], 'each join exactly once, in order');
    assert.deepEqual(
      online(remote),
      [...historyOnline, 'bert', 'cleo', 'dora', 'emil'].sort(),
      'the online list follows the agent',
    );
  } finally {
    await remote.stop();
    await agent.close();
  }
});

test("the table's calls go to the agent, with its sources renamed both ways", async () => {
  const agent = new LocalAgent(root, 'box', TOKEN, certificate);
  await agent.start();
  const { remote } = follow(agent);
  try {
    await until(() => remote.state.kind === 'live', 5000, 'the stream live');
    const mine = await remote.requests.getHistory({ source: 'box/main', days: 30 });
    const theirs = agent.monitor.history({ source: 'main', days: 30 });
    assert.equal(mine.sessions.length, theirs.sessions.length);
    assert.ok(mine.sessions.length > 0 && mine.sessions.every((session) => session.source === 'box/main'));
    assert.deepEqual(await remote.requests.getHistory({ source: 'elsewhere' }), { sessions: [], serverEvents: [], security: [], topUsers: [] });
    const someone = theirs.sessions[0]?.name ?? '';
    assert.ok((await remote.requests.findLastSeen(someone)).every((entry) => entry.source === 'box/main'));
    const csv = await remote.requests.exportCsv('days');
    const rows = agent.monitor.exportCsv('days').split('\r\n').slice(1, -1);
    assert.equal(csv, rows.map((row) => `box/${row}\r\n`).join(''), 'the rows, renamed, without the header');
    assert.equal(await remote.requests.getPerf('24h'), null, 'perf is off on this agent');
    assert.equal((await remote.requests.getSnapshot()).sources[0]?.agent, agent.url);
  } finally {
    await remote.stop();
    await agent.close();
  }
});
