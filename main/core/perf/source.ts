// What the sampler needs from the machine, in systeminformation's own names and shapes, so the real
// library, our direct Linux reader and the tests' fake are interchangeable.

import { cpus, networkInterfaces } from 'node:os';

/** One interface's traffic since the previous call for it. Rates are null on the first call (no baseline). */
export interface NetStat {
  iface: string;
  /** Bytes per second received; null on the first call for this interface or after a counter reset. */
  rx_sec: number | null;
  tx_sec: number | null;
  /** Milliseconds the rates cover. */
  ms: number;
  /** The system's own byte counters (since the interface came up), for Prometheus; absent when unreadable. */
  rx_bytes?: number;
  tx_bytes?: number;
}

export interface NetInterface {
  iface: string;
  internal: boolean;
  operstate: string;
  /** The interface that carries the default route. */
  default: boolean;
}

/** CPU and resident memory of every running Murmur process together; null when none runs (or no baseline yet). */
export interface MurmurUsage {
  /** Percent of the whole machine (all cores), like the host figure it is shown beside. */
  cpu: number | null;
  memMB: number | null;
  /** CPU seconds the running Murmur processes used since they started, where the platform tells it cheaply. */
  cpuSeconds?: number;
}

/** CPU time of all cores together since boot, in seconds, by mode (`user`, `system`, `idle`, ...). */
export type CpuSeconds = Record<string, number>;

export interface PerfSource {
  /** Total CPU load in percent since the previous call (null on the first call), and the CPU time counters. */
  currentLoad(): Promise<{ currentLoad: number | null; cpuSeconds?: CpuSeconds }>;
  /** Traffic of the named interfaces (comma-separated, always explicit: never the library's default lookup). */
  networkStats(ifaces: string): Promise<NetStat[]>;
  /** Every interface with its state; called once at start and again when `interfacesSignature` changes. */
  networkInterfaces(): Promise<NetInterface[]>;
  /** A cheap value that changes when interfaces come or go (checked every network tick). */
  interfacesSignature(): string;
  murmurProcess(): Promise<MurmurUsage>;
  /** Acquire what sampling needs for a long run (Windows: the persistent PowerShell). */
  open?(): void;
  close?(): void;
}

export const NO_MURMUR: MurmurUsage = Object.freeze({ cpu: null, memMB: null });

/** Names the Murmur server runs under: Debian/Ubuntu `murmurd` (1.3) and `mumble-server` (1.4+), Windows `murmur.exe`. */
export const MURMUR_PROCESS_NAMES = ['murmurd', 'mumble-server', 'murmur.exe', 'murmur'] as const;

/** Names of the interfaces that have an address, from one getifaddrs() call: no file read, no subprocess. */
export function osInterfacesSignature(): string {
  return Object.keys(networkInterfaces()).sort().join(',');
}

/** CPU seconds by mode from Node's per-core times (milliseconds since boot), for platforms without /proc/stat. */
export function osCpuSeconds(): CpuSeconds {
  const total: CpuSeconds = {};
  for (const core of cpus()) {
    for (const [name, ms] of Object.entries(core.times)) {
      const mode = name === 'sys' ? 'system' : name; // the kernel's and node_exporter's name
      total[mode] = (total[mode] ?? 0) + ms / 1000;
    }
  }
  return total;
}
