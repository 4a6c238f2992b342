// `node scripts/bench.mjs backfill`: the first start on >= 70 MB of logs (PATH, PATH.1, PATH.2.gz, ... from the
// synthetic generator), timed, with the longest event-loop block while it runs (perf_hooks
// monitorEventLoopDelay, and a 5 ms timer's longest lateness as a cross-check). Baseline, same files and
// run: the one-pass reader `murmur-monitor report` uses (Source.readAll into a tracker), which does not yield
// between its 1 MiB chunks. The two take turns, ROUNDS times each (on a shared machine one run of either
// can be a third off), and the medians are compared. Then a restart on the store the last backfill left
// (its baseline: one JSON.parse of the store). Goals: the backfill takes at most twice the reader's time,
// and the monitor never blocks the event loop for more than 50 ms, in any run.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Monitor } from '../main/core/monitor.js';
import { writeSyntheticLog } from '../main/core/synthetic/files.js';
import { openSource } from '../main/core/source/open-source.js';
import { SourceTracker } from '../main/core/murmur/tracker.js';
import { STORE_FILE } from '../main/core/store/monitor-store.js';
import { median } from './stats.js';

const GOAL_MS = 50;
/** The backfill's time at most this many times the one-pass reader's. */
const RATIO_GOAL = 2;
const MIN_BYTES = 70 * 1000 * 1000;
/** Runs of the reader and of the backfill, taking turns. */
const ROUNDS = 3;
const dir = join('bench-output', 'backfill');
const path = join(dir, 'logs', 'murmur.log');

interface Blocking {
  histogramMs: number;
  timerMs: number;
}

/** Runs `work` while measuring how long the event loop was held at most. */
async function measure<T>(work: () => Promise<T>): Promise<{ seconds: number; blocking: Blocking; result: T }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  histogram.enable();
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  histogram.disable();
  clearInterval(timer);
  return { seconds, blocking: { histogramMs: histogram.max / 1e6, timerMs: worst }, result };
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'logs'), { recursive: true });
const generated = performance.now();
await writeSyntheticLog(path, { seed: 2026, days: 90, style: '1.3', loginsPerDay: 900, users: 3000 }, { rotate: true });
const files = readdirSync(join(dir, 'logs')).map((name) => join(dir, 'logs', name));
const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
console.log(`generated ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB on disk, in ${((performance.now() - generated) / 1000).toFixed(1)} s`);

let textBytes = 0;
let progressEvents = 0;
const readers: Array<{ seconds: number; blocking: Blocking }> = [];
const backfills: Array<{ seconds: number; blocking: Blocking }> = [];
const closings: Array<{ seconds: number; blocking: Blocking }> = [];
for (let round = 0; round < ROUNDS; round += 1) {
  readers.push(
    await measure(async () => {
      const tracker = new SourceTracker('bench');
      await openSource(path).readAll(tracker);
    }),
  );
  // Each backfill is a first start: no store yet.
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  progressEvents = 0;
  const monitored = await measure(async () => {
    const monitor = await Monitor.open({ sources: [{ name: 'bench', path }], dataDir: join(dir, 'data'), tail: { watch: false } });
    monitor.on('progress', () => (progressEvents += 1));
    await monitor.backfilled();
    textBytes = monitor.snapshot().sources[0]?.bytesRead ?? 0;
    return monitor;
  });
  backfills.push(monitored);
  // Shutdown writes the whole store once more; measured apart, as it happens once, when quitting.
  closings.push(await measure(async () => monitored.result.close()));
}
const storePath = join(dir, 'data', STORE_FILE);
const storeSize = statSync(storePath).size;
// The next start: the history comes back from the store (megabytes of sessions) and the logs hold nothing new.
const restart = await measure(async () => {
  const again = await Monitor.open({ sources: [{ name: 'bench', path }], dataDir: join(dir, 'data'), tail: { watch: false } });
  await again.backfilled();
  return again;
});
await restart.result.close();
// Its baseline: reading the store in one go, as lowdb's own JSON adapter does; the time is how long it holds the loop.
const parseStarted = performance.now();
JSON.parse(readFileSync(storePath, 'utf8'));
const parseMs = performance.now() - parseStarted;

const mbps = (seconds: number): string => `${(textBytes / 1e6 / seconds).toFixed(1)} MB/s`;
const worst = (blocking: Blocking): number => Math.max(blocking.histogramMs, blocking.timerMs);
const runs = (measured: Array<{ seconds: number }>): string => measured.map((run) => run.seconds.toFixed(2)).join(', ');
const backfillSeconds = median(backfills.map((run) => run.seconds));
const readerSeconds = median(readers.map((run) => run.seconds));
const worstBackfill = backfills.reduce((worse, run) => (worst(run.blocking) > worst(worse.blocking) ? run : worse));
const backfillBlock = worst(worstBackfill.blocking);
console.log(
  `monitor backfill: ${(textBytes / 1e6).toFixed(1)} MB of log text in ${backfillSeconds.toFixed(2)} s, median of ${ROUNDS} (${runs(backfills)} s; ${mbps(backfillSeconds)}), ${progressEvents} progress events, store ${(storeSize / 1e6).toFixed(2)} MB`,
);
console.log(`  longest event-loop block of the ${ROUNDS} runs: ${backfillBlock.toFixed(0)} ms (histogram ${worstBackfill.blocking.histogramMs.toFixed(0)} ms, timer ${worstBackfill.blocking.timerMs.toFixed(0)} ms)`);
console.log(`  closing (final store write): ${median(closings.map((run) => run.seconds)).toFixed(2)} s, longest block ${Math.max(...closings.map((run) => worst(run.blocking))).toFixed(0)} ms`);
console.log(`restart on the stored history: ready in ${restart.seconds.toFixed(1)} s, longest event-loop block ${worst(restart.blocking).toFixed(0)} ms`);
console.log(`  baseline, one JSON.parse of the ${(storeSize / 1e6).toFixed(1)} MB store: ${parseMs.toFixed(0)} ms in one block`);
console.log(
  `baseline, report's one-pass reader: ${readerSeconds.toFixed(2)} s, median of ${ROUNDS} (${runs(readers)} s; ${mbps(readerSeconds)}), longest block ${Math.max(...readers.map((run) => worst(run.blocking))).toFixed(0)} ms`,
);
const ratio = backfillSeconds / readerSeconds;
console.log(`ratio backfill/reader, of the medians: ${ratio.toFixed(2)} (goal <= ${RATIO_GOAL})`);
const ok = backfillBlock <= GOAL_MS && worst(restart.blocking) <= GOAL_MS && textBytes >= MIN_BYTES && ratio <= RATIO_GOAL;
console.log(`goal >= ${MIN_BYTES / 1e6} MB read in <= ${RATIO_GOAL}x the reader's time, and the restart, with no block > ${GOAL_MS} ms: ${ok ? 'met' : 'MISSED'}`);
process.exitCode = ok ? 0 : 1;
