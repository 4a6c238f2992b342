// The app's merged view of its local monitor and its remote agents: answers put together from every part,
// a filter sent only to its owner, an agent that cannot answer left out, and the perf charts of the right
// machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExportKind, History, HistoryQuery, PerfSeries, SessionRecord } from '../../main/contract.js';
import { csvRows } from '../../main/core/monitor/csv.js';
import type { MonitorApi } from '../../main/core/monitor-types.js';
import { CombinedMonitor, type RemoteView } from '../../main/core/remote/combined-monitor.js';
import { snapshotWith } from '../electron/fakes.js';
import { FakeMonitor } from '../support/fake-monitor.js';

const HEADER = ['source', 'server', 'session', 'name', 'userId', 'start', 'end', 'durationSeconds', 'endReason', 'channel'];

function session(source: string, name: string, seconds: number): SessionRecord {
  return { source, server: 1, session: seconds, name, userId: -1, start: '2026-12-01T10:00:00.000', end: '2026-12-01T11:00:00.000', durationSeconds: seconds, endReason: 'quit' };
}

const series = (interval: number): PerfSeries => ({ interval, points: [], samples: [], latest: null, aliases: {} });

class Local extends FakeMonitor implements MonitorApi {
  queries: HistoryQuery[] = [];
  snapshot = () => snapshotWith({ 'home#1': ['alice'] });
  history = (query: HistoryQuery): History => (this.queries.push(query), { sessions: [session('home', 'alice', 600)], serverEvents: [], security: [], topUsers: [] });
  lastSeen = () => [{ name: 'alice', userId: -1, source: 'home', server: 1, lastSeen: '2026-12-01T11:00:00.000', online: true }];
  perf = () => series(300);
  exportCsv = (kind: ExportKind) => csvRows(HEADER, kind === 'sessions' ? [['home', 1, 1, 'alice', -1, 'a', 'b', 600, 'quit', undefined]] : []);
  metrics = () => '';
}

function remote(name: string, answers: boolean): RemoteView & { asked: HistoryQuery[] } {
  const fail = async (): Promise<never> => {
    throw new Error(`${name}: unreachable`);
  };
  const asked: HistoryQuery[] = [];
  const fake = new FakeMonitor();
  return {
    asked,
    on: fake.on.bind(fake),
    snapshot: () => snapshotWith({ [`${name}/main#1`]: ['zoe'] }),
    requests: {
      getSnapshot: fail,
      getHistory: answers
        ? async (query) => {
            asked.push(query);
            return { sessions: [session(`${name}/main`, 'zoe', 900), session(`${name}/main`, 'alice', 100)], serverEvents: [], security: [], topUsers: [] };
          }
        : fail,
      findLastSeen: answers ? async () => [{ name: 'alice', userId: -1, source: `${name}/main`, server: 1, lastSeen: '2026-12-01T12:00:00.000', online: false }] : fail,
      getPerf: answers ? async (range) => series(range === '24h' ? 301 : 3601) : fail,
      exportCsv: answers ? async () => `${name}/main,1,2,zoe,-1,a,b,900,quit,\r\n` : fail,
    },
  };
}

test('answers put together from the local monitor and the agents that answer', async () => {
  const warnings: string[] = [];
  const vps = remote('vps', true);
  const view = new CombinedMonitor({ local: new Local(), remotes: [vps, remote('down', false)], localSources: true, warn: (m) => warnings.push(m) });
  assert.deepEqual(view.snapshot().sources.map((s) => s.name), ['home', 'vps/main', 'down/main']);
  const history = await view.requests.getHistory({ days: 7 });
  assert.deepEqual(history.sessions.map((s) => `${s.source} ${s.name}`), ['home alice', 'vps/main zoe', 'vps/main alice']);
  // Top users over every part: alice's 600 s at home and 100 s on the vps are one person's 700 s.
  assert.deepEqual(history.topUsers.map((u) => [u.name, u.secondsOnline, u.sessions]), [['zoe', 900, 1], ['alice', 700, 2]]);
  assert.deepEqual((await view.requests.findLastSeen('alice')).map((e) => `${e.source} ${e.online}`), ['home true', 'vps/main false']);
  assert.equal(
    await view.requests.exportCsv('sessions'),
    `${HEADER.join(',')}\r\nhome,1,1,alice,-1,a,b,600,quit,\r\nvps/main,1,2,zoe,-1,a,b,900,quit,\r\n`,
    'one header, then every part',
  );
  assert.ok(warnings.length > 0 && warnings.every((w) => w.startsWith('down: unreachable')), 'an agent that cannot answer is left out, with a warning');
  assert.equal((await view.requests.getPerf('24h')).interval, 300, 'this machine, since it follows a local log');
});

test("a filter on one source goes to its owner only; without local logs the perf charts are the agent's machine", async () => {
  const local = new Local();
  const vps = remote('vps', true);
  const view = new CombinedMonitor({ local, remotes: [vps], localSources: false, warn: () => undefined });
  await view.requests.getHistory({ source: 'vps/main', days: 3 });
  assert.deepEqual(local.queries, [], 'the local monitor is not asked for a remote source');
  assert.deepEqual(vps.asked, [{ source: 'vps/main', days: 3 }]);
  assert.equal((await view.requests.getPerf('30d')).interval, 3601);
});
