// The perf sampler's own CPU cost, against an idle Node process measured in the same run.
// Each variant runs in a child process whose CPU time includes the subprocesses it spawned (Linux
// /proc/self/stat cutime+cstime), because systeminformation's cost is mostly in its shells.
// To keep the run short the sampler ticks SPEEDUP times faster than its defaults (CPU 20 s, network 15 s,
// store writes 60 s) and the extra CPU over the idle baseline is divided by SPEEDUP.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LinuxMurmurProbe } from '../main/core/perf/linux-murmur-probe.js';
import { LinuxPerfSource, PerfMonitor, SiPerfSource, type PerfSource } from '../main/core/perf/index.js';

/** systeminformation caches networkStats calls < 500 ms apart, so the scaled network interval stays ≥ 0.75 s. */
const SPEEDUP = 20;
const RUN_SECONDS = Number(process.env.SAMPLER_BENCH_SECONDS ?? 10);
const GOAL_PERCENT_OF_CORE = 0.5;
const USER_HZ = 100;

type Variant = 'idle' | 'linux' | 'si';

/** CPU milliseconds of this process and of the children it has reaped. */
function cpuMsWithChildren(): number {
  const own = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const children = Number(fields[13]) + Number(fields[14]); // cutime, cstime (fields 16, 17)
  return (own.user + own.system) / 1000 + (children * 1000) / USER_HZ;
}

function sourceFor(variant: Variant): PerfSource {
  return variant === 'si' ? new SiPerfSource() : new LinuxPerfSource();
}

async function child(variant: Variant): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sampler-bench-'));
  let readings = 0;
  let monitor: PerfMonitor | undefined;
  if (variant !== 'idle') {
    monitor = new PerfMonitor({
      dataDir,
      source: sourceFor(variant),
      cpuIntervalSec: 20 / SPEEDUP,
      netIntervalSec: 15 / SPEEDUP,
      writeDelayMs: 60_000 / SPEEDUP,
    });
    monitor.on('sample', () => (readings += 1));
    await monitor.start();
  }
  const before = cpuMsWithChildren();
  await new Promise((resolve) => setTimeout(resolve, RUN_SECONDS * 1000));
  const cpuMs = cpuMsWithChildren() - before;
  await monitor?.stop();
  await rm(dataDir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ cpuMs, readings }));
}

function runChild(variant: Variant): { cpuMs: number; readings: number } {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', variant], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${variant} child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { cpuMs: number; readings: number };
}

/** CPU ms per call of one source operation, children included, over `calls` calls (after one priming call). */
async function perCall(operation: () => Promise<unknown>, calls: number, gapMs: number): Promise<number> {
  await operation();
  let spent = 0;
  for (let i = 0; i < calls; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    const before = cpuMsWithChildren();
    await operation();
    spent += cpuMsWithChildren() - before;
  }
  return spent / calls;
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') {
    console.log('sampler.bench: skipped, it reads children CPU time from /proc (Linux only)');
    return;
  }
  console.log(
    `sampler.bench: ${RUN_SECONDS} s per variant at ${SPEEDUP}× the default cadence ` +
      `(CPU every ${20 / SPEEDUP} s, network + Murmur every ${15 / SPEEDUP} s, store write every ${60 / SPEEDUP} s); ` +
      `extra CPU over idle is divided by ${SPEEDUP} for the default intervals`,
  );
  const idle = runChild('idle');
  console.log(`  ${'idle Node baseline'.padEnd(36)} ${idle.cpuMs.toFixed(0).padStart(6)} ms CPU`);
  let defaultPercent = Infinity;
  for (const variant of ['linux', 'si'] as const) {
    const run = runChild(variant);
    const extraPercent = (Math.max(0, run.cpuMs - idle.cpuMs) / (RUN_SECONDS * 1000)) * 100;
    const atDefaults = extraPercent / SPEEDUP;
    if (variant === 'linux') defaultPercent = atDefaults;
    const label = variant === 'linux' ? 'PerfMonitor, /proc + /sys (default)' : 'PerfMonitor, systeminformation';
    console.log(
      `  ${label.padEnd(36)} ${run.cpuMs.toFixed(0).padStart(6)} ms CPU, ${run.readings} readings → ` +
        `${extraPercent.toFixed(2)}% of a core at ${SPEEDUP}×, ${atDefaults.toFixed(3)}% at default intervals`,
    );
  }

  const direct = new LinuxPerfSource();
  const library = new SiPerfSource();
  const rows: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
    ['currentLoad', () => direct.currentLoad(), () => library.currentLoad()],
    ['networkStats(lo)', () => direct.networkStats('lo'), () => library.networkStats('lo')],
    ['Murmur process', () => direct.murmurProcess(), () => library.murmurProcess()],
  ];
  console.log('  CPU per call, subprocesses included (10 calls each, 550 ms apart):');
  for (const [name, ours, theirs] of rows) {
    const oursMs = await perCall(ours, 10, 550);
    const theirsMs = await perCall(theirs, 10, 550);
    console.log(`    ${name.padEnd(18)} /proc ${oursMs.toFixed(2).padStart(6)} ms   systeminformation ${theirsMs.toFixed(2).padStart(6)} ms`);
  }
  // A fresh probe scans /proc for Murmur's pids on its first sample; the sampler does that once a minute.
  const scanMs = await perCall(() => new LinuxMurmurProbe().sample(), 10, 50);
  const scanPercent = scanMs / 600; // ms per 60 000 ms, as percent
  console.log(`    ${'Murmur pid scan'.padEnd(18)} /proc ${scanMs.toFixed(2).padStart(6)} ms, once a minute: ${scanPercent.toFixed(3)}% of a core`);
  // The scaled run does not scale the once-a-minute scan, so its share is added here.
  const total = defaultPercent + scanPercent;
  const verdict = total <= GOAL_PERCENT_OF_CORE ? 'within' : 'OVER';
  console.log(`  default sampler cost ${total.toFixed(3)}% of a core (pid scans included): ${verdict} the ${GOAL_PERCENT_OF_CORE}% goal`);
  if (total > GOAL_PERCENT_OF_CORE) process.exitCode = 1;
}

if (process.argv[2] === 'child') await child(process.argv[3] as Variant);
else await main();
