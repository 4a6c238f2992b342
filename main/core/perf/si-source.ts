// The perf source on Windows and macOS: systeminformation, called as cheaply as it allows.
// On Windows every call otherwise spawns its own PowerShell; the maintainer's advice is to keep one
// persistent shell for the whole run (sebhildebrandt/systeminformation#788, CPU hog in #626).
import { availableParallelism, totalmem } from 'node:os';
import si from 'systeminformation';
import { MURMUR_PROCESS_NAMES, NO_MURMUR, osCpuSeconds, osInterfacesSignature, type CpuSeconds, type MurmurUsage, type NetInterface, type NetStat, type PerfSource } from './source.js';

/**
 * On Windows `processLoad` lists every process through WMI (`Get-CimInstance Win32_Process`), so the
 * Murmur figures are refreshed once a minute there and repeated in between; `ps` on macOS is cheap.
 */
const MURMUR_REFRESH_MS = process.platform === 'win32' ? 60_000 : 0;

export class SiPerfSource implements PerfSource {
  private murmurAt = -Infinity;
  private murmurLast: MurmurUsage = NO_MURMUR;

  open(): void {
    if (process.platform === 'win32') si.powerShellStart();
  }

  close(): void {
    if (process.platform === 'win32') si.powerShellRelease();
  }

  async currentLoad(): Promise<{ currentLoad: number | null; cpuSeconds?: CpuSeconds }> {
    const load = await si.currentLoad();
    return { currentLoad: Number.isFinite(load.currentLoad) ? load.currentLoad : null, cpuSeconds: osCpuSeconds() };
  }

  async networkStats(ifaces: string): Promise<NetStat[]> {
    // The typings say number, but the first call per interface gives null rates (lib/network.js).
    const stats = await si.networkStats(ifaces);
    return stats.map((stat) => ({
      iface: stat.iface,
      rx_sec: stat.rx_sec ?? null,
      tx_sec: stat.tx_sec ?? null,
      ms: stat.ms,
      rx_bytes: stat.rx_bytes,
      tx_bytes: stat.tx_bytes,
    }));
  }

  async networkInterfaces(): Promise<NetInterface[]> {
    const list = await si.networkInterfaces(true);
    return list.map(({ iface, internal, operstate, default: isDefault }) => ({ iface, internal, operstate, default: isDefault }));
  }

  interfacesSignature(): string {
    return osInterfacesSignature();
  }

  async murmurProcess(): Promise<MurmurUsage> {
    const now = performance.now();
    if (now - this.murmurAt < MURMUR_REFRESH_MS) return this.murmurLast;
    this.murmurAt = now;
    const rows = await si.processLoad(MURMUR_PROCESS_NAMES.join(','));
    const running = rows.filter((row) => row.pid !== null && row.pids.length > 0);
    if (running.length === 0) return (this.murmurLast = NO_MURMUR);
    const cpu = running.reduce((sum, row) => sum + row.cpu, 0);
    const memPercent = running.reduce((sum, row) => sum + row.mem, 0);
    this.murmurLast = {
      // `ps` reports percent of one core; WMI deltas are already percent of the whole machine.
      cpu: process.platform === 'win32' ? cpu : cpu / availableParallelism(),
      memMB: ((memPercent / 100) * totalmem()) / (1024 * 1024),
    };
    return this.murmurLast;
  }
}
