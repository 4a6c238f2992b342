// `node scripts/bench.mjs store`: the store's size and write time in the one-year case: two virtual servers
// with 600 logins a day each for 365 days, default retention (90 days of detailed sessions, the rest in
// daily and per-user totals), the synthetic generator's user pool and hostile names. Baseline, same run and
// data: the obvious lowdb design, every session an object in lowdb's default JSONFile (indented JSON).
// Goal: <= 5 MB. The write's synchronous part (encode + JSON.stringify) blocks the event loop; it is shown too.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { SessionEndReason } from '../main/contract.js';
import { SourceHistory } from '../main/core/monitor/source-history.js';
import { makeUsers, Random } from '../main/core/synthetic/people.js';
import { generateSyntheticLog } from '../main/core/synthetic/log.js';
import { SourceTracker } from '../main/core/murmur/tracker.js';
import type { TrackerState } from '../main/core/murmur/tracker-state.js';
import { wallToLogTime } from '../main/log-time.js';
import { MonitorStore, STORE_FILE } from '../main/core/store/monitor-store.js';
import { DEFAULT_RETENTION_DAYS, MAX_EVENTS } from '../main/core/store/retention.js';
import { STORE_VERSION, type StoreDocument } from '../main/core/store/store-schema.js';
import { median } from './stats.js';

const GOAL_MB = 5;
const DAYS = 365;
const LOGINS_PER_DAY = 600;
const RUNS = 5;
const DAY_MS = 86_400_000;
const START = Date.parse('2025-11-28T00:00:00Z');
const REASONS: SessionEndReason[] = ['quit', 'quit', 'quit', 'disconnected', 'timeout', 'ghost', 'kicked'];
const CHANNELS = ['Lobby', 'Raid 1', 'Raid 2', 'AFK', 'Music (24/7)', 'Off-topic', 'Staff'];

/** A real tracker state (from the generator), its day rows stretched to a whole year. */
function yearOfTrackerState(): TrackerState {
  const tracker = new SourceTracker('bench');
  for (const line of generateSyntheticLog({ seed: 3, days: 2, style: '1.3', loginsPerDay: LOGINS_PER_DAY, users: 2000 }).text.split('\n')) tracker.feed(line);
  const state = tracker.toState();
  for (const server of state.servers) {
    const template = server.stats.days[0] ?? { date: '', logins: LOGINS_PER_DAY, uniqueUsers: 400, peakOnline: 60 };
    server.stats.days = Array.from({ length: DAYS }, (_, day) => ({ ...template, date: wallToLogTime(START + day * DAY_MS).slice(0, 10) }));
  }
  return state;
}

function yearOfHistory(): SourceHistory {
  const random = new Random(11);
  const users = makeUsers(2000, random);
  const history = new SourceHistory();
  for (let day = 0; day < DAYS; day += 1) {
    for (let login = 0; login < LOGINS_PER_DAY * 2; login += 1) {
      const user = random.pick(users);
      const start = START + day * DAY_MS + Math.floor((login / (LOGINS_PER_DAY * 2)) * DAY_MS) + random.below(60_000);
      const end = start + 60_000 + random.below(3 * 3600_000);
      const record = {
        source: 'bench',
        server: 1 + (login % 2),
        session: 1 + random.below(400),
        name: user.name,
        userId: user.userId,
        start: wallToLogTime(start),
        end: wallToLogTime(end),
        durationSeconds: Math.round((end - start) / 1000),
        endReason: random.pick(REASONS),
        ...(random.below(2) === 0 ? { channel: random.pick(CHANNELS) } : {}),
      };
      history.addSession(record);
    }
    history.addServerEvent({ source: 'bench', server: 1, at: wallToLogTime(START + day * DAY_MS + 5), kind: 'rotation', detail: 'Log rotated successfully' });
    for (let i = 0; i < 20; i += 1) {
      history.addSecurity({ source: 'bench', server: 1, at: wallToLogTime(START + day * DAY_MS + i * 1000), kind: 'rejected', address: '203.0.113.7', reason: 'Invalid server password' });
    }
  }
  return history;
}

const dir = join('bench-output', 'store');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const tracker = yearOfTrackerState();
const history = yearOfHistory();
const allSessions = history.data.sessions.length;
const baselineData = { tracker, sessions: history.data.sessions.map((session) => ({ source: 'bench', ...session })), users: history.data.users };
history.prune({ days: DEFAULT_RETENTION_DAYS, maxEvents: MAX_EVENTS });

const blocking: number[] = [];
const writes: number[] = [];
const stringify: number[] = [];
const store = new MonitorStore({ dataDir: dir, debounceMs: 0, onWrite: (ms) => stringify.push(ms) });
await store.load();
for (let run = 0; run < RUNS; run += 1) {
  const started = performance.now();
  let built = 0;
  store.schedule(() => {
    const document: StoreDocument = {
      version: STORE_VERSION,
      savedAt: '',
      sources: {
        bench: {
          path: '/var/log/mumble-server/mumble-server.log',
          finished: [],
          cursor: null,
          tracker,
          bytesRead: 0,
          history: history.encode(),
        },
      },
    };
    built = performance.now() - started;
    return document;
  });
  await store.flush();
  writes.push(performance.now() - started);
  blocking.push(built + (stringify.at(-1) ?? 0));
}
const size = statSync(join(dir, STORE_FILE)).size;

const baselineFile = join(dir, 'baseline.json');
const baseline = new Low<typeof baselineData>(new JSONFile<typeof baselineData>(baselineFile), baselineData);
const baselineWrites: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  const started = performance.now();
  await baseline.write();
  baselineWrites.push(performance.now() - started);
}
const baselineSize = statSync(baselineFile).size;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
console.log(`one year, 2 servers x ${LOGINS_PER_DAY} logins/day: ${allSessions} sessions, ${history.data.sessions.length} kept in detail (${DEFAULT_RETENTION_DAYS} days), ${history.data.users.length} user totals, ${DAYS} day rows per server`);
console.log(`  store:    ${mb(size)}, write ${median(writes).toFixed(0)} ms median of ${RUNS} (event loop blocked ${median(blocking).toFixed(0)} ms: encode + serialise); first write, nothing cached yet: ${writes[0]?.toFixed(0)} ms (blocked ${blocking[0]?.toFixed(0)} ms)`);
console.log(`  baseline (lowdb JSONFile, every session as an object, no retention): ${mb(baselineSize)}, write ${median(baselineWrites).toFixed(0)} ms`);
const ok = size <= GOAL_MB * 1e6;
console.log(`goal <= ${GOAL_MB} MB: ${ok ? 'met' : 'MISSED'}`);
process.exitCode = ok ? 0 : 1;
