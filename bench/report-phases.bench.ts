// `node scripts/bench.mjs phases`: where `report`'s time goes, phase by phase, beside the naive baseline
// measured in the same run. Splitting into lines, scanning (the parser) and tracking are timed in this
// process, warm, on the report benchmark's log held in memory; the CLI's own start-up is timed on an empty
// log. Start-up + splitting + tracking is a floor for `report` however fast its scanning became, and shows
// how far report's 0.4x goal is from the work it cannot skip. Prints figures only; it has no goal.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { LineSplitter, type ByteLineVisitor } from '../main/core/source/line-splitter.js';
import { ScannedLine } from '../main/core/murmur/parser.js';
import { SourceTracker } from '../main/core/murmur/tracker.js';
import { BASE_DAYS, generateReportLog, OUTPUT } from './report-log.js';
import { median } from './stats.js';

const RUNS = 5;
const CHILD_RUNS = 3;
const CHUNK_BYTES = 1 << 20;

const log = await generateReportLog('report-phases.log', BASE_DAYS);
const text = readFileSync(log.file);

/** CPU milliseconds of this process for one pass of `visit` over every line, fed in 1 MB chunks as the reader does. */
function timePass(visit: ByteLineVisitor): number {
  const started = process.cpuUsage();
  const splitter = new LineSplitter();
  for (let at = 0; at < text.length; at += CHUNK_BYTES) splitter.feedLines(text.subarray(at, at + CHUNK_BYTES), visit);
  splitter.endLines(visit);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

let authenticated = 0;
const phases = {
  split: () => timePass(() => undefined),
  scan: () => {
    const scanner = new ScannedLine();
    return timePass((bytes, start, end) => {
      if (end > start && scanner.read(bytes, start, end).kind === 'authenticated') authenticated += 1;
    });
  },
  track: () => {
    // With report's own options: it keeps no connection details.
    const tracker = new SourceTracker('bench', {}, undefined, { connectionDetails: false });
    return timePass((bytes, start, end) => tracker.feedBytes(bytes, start, end));
  },
};
const times: Record<keyof typeof phases, number[]> = { split: [], scan: [], track: [] };
// Interleaved, so a noisy moment of the machine touches every phase alike.
for (let run = 0; run < RUNS; run += 1) {
  for (const name of Object.keys(phases) as (keyof typeof phases)[]) {
    (globalThis as { gc?: () => void }).gc?.();
    times[name].push(phases[name]());
  }
}

function wallMs(args: string[]): number {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const empty = `${OUTPUT}/report-phases-empty.log`;
writeFileSync(empty, '');
const cli = (file: string): string[] => ['bin/murmur-monitor.js', 'report', '--source', `b=${file}`, '--json'];
const child: Record<'baseline' | 'report' | 'startup', number[]> = { baseline: [], report: [], startup: [] };
for (let run = 0; run < CHILD_RUNS; run += 1) {
  child.baseline.push(wallMs(['dist/bench/naive-baseline.js', log.file]));
  child.report.push(wallMs(cli(log.file)));
  child.startup.push(wallMs(cli(empty)));
}

const split = median(times.split);
const scanning = median(times.scan) - split;
const tracking = median(times.track) - median(times.scan);
const baseline = median(child.baseline);
const startup = median(child.startup);
const row = (label: string, ms: number): string =>
  `${label.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / baseline).toFixed(2).padStart(5)}x baseline`;
console.log(`${log.expected.lines} lines, ${authenticated / RUNS} Authenticated; in-process figures are medians of ${RUNS} warm passes (CPU time)`);
console.log(row('split into lines (memchr, UTF-8 check)', split));
console.log(row('scan every line (the parser)', scanning));
console.log(row('track sessions and days (the tracker)', tracking));
console.log(row('report CLI start-up, empty log (wall)', startup));
console.log(row('report CLI on the log (wall)', median(child.report)));
console.log(row('baseline: readline + the regex (wall)', baseline));
console.log(row('floor if scanning were free: start-up + split + track', startup + split + tracking));
// What the CLI spends beyond its start-up and the warm passes: reading the file, and mostly the engine's
// warm-up (the first megabytes run before the optimising compiler has compiled the parser and tracker).
console.log(row('report CLI beyond start-up and warm work: reading, warm-up', median(child.report) - startup - median(times.track)));
