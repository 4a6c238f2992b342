// A real Murmur 1.5 (Debian 13's, through chroot) run in the foreground, as systemd runs it with `-fg` and as
// Docker runs it: its output into the real systemd journal (through systemd-cat, followed as journal:ID), or
// written as Docker's json-file log driver writes it, rotations and compression included (followed as
// docker:NAME; Docker itself cannot run here). Real clients join, leave, drop; Murmur restarts and is
// killed with -9; the monitor is SIGKILLed while it follows and started again on the same data folder.
// Then the live snapshot, `report --json` and the server's own user list must agree, and the day's logins
// must be the logins made: nothing lost, nothing counted twice.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerReport } from '../../main/contract.js';
import { SERVER_PASSWORD } from '../support/attendance.js';
import { DockerJsonLog } from '../support/docker-json-log.js';
import { ensureJournald } from '../support/journald.js';
import { documentedReport, MonitorProcess } from '../support/monitor-process.js';
import { findMurmur } from '../support/murmur-install.js';
import { MurmurServer, type MurmurOutput } from '../support/murmur-server.js';
import { runScenario } from '../support/real-scenario.js';
import { reportJson } from '../support/run-monitor.js';

const SOURCE = 's';
const NO_PERF = ['--no-perf'];

function onlineOf(servers: readonly ServerReport[]): { session: number; name: string; userId: number }[] {
  const server = servers.find((entry) => entry.source === SOURCE && entry.server === 1);
  return (server?.online ?? []).map(({ session, name, userId }) => ({ session, name, userId })).sort((a, b) => a.session - b.session);
}

async function startMurmur(t: TestContext, output: MurmurOutput): Promise<MurmurServer | null> {
  const install = findMurmur('1.5');
  if (typeof install === 'string') {
    t.skip(install);
    return null;
  }
  const server = await MurmurServer.start({ version: '1.5', serverPassword: SERVER_PASSWORD, output });
  t.after(() => server.dispose());
  return server;
}

/**
 * The scenario with the monitor SIGKILLed in the middle of it and started again. `hold` is told when the
 * monitor goes down and when the new one follows again (see the Docker test).
 */
async function followThroughScenario(t: TestContext, server: MurmurServer, spec: string, hold: (held: boolean) => void = () => undefined) {
  const dataDir = mkdtempSync(join(tmpdir(), 'murmur-monitor-fg-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const start = () => MonitorProcess.start({ [SOURCE]: spec }, dataDir, 20_000, NO_PERF);
  const first = await start();
  t.after(() => first.stop('SIGKILL'));
  await first.waitForSnapshot((snapshot) => snapshot.sources[0]?.state === 'following', 'the source to be followed');

  const scenario = runScenario(server, { withTimeout: false });
  // Somewhere in the middle of the scenario, while lines keep coming: no flush, no goodbye.
  await sleep(4000);
  hold(true);
  assert.equal(await first.stop('SIGKILL'), null, 'killed by the signal');
  const second = await start();
  t.after(() => second.stop('SIGKILL'));
  await second.waitForSnapshot((snapshot) => snapshot.sources[0]?.state === 'following', 'the restarted monitor to follow');
  hold(false);
  const result = await scenario;
  t.after(() => result.clients.forEach((client) => client.drop()));

  const expected = result.observerView;
  const snapshot = await second.waitForSnapshot(
    (snap) => JSON.stringify(onlineOf(snap.servers)) === JSON.stringify(expected),
    'the live snapshot to show the server\'s own user list',
    20_000,
  );
  const logins = snapshot.servers.find((entry) => entry.server === 1)?.days.reduce((sum, day) => sum + day.logins, 0);
  assert.equal(logins, result.logins, 'logins = the logins made, across the kill -9 of the monitor: none lost, none doubled');
  const report = await reportJson({ [SOURCE]: spec });
  assert.deepEqual(onlineOf(report.servers), expected, 'report --json: the server\'s own user list');
  assert.deepEqual(documentedReport(snapshot), report, 'the live snapshot says what report --json says');
  assert.equal(await second.stop('SIGTERM'), 0);
  return { snapshot, result };
}

test('Murmur 1.5 with -fg into the systemd journal: serve and report agree with the server', { timeout: 180_000 }, async (t) => {
  const reason = await ensureJournald();
  if (reason !== null) {
    t.skip(reason);
    return;
  }
  const server = await startMurmur(t, 'journal');
  if (server === null) return;
  const { snapshot } = await followThroughScenario(t, server, `journal:${server.identifier}`);
  assert.equal(snapshot.sources[0]?.path, `journal:${server.identifier}`);
  assert.equal(snapshot.sources[0]?.state, 'following');
});

test('Murmur 1.5 logging through Docker\'s json-file driver, rotated and compressed: serve and report agree', { timeout: 180_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'mm-docker-root-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // The monitor finds containers under this root instead of /var/lib/docker (the children inherit it).
  process.env.MURMUR_MONITOR_DOCKER_ROOT = root;
  t.after(() => delete process.env.MURMUR_MONITOR_DOCKER_ROOT);
  // Small files, so that the scenario rotates the log several times; enough of them that none is deleted.
  const docker = new DockerJsonLog({ root, name: 'murmur', maxSize: 8000, maxFile: 100, compress: true });
  const server = await startMurmur(t, { docker });
  if (server === null) return;
  // No rotation while the killed monitor starts again: the file source's start lists the files and reads
  // them by name, so a rename in between loses or doubles lines (Docker rotates at max-size, here about
  // every few seconds; a real 10 MB max-size makes that rare, but not impossible: a known limit).
  await followThroughScenario(t, server, 'docker:murmur', (held) => (docker.rotationHeld = held));
  assert.ok(docker.rotations().length >= 2, `the log was rotated (${docker.rotations().join(', ')})`);
  assert.ok(docker.rotations().every((path) => path.endsWith('.gz')), 'rotated files are compressed');
});
