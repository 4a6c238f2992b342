// `murmur-monitor report` over logs that real Murmurs (1.3 and 1.5) wrote while real protocol clients joined,
// left, dropped, registered, and the server restarted, crashed and rotated its log: the report's online list
// must be the server's own user list as a connected client sees it, and the day's logins the logins we made.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Attendance } from '../support/attendance.js';
import { makeClientCertificate } from '../support/client-certificate.js';
import { testEachMurmur } from '../support/murmur-test.js';
import { runScenario } from '../support/real-scenario.js';
import { reportJson } from '../support/run-monitor.js';

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');

testEachMurmur(
  (version) => `report over a real Murmur ${version} log agrees with the server`,
  120_000,
  async (t, server) => {
    const result = await runScenario(server, { withTimeout: false });
    t.after(() => result.clients.forEach((client) => client.drop()));

    // The harness did rotate: the old file ends where Murmur caught SIGHUP, the new one starts after it.
    assert.match(lines(`${server.logPath}.1`).at(-1) ?? '', /Caught SIGHUP, will reopen/);
    assert.match(lines(server.logPath)[0] ?? '', /Log rotated successfully/);

    const report = await reportJson({ s: server.logPath });
    const servers = report.servers.filter((entry) => entry.source === 's');
    assert.deepEqual(servers.map((entry) => entry.server), [1], 'one virtual server, id 1');
    const [only] = servers;
    assert.ok(only);

    const online = only.online.map(({ session, name, userId }) => ({ session, name, userId })).sort((a, b) => a.session - b.session);
    assert.deepEqual(online, result.observerView, 'online list = the server\'s user list as the observer sees it');
    assert.ok(
      online.some((user) => user.name === 'carol' && user.userId === result.registeredId && result.registeredId > 0),
      'carol, registered mid-session, shows the id her later lines carry',
    );
    for (const crashed of ['henry', 'ivy', 'jack', 'kim']) {
      assert.ok(!online.some((user) => user.name === crashed), `${crashed} was online at the kill -9: closed by the next boot`);
    }

    const logins = only.days.reduce((sum, day) => sum + day.logins, 0);
    assert.equal(logins, result.logins, 'logins = successful logins the test made (the rejected one not counted)');
    assert.equal(Math.max(...only.days.map((day) => day.peakOnline)), result.peakOnline, 'peak online');
    if (only.days.length === 1) assert.equal(only.days[0]?.uniqueUsers, result.uniqueUsers, 'unique users');
  },
);

testEachMurmur(
  (version) => `report on Murmur ${version}: a registration mid-session shows once the session writes a line`,
  60_000,
  async (t, server) => {
    const people = new Attendance(server);
    t.after(() => people.serverGone());
    const observer = await people.join('observer');
    const alice = await people.join('alice', { certificate: await makeClientCertificate('alice') });
    const superUser = await people.join('SuperUser', { password: server.superUserPassword });
    const aliceId = await alice.register();
    assert.ok(aliceId > 0);
    await observer.waitForUsers((users) => users.some((user) => user.name === 'alice' && user.userId === aliceId));

    // Murmur writes no line when a user registers, so the log still says -1 for her open session.
    const before = await reportJson({ s: server.logPath });
    assert.equal(before.servers[0]?.online.find((user) => user.name === 'alice')?.userId, -1);

    const mark = server.logSize();
    await alice.moveTo(await superUser.createChannel('Lobby'));
    await server.waitForLogLine(new RegExp(`<${alice.session}:alice\\(${aliceId}\\)> Moved alice:${alice.session}\\(${aliceId}\\) to Lobby`), 10_000, mark);
    const after = await reportJson({ s: server.logPath });
    const online = (after.servers[0]?.online ?? []).map(({ session, name, userId }) => ({ session, name, userId }));
    assert.deepEqual(online, observer.users(), 'the newest id her lines show, and everyone else as the server says');
  },
);
