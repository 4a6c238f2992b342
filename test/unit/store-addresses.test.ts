// Client addresses are personal data: the store keeps them only as long as detailed sessions (the retention
// setting), and with addresses off keeps none at all, also none that an earlier run wrote.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Monitor, type MonitorOptions } from '../../main/core/monitor.js';
import { DAY_MS, requireLogTimeWall } from '../../main/log-time.js';
import { STORE_FILE } from '../../main/core/store/monitor-store.js';
import type { StoreDocument } from '../../main/core/store/store-schema.js';
import type { TrackerState } from '../../main/core/murmur/tracker-state.js';
import type { SecurityEventEntry } from '../../main/core/store/history-types.js';
import { syntheticText, tempRoot, writeRotatedLog } from './monitor-fixtures.js';

const root = tempRoot('mm-addresses-');
after(() => rmSync(root, { recursive: true, force: true }));

/** The synthetic log's clients connect from 203.0.113.0/24 (TEST-NET-3). */
const CLIENT_ADDRESS = /203\.0\.113\.\d+/g;
const log = writeRotatedLog(join(root, 'logs'), syntheticText(10, 3, 40));

async function runOnce(dataDir: string, options: Partial<MonitorOptions> = {}): Promise<{ text: string; monitor: Monitor }> {
  const monitor = await Monitor.open({ sources: [{ name: 'a', path: log.path }], dataDir, warn: () => undefined, tail: { watch: false, pollIntervalMs: 50 }, ...options });
  await monitor.backfilled();
  await monitor.close();
  return { text: readFileSync(join(dataDir, STORE_FILE), 'utf8'), monitor };
}

const securityOf = (document: StoreDocument): SecurityEventEntry[] => document.sources.a?.history.security as SecurityEventEntry[];

test('addresses are kept only as long as detailed sessions: none older than the retention period is on disk', async () => {
  const dataDir = join(root, 'retained');
  const { text } = await runOnce(dataDir, { retentionDays: 3 });
  const document = JSON.parse(text) as StoreDocument;
  const tracker = document.sources.a?.tracker as TrackerState;
  const newest = requireLogTimeWall(tracker.lastTime as string);
  const security = securityOf(document);
  assert.ok(security.some((event) => event.address !== undefined), 'recent failed logins keep their address');
  for (const event of security) assert.ok(requireLogTimeWall(event.at) >= newest - 3 * DAY_MS, `${event.at} is within the retention period`);
  // Everywhere else an address could hide, only open sessions and connections not logged in yet hold one.
  const rest = structuredClone(document);
  const source = rest.sources.a as (typeof rest.sources)[string];
  source.history.security = [];
  for (const server of (source.tracker as TrackerState).servers) {
    server.open = [];
    server.pending = [];
  }
  assert.deepEqual(JSON.stringify(rest).match(CLIENT_ADDRESS), null);
  assert.ok((text.match(CLIENT_ADDRESS)?.length ?? 0) < (log.text.match(CLIENT_ADDRESS)?.length ?? 0) / 5, 'most of the log\'s addresses are not kept');
});

test('with addresses off none is kept, in memory or on disk; a store written with them loses them at the next start', async () => {
  const dataDir = join(root, 'off');
  mkdirSync(dataDir);
  const withAddresses = await runOnce(dataDir);
  assert.ok((withAddresses.text.match(CLIENT_ADDRESS)?.length ?? 0) > 0, 'the first run keeps some');
  const { text, monitor } = await runOnce(dataDir, { keepAddresses: false });
  assert.deepEqual(text.match(CLIENT_ADDRESS), null);
  const snapshot = monitor.snapshot();
  assert.equal(snapshot.sources[0]?.addresses, 'not kept');
  assert.ok(snapshot.servers.every((server) => server.online.every((user) => user.address === undefined)));
  const history = monitor.history({ days: 400 });
  assert.ok(history.security.length > 0, 'failed logins are still listed');
  assert.ok(history.security.every((event) => event.address === undefined));
  assert.deepEqual(JSON.stringify(history).match(CLIENT_ADDRESS), null);
});
