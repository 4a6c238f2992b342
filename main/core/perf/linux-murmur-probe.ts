// The Murmur processes' CPU and memory on Linux from /proc, with no subprocess per tick: the pid list is
// found by scanning /proc/*/comm only now and then (or when a known pid vanished), and each tick reads
// /proc/<pid>/stat (CPU ticks) and /proc/<pid>/statm (resident pages) of those few pids.
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { MURMUR_PROCESS_NAMES, NO_MURMUR, type MurmurUsage } from './source.js';

/** USER_HZ, the unit of /proc/stat and /proc/<pid>/stat times: 100 on every architecture Node runs on (the /proc ABI). */
export const CLOCK_TICKS_PER_SECOND = 100;
/** How often the pid list is rebuilt even when every known pid is still alive (a second instance may start). */
const RESCAN_MS = 60_000;

interface ProcTimes {
  ticks: number;
  residentPages: number;
}

/**
 * utime + stime from a /proc/<pid>/stat line, or null for a zombie (exited, not yet reaped: not a running
 * server). The name field may hold spaces and ')', so the fields are split after the last ')'.
 */
export function parseProcStatTicks(stat: string): number | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : null;
}

let pageSizeOnce: Promise<number> | undefined;

/** The kernel's page size (statm counts pages): asked once per process. */
function pageSize(): Promise<number> {
  pageSizeOnce ??= askPageSize();
  return pageSizeOnce;
}

async function askPageSize(): Promise<number> {
  try {
    const { stdout } = await promisify(execFile)('getconf', ['PAGESIZE'], { timeout: 2000 });
    const size = Number(stdout.trim());
    return Number.isInteger(size) && size > 0 ? size : 4096;
  } catch {
    return 4096; // x86-64 and most arm64 kernels
  }
}

export class LinuxMurmurProbe {
  private pids: number[] = [];
  private scannedAt = -Infinity;
  private previous = new Map<number, { ticks: number; at: number }>();
  private readonly cores = availableParallelism();

  constructor(
    private readonly procDir = '/proc',
    private readonly names: readonly string[] = MURMUR_PROCESS_NAMES,
  ) {}

  async sample(): Promise<MurmurUsage> {
    const now = performance.now();
    if (now - this.scannedAt >= RESCAN_MS) await this.rescan(now);
    const readings = await Promise.all(this.pids.map((pid) => this.read(pid)));
    if (readings.some((reading) => reading === null)) this.scannedAt = -Infinity; // a pid exited: rescan next tick
    let cpuTicks = 0;
    let cpuKnown = false;
    let ticksUsed = 0;
    let pages = 0;
    const next = new Map<number, { ticks: number; at: number }>();
    readings.forEach((reading, index) => {
      const pid = this.pids[index];
      if (reading === null || pid === undefined) return;
      pages += reading.residentPages;
      ticksUsed += reading.ticks;
      const before = this.previous.get(pid);
      if (before && reading.ticks >= before.ticks && now > before.at) {
        cpuTicks += ((reading.ticks - before.ticks) / CLOCK_TICKS_PER_SECOND) * (1000 / (now - before.at));
        cpuKnown = true;
      }
      next.set(pid, { ticks: reading.ticks, at: now });
    });
    this.previous = next;
    if (next.size === 0) return NO_MURMUR;
    return {
      cpu: cpuKnown ? (cpuTicks / this.cores) * 100 : null,
      memMB: (pages * (await pageSize())) / (1024 * 1024),
      cpuSeconds: ticksUsed / CLOCK_TICKS_PER_SECOND,
    };
  }

  private async rescan(now: number): Promise<void> {
    this.scannedAt = now;
    const entries = await readdir(this.procDir).catch(() => [] as string[]);
    const found = await Promise.all(
      entries
        .filter((entry) => /^\d+$/.test(entry))
        .map(async (entry) => {
          const comm = await readFile(`${this.procDir}/${entry}/comm`, 'utf8').catch(() => '');
          if (!this.names.includes(comm.trim())) return null;
          const stat = await readFile(`${this.procDir}/${entry}/stat`, 'utf8').catch(() => '');
          return parseProcStatTicks(stat) === null ? null : Number(entry);
        }),
    );
    this.pids = found.filter((pid): pid is number => pid !== null);
  }

  private async read(pid: number): Promise<ProcTimes | null> {
    try {
      const [stat, statm] = await Promise.all([
        readFile(`${this.procDir}/${pid}/stat`, 'utf8'),
        readFile(`${this.procDir}/${pid}/statm`, 'utf8'),
      ]);
      const ticks = parseProcStatTicks(stat);
      const residentPages = Number(statm.split(' ')[1]);
      return ticks === null || !Number.isFinite(residentPages) ? null : { ticks, residentPages };
    } catch {
      return null; // the process exited between the scan and this read
    }
  }
}
