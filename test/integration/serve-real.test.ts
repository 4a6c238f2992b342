// `murmur-monitor serve` following the log of a real Murmur (1.3 and 1.5) while real clients come and go:
// joins and leaves arrive live over SSE, through a rotation by rename + SIGHUP, a copy-truncate, a graceful
// restart and a kill -9 of Murmur; then the monitor itself is SIGKILLed mid-stream and restarted on the same
// data folder, after which its snapshot must say what `report --json` says about the same log.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PresenceEvent, ServerReport, Snapshot } from '../../main/contract.js';
import { Attendance } from '../support/attendance.js';
import { readLogFrom } from '../support/log-file.js';
import { MonitorProcess } from '../support/monitor-process.js';
import type { MumbleTestClient } from '../support/mumble-client.js';
import { testEachMurmur } from '../support/murmur-test.js';
import { reportJson } from '../support/run-monitor.js';
import { SseClient } from '../support/sse-client.js';

const SOURCE = 's';
/** These tests are about the logs; host sampling would only load the shared machine. */
const NO_PERF = ['--no-perf'];

function serverOf(report: { servers: ServerReport[] }): ServerReport | undefined {
  return report.servers.find((entry) => entry.source === SOURCE && entry.server === 1);
}

function onlineOf(report: { servers: ServerReport[] }): { session: number; name: string; userId: number }[] {
  return (serverOf(report)?.online ?? []).map(({ session, name, userId }) => ({ session, name, userId })).sort((a, b) => a.session - b.session);
}

const following = (snapshot: Snapshot) => snapshot.sources.every((source) => source.state === 'following');

/** Live events of one test: joins and leaves for a given client, with a bounded wait. */
class Live {
  constructor(private readonly sse: SseClient) {}

  joined(client: MumbleTestClient): Promise<PresenceEvent> {
    return this.sse.waitFor<PresenceEvent>('join', (e) => e.session === client.session && e.name === client.name);
  }

  left(client: MumbleTestClient): Promise<PresenceEvent> {
    return this.sse.waitFor<PresenceEvent>('leave', (e) => e.session === client.session && e.name === client.name);
  }
}

testEachMurmur(
  (version) => `serve follows a real Murmur ${version} live, through rotations, crashes and its own SIGKILL`,
  150_000,
  async (t, server) => {
    const people = new Attendance(server);
    t.after(() => people.serverGone());
    const dataDir = mkdtempSync(join(tmpdir(), 'murmur-monitor-data-'));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));

    let monitor = await MonitorProcess.start({ [SOURCE]: server.logPath }, dataDir, 20_000, NO_PERF);
    t.after(() => monitor.stop('SIGKILL'));
    await monitor.waitForSnapshot(following, 'the source to be followed');
    let sse = await SseClient.open(`${monitor.url}/api/events`);
    t.after(() => sse.close());
    let live = new Live(sse);

    // Joins and leaves, live, with the fields and the log line's own time.
    const observer = await people.join('observer');
    const joinEvent = await live.joined(observer);
    const authLine = readLogFrom(server.logPath).find((line) => line.includes(`<${observer.session}:observer(-1)> Authenticated`));
    assert.ok(authLine, 'the Authenticated line is in the log');
    assert.deepEqual(joinEvent, {
      source: SOURCE,
      server: 1,
      session: observer.session,
      name: 'observer',
      userId: -1,
      at: authLine.slice(3, 26).replace(' ', 'T'),
    });
    const alice = await people.join('alice');
    await live.joined(alice);
    await people.leave(alice);
    assert.equal((await live.left(alice)).userId, -1);

    await t.test('rotation by rename + SIGHUP', async () => {
      await server.rotateByRename();
      await live.joined(await people.join('bob'));
    });

    await t.test('copy-truncate', async () => {
      server.copyTruncate();
      await live.joined(await people.join('carol'));
    });

    await t.test('Murmur stopped (leave for everyone, online emptied) and started again', async () => {
      const before = [...people.online];
      await server.stop();
      people.serverGone();
      for (const client of before) await live.left(client);
      await monitor.waitForSnapshot((snapshot) => onlineOf(snapshot).length === 0, 'online list emptied by the stop');
      await server.start();
      await live.joined(await people.join('observer'));
    });

    await t.test('Murmur killed with -9: its sessions end at the next boot', async () => {
      const dave = await people.join('dave');
      await live.joined(dave);
      const before = [...people.online];
      await server.kill();
      people.serverGone();
      await server.start();
      for (const client of before) await live.left(client);
      await monitor.waitForSnapshot((snapshot) => onlineOf(snapshot).length === 0, 'online list emptied by the boot after the crash');
    });

    await t.test('monitor SIGKILLed mid-stream, restarted on the same data: agrees with the log', async () => {
      const first = await people.join('observer');
      await live.joined(first);
      // Joins keep coming while the monitor dies, and while it is down.
      const erin = people.join('erin');
      const others = Promise.all(['fred', 'gina', 'hank'].map((name) => people.join(name)));
      await live.joined(await erin);
      await monitor.stop('SIGKILL');
      sse.close();
      const [fred] = await others;
      assert.ok(fred);
      await people.leave(fred);
      await people.join('ivy');

      monitor = await MonitorProcess.start({ [SOURCE]: server.logPath }, dataDir, 20_000, NO_PERF);
      await monitor.waitForSnapshot(following, 'the source to be followed after the restart');
      sse = await SseClient.open(`${monitor.url}/api/events`);
      live = new Live(sse);
      const late = await people.join('jane');
      await live.joined(late);

      const expected = await first.waitForUsers((users) => users.length === people.online.size);
      const snapshot = await monitor.waitForSnapshot((s) => onlineOf(s).length === expected.length, 'the snapshot to catch up');
      const report = await reportJson({ [SOURCE]: server.logPath });
      assert.deepEqual(onlineOf(snapshot), expected, 'snapshot online = the server\'s user list as a client sees it');
      // The report's fields (the snapshot adds address and client where the log gives them).
      const reportFields = (r: { servers: ServerReport[] }) => serverOf(r)?.online.map(({ session, name, userId, since }) => ({ session, name, userId, since }));
      assert.deepEqual(reportFields(snapshot), reportFields(report), 'snapshot online = report online, since included');
      assert.deepEqual(serverOf(snapshot)?.days, serverOf(report)?.days, 'the days (logins, unique, peak) = the report\'s');
      const logins = (serverOf(snapshot)?.days ?? []).reduce((sum, day) => sum + day.logins, 0);
      assert.equal(logins, people.logins, 'logins counted once each, none lost to the SIGKILL');
    });
  },
);
