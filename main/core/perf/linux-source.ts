// The perf source on Linux, read straight from the kernel's files. systeminformation runs a shell per call
// here (`execSync('cat /proc/stat | grep cpu')` for the load, blocking the event loop, and one `exec` of
// several `cat`s per networkStats call); reading the same files ourselves costs a few file reads instead
// (figures in bench/sampler.bench.ts).
import { readFile, readdir } from 'node:fs/promises';
import { CLOCK_TICKS_PER_SECOND, LinuxMurmurProbe } from './linux-murmur-probe.js';
import { osInterfacesSignature, type CpuSeconds, type MurmurUsage, type NetInterface, type NetStat, type PerfSource } from './source.js';

/** ARPHRD_LOOPBACK in /sys/class/net/<if>/type. */
const LOOPBACK_TYPE = 772;
/** The first eight fields of a /proc/stat cpu line (guest time is already counted in user and nice). */
const CPU_MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/** Busy and total jiffies, and seconds by mode, from the first (aggregate) line of /proc/stat. */
export function parseCpuTimes(procStat: string): { busy: number; total: number; seconds: CpuSeconds } | null {
  const line = procStat.slice(0, procStat.indexOf('\n'));
  const values = line.trim().split(/\s+/).slice(1, 1 + CPU_MODES.length).map(Number);
  if (values.length < 4 || values.some((value) => !Number.isFinite(value))) return null;
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const seconds: CpuSeconds = {};
  values.forEach((ticks, index) => (seconds[CPU_MODES[index] ?? 'other'] = ticks / CLOCK_TICKS_PER_SECOND));
  return { busy: total - idle, total, seconds };
}

/** Interfaces that carry a default route (destination 00000000) in /proc/net/route. */
export function parseDefaultRoutes(route: string): Set<string> {
  const names = new Set<string>();
  for (const line of route.split('\n').slice(1)) {
    const [iface, destination] = line.trim().split(/\s+/);
    if (iface && destination === '00000000') names.add(iface);
  }
  return names;
}

async function readNumber(path: string): Promise<number | null> {
  try {
    const value = Number((await readFile(path, 'utf8')).trim());
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

interface Counters {
  rx: number;
  tx: number;
  at: number;
}

export class LinuxPerfSource implements PerfSource {
  private cpuBefore: { busy: number; total: number } | null = null;
  private readonly netBefore = new Map<string, Counters>();
  private readonly murmur = new LinuxMurmurProbe();

  async currentLoad(): Promise<{ currentLoad: number | null; cpuSeconds?: CpuSeconds }> {
    const now = parseCpuTimes(await readFile('/proc/stat', 'utf8'));
    const before = this.cpuBefore;
    this.cpuBefore = now;
    if (!now) return { currentLoad: null };
    if (!before || now.total <= before.total) return { currentLoad: null, cpuSeconds: now.seconds };
    return { currentLoad: ((now.busy - before.busy) / (now.total - before.total)) * 100, cpuSeconds: now.seconds };
  }

  async networkStats(ifaces: string): Promise<NetStat[]> {
    const names = ifaces.split(',').filter((name) => name !== '' && !name.includes('/'));
    return Promise.all(names.map((name) => this.interfaceStat(name)));
  }

  async networkInterfaces(): Promise<NetInterface[]> {
    const [names, route] = await Promise.all([
      readdir('/sys/class/net').catch(() => [] as string[]),
      readFile('/proc/net/route', 'utf8').catch(() => ''),
    ]);
    const defaults = parseDefaultRoutes(route);
    return Promise.all(
      names.map(async (iface) => ({
        iface,
        internal: (await readNumber(`/sys/class/net/${iface}/type`)) === LOOPBACK_TYPE,
        operstate: (await readFile(`/sys/class/net/${iface}/operstate`, 'utf8').catch(() => 'unknown')).trim(),
        default: defaults.has(iface),
      })),
    );
  }

  interfacesSignature(): string {
    return osInterfacesSignature();
  }

  murmurProcess(): Promise<MurmurUsage> {
    return this.murmur.sample();
  }

  private async interfaceStat(iface: string): Promise<NetStat> {
    const dir = `/sys/class/net/${iface}/statistics`;
    const [rx, tx] = await Promise.all([readNumber(`${dir}/rx_bytes`), readNumber(`${dir}/tx_bytes`)]);
    const at = performance.now();
    const before = this.netBefore.get(iface);
    if (rx === null || tx === null) {
      this.netBefore.delete(iface);
      return { iface, rx_sec: null, tx_sec: null, ms: 0 };
    }
    this.netBefore.set(iface, { rx, tx, at });
    // No baseline yet, or the counters went back (interface re-created): no rate for this call.
    if (!before || rx < before.rx || tx < before.tx || at <= before.at) return { iface, rx_sec: null, tx_sec: null, ms: 0, rx_bytes: rx, tx_bytes: tx };
    const seconds = (at - before.at) / 1000;
    return { iface, rx_sec: (rx - before.rx) / seconds, tx_sec: (tx - before.tx) / seconds, ms: at - before.at, rx_bytes: rx, tx_bytes: tx };
  }
}
