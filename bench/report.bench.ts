// `node scripts/bench.mjs report`: times `murmur-monitor report --json` against the naive baseline
// (readline + the blog's regex, counting `Authenticated`) on a generated log of >= 800k lines / 70 MB and on
// one four times larger, runs interleaved, checks each report against what the generator wrote, and checks
// peak RSS. Goals: report <= 0.4x the baseline's time on the first file and <= 0.25x on the larger one
// (aims 0.25x and 0.15x), peak RSS <= 200 MB. Exits 1 when one is missed.
import { spawnSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import type { Report } from '../main/contract.js';
import type { SyntheticExpectation } from '../main/core/synthetic/log.js';
import { BASE_DAYS, generateReportLog as generate } from './report-log.js';
import { median } from './stats.js';

const RUNS = 3;
const LARGE_RUNS = 3;
const TIME_GOAL = 0.4;
const LARGE_TIME_GOAL = 0.25;
const RSS_GOAL_MB = 200;
const MIN_LINES = 800_000;
const MIN_BYTES = 70 * 1000 * 1000;

interface Run {
  seconds: number;
  /** CPU time of the child, all threads: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  stdout: string;
  maxRssMB: number;
}

function runChild(args: string[]): Run {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', './dist/bench/max-rss.js', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  const usage = /max-rss-kb=(\d+) cpu-us=(\d+)/.exec(child.stderr);
  return {
    seconds,
    cpuSeconds: usage === null ? NaN : Number(usage[2]) / 1e6,
    stdout: child.stdout,
    maxRssMB: usage === null ? NaN : Number(usage[1]) / 1024,
  };
}

const reportArgs = (file: string): string[] => ['bin/murmur-monitor.js', 'report', '--source', `b=${file}`, '--json'];

/** `runs` runs each of the baseline and the report on `file`, interleaved so that the machine's load falls on both alike. */
function interleavedRuns(file: string, runs: number): { report: Run[]; baseline: Run[] } {
  const report: Run[] = [];
  const baseline: Run[] = [];
  for (let run = 0; run < runs; run += 1) {
    baseline.push(runChild(['dist/bench/naive-baseline.js', file]));
    report.push(runChild(reportArgs(file)));
  }
  return { report, baseline };
}

/** The report's servers must be exactly what the generator says it wrote. */
function matchesExpectation(stdout: string, expected: SyntheticExpectation): boolean {
  const report = JSON.parse(stdout) as Report;
  const servers = report.servers.map(({ server, online, days }) => ({ server, online, days }));
  return isDeepStrictEqual(servers, expected.servers);
}

const failures: string[] = [];
const base = await generate('report-1x.log', BASE_DAYS);
if (base.expected.lines < MIN_LINES || base.bytes < MIN_BYTES) failures.push(`generated log too small (${base.expected.lines} lines, ${base.bytes} bytes)`);

const { report: reportRuns, baseline: baselineRuns } = interleavedRuns(base.file, RUNS);
if (!reportRuns.every((run) => matchesExpectation(run.stdout, base.expected))) failures.push('report differs from the generated truth');
const baselineAuthenticated = (JSON.parse(baselineRuns[0]?.stdout ?? '{}') as { authenticated?: number }).authenticated;

const reportSeconds = median(reportRuns.map((run) => run.seconds));
const baselineSeconds = median(baselineRuns.map((run) => run.seconds));
const ratio = reportSeconds / baselineSeconds;
const rss1x = Math.max(...reportRuns.map((run) => run.maxRssMB));
const cpuRatio = median(reportRuns.map((run) => run.cpuSeconds)) / median(baselineRuns.map((run) => run.cpuSeconds));
const describe = (runs: Run[]): string =>
  `median ${median(runs.map((run) => run.seconds)).toFixed(3)} s of ${runs.map((run) => run.seconds.toFixed(3)).join(', ')}` +
  ` (CPU ${runs.map((run) => run.cpuSeconds.toFixed(2)).join(', ')} s)`;
console.log(`baseline (readline + regex, ${baselineAuthenticated} Authenticated lines): ${describe(baselineRuns)}`);
console.log(`report --json: ${describe(reportRuns)}`);
console.log(`ratio report/baseline: ${ratio.toFixed(3)} (goal <= ${TIME_GOAL}); CPU time ratio ${cpuRatio.toFixed(3)}`);
console.log(`report peak RSS on ${(base.bytes / 1e6).toFixed(0)} MB: ${rss1x.toFixed(1)} MB (goal <= ${RSS_GOAL_MB})`);
if (!(ratio <= TIME_GOAL)) failures.push(`time ratio ${ratio.toFixed(3)} > ${TIME_GOAL}`);
if (!(rss1x <= RSS_GOAL_MB)) failures.push(`peak RSS ${rss1x.toFixed(1)} MB > ${RSS_GOAL_MB} MB`);

const large = await generate('report-4x.log', BASE_DAYS * 4);
const { report: largeRuns, baseline: largeBaselineRuns } = interleavedRuns(large.file, LARGE_RUNS);
const largeRatio = median(largeRuns.map((run) => run.seconds)) / median(largeBaselineRuns.map((run) => run.seconds));
const rss4x = Math.max(...largeRuns.map((run) => run.maxRssMB));
console.log(`on ${(large.bytes / 1e6).toFixed(0)} MB (${large.expected.lines} lines): baseline ${describe(largeBaselineRuns)}`);
console.log(`  report --json: ${describe(largeRuns)}`);
console.log(`  ratio report/baseline: ${largeRatio.toFixed(3)} (goal <= ${LARGE_TIME_GOAL}); peak RSS ${rss4x.toFixed(1)} MB (goal <= ${RSS_GOAL_MB})`);
if (!(largeRatio <= LARGE_TIME_GOAL)) failures.push(`time ratio on the 4x file ${largeRatio.toFixed(3)} > ${LARGE_TIME_GOAL}`);
if (!(rss4x <= RSS_GOAL_MB)) failures.push(`peak RSS on the 4x file ${rss4x.toFixed(1)} MB > ${RSS_GOAL_MB} MB`);
if (!largeRuns.every((run) => matchesExpectation(run.stdout, large.expected))) failures.push('report on the 4x file differs from the generated truth');

if (failures.length > 0) {
  console.log(`FAILED: ${failures.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log('all goals met');
}
