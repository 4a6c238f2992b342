// `node scripts/bench.mjs idle`: what `murmur-monitor serve` costs while nothing happens: four quiet sources,
// default perf sampling, 60 s (BENCH_IDLE_SECONDS to change). CPU from /proc/PID/stat (user + system ticks),
// RSS from /proc/PID/status. Baseline, measured over the same seconds: an idle `node` process with one timer.
// Goals: <= 1% of a core, RSS <= 150 MB. Linux only (reads /proc).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProcStatTicks } from '../main/core/perf/linux-murmur-probe.js';
import { startServe, waitFollowing } from './serve-child.js';

const SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const CPU_GOAL = 1;
const RSS_GOAL_MB = 150;
/** Kernel clock ticks per second (USER_HZ); 100 on every Linux build that matters. */
const TICKS = 100;

/** utime + stime of a process, in clock ticks. */
function cpuTicks(pid: number): number {
  return parseProcStatTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) ?? Number.NaN;
}

function rssMB(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const dir = join('bench-output', 'idle');
rmSync(dir, { recursive: true, force: true });
const sources: string[] = [];
for (let i = 1; i <= 4; i += 1) {
  mkdirSync(join(dir, `s${i}`), { recursive: true });
  const path = join(dir, `s${i}`, 'murmur.log');
  writeFileSync(path, `<W>2026-11-27 10:00:00.000 1 => Server listening on 0.0.0.0:6473${i}\n<W>2026-11-27 10:00:01.000 1 => <1:user${i}(-1)> Authenticated\n`);
  sources.push('--source', `s${i}=${path}`);
}
const serve = await startServe([...sources, '--data', join(dir, 'data')]);
await waitFollowing(serve.base);
const baseline = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 2000)); // past start-up work of both

const pids = { serve: serve.child.pid as number, baseline: baseline.pid as number };
const before = { serve: cpuTicks(pids.serve), baseline: cpuTicks(pids.baseline) };
const started = performance.now();
await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
const elapsed = (performance.now() - started) / 1000;
const percent = (pid: number, from: number): number => ((cpuTicks(pid) - from) / TICKS / elapsed) * 100;
const cpu = { serve: percent(pids.serve, before.serve), baseline: percent(pids.baseline, before.baseline) };
const rss = { serve: rssMB(pids.serve), baseline: rssMB(pids.baseline) };
baseline.kill();
await serve.stop();

console.log(`idle over ${elapsed.toFixed(0)} s, four quiet sources, default perf sampling:`);
console.log(`  serve:    CPU ${cpu.serve.toFixed(2)}% of a core, RSS ${rss.serve.now.toFixed(1)} MB (peak ${rss.serve.peak.toFixed(1)} MB)`);
console.log(`  baseline (idle node): CPU ${cpu.baseline.toFixed(2)}% of a core, RSS ${rss.baseline.now.toFixed(1)} MB`);
const ok = cpu.serve <= CPU_GOAL && rss.serve.peak <= RSS_GOAL_MB;
console.log(`goal CPU <= ${CPU_GOAL}% and RSS <= ${RSS_GOAL_MB} MB: ${ok ? 'met' : 'MISSED'}`);
process.exitCode = ok ? 0 : 1;
