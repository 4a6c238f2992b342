// Two self-rescheduling timers read the source: CPU load at one cadence, network traffic and the Murmur
// process at another. Each tick turns what it measured into a Reading; rates the source cannot give yet
// (first call per interface, counter reset) are left out rather than reported as zero.
import type { Reading, NetReading } from './rollup.js';
import type { CpuSeconds, NetInterface, NetStat, PerfSource } from './source.js';

/** Kbit/s per byte/s. */
const KBPS_PER_BYTE_PER_SECOND = 0.008;

export type SampleKind = 'cpu' | 'net';

/**
 * The newest cumulative counters as the system keeps them (since boot, since the interface came up, since
 * Murmur started), for Prometheus, which computes rates itself and handles their resets.
 */
export interface PerfCounters {
  cpuSeconds: CpuSeconds | null;
  /** The interfaces read by the last network tick. */
  net: Record<string, { rxBytes: number; txBytes: number }>;
  murmurCpuSeconds: number | null;
}

export interface SamplerOptions {
  cpuIntervalSec: number;
  netIntervalSec: number;
  /** Explicit interfaces; empty means "resolve automatically, and again when they change". */
  interfaces: string[];
  now: () => number;
  onReading: (reading: Reading) => void;
  warn: (message: string) => void;
}

/** The interfaces worth charting: the default route's, and every other external interface that is up. */
export function chooseInterfaces(list: NetInterface[]): string[] {
  return list.filter((item) => item.default || (!item.internal && item.operstate === 'up')).map((item) => item.iface);
}

export class Sampler {
  private resolved: string[] = [];
  private signature: string | undefined;
  private readonly timers = new Map<SampleKind, NodeJS.Timeout>();
  private readonly running = new Set<SampleKind>();
  private readonly reported = new Set<string>();
  private active = false;
  /** Set by stop(): readings that complete afterwards are dropped. */
  private stopped = false;
  private opened = false;
  /** Ticks dropped because the previous sample of the same kind had not finished. */
  skipped = 0;
  readonly counters: PerfCounters = { cpuSeconds: null, net: {}, murmurCpuSeconds: null };

  constructor(
    private readonly source: PerfSource,
    private options: SamplerOptions,
  ) {}

  /** The interfaces the next network tick reads. */
  get interfaces(): string[] {
    return this.options.interfaces.length > 0 ? this.options.interfaces : this.resolved;
  }

  /** First calls only set the source's baselines (their null rates are discarded); then the timers run. */
  async start(): Promise<void> {
    if (!this.opened) this.source.open?.();
    this.opened = true;
    this.stopped = false;
    await this.refreshInterfaces();
    await Promise.all([
      this.guard('cpu', () => this.source.currentLoad()),
      this.guard('net', () => Promise.all([this.source.networkStats(this.interfaces.join(',')), this.source.murmurProcess()])),
    ]);
    this.active = true;
    this.schedule('cpu');
    this.schedule('net');
  }

  stop(): void {
    this.active = false;
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    if (this.opened) this.source.close?.();
    this.opened = false;
  }

  update(partial: Partial<Pick<SamplerOptions, 'cpuIntervalSec' | 'netIntervalSec' | 'interfaces'>>): void {
    const interfacesChanged = partial.interfaces !== undefined && partial.interfaces.join(',') !== this.options.interfaces.join(',');
    this.options = { ...this.options, ...partial };
    if (interfacesChanged) this.signature = undefined; // back to automatic: resolve on the next tick
    if (!this.active) return;
    if (partial.cpuIntervalSec !== undefined) this.schedule('cpu');
    if (partial.netIntervalSec !== undefined) this.schedule('net');
  }

  /** One sample of `kind` now (the timers call this; tests call it with a fake clock). Skipped if one is running. */
  async sample(kind: SampleKind): Promise<void> {
    const reading = await this.guard(kind, () => (kind === 'cpu' ? this.readCpu() : this.readNet()));
    // A reading still in flight when stop() came would land after the final write of the rollups.
    if (reading && !this.stopped) this.options.onReading(reading);
  }

  private async readCpu(): Promise<Reading | null> {
    const { currentLoad, cpuSeconds } = await this.source.currentLoad();
    this.counters.cpuSeconds = cpuSeconds ?? null;
    return currentLoad === null || !Number.isFinite(currentLoad) ? null : { t: this.options.now(), cpu: currentLoad };
  }

  private async readNet(): Promise<Reading> {
    if (this.options.interfaces.length === 0 && this.source.interfacesSignature() !== this.signature) {
      await this.refreshInterfaces();
    }
    const [stats, murmur] = await Promise.all([
      this.interfaces.length > 0 ? this.source.networkStats(this.interfaces.join(',')) : Promise.resolve([]),
      this.source.murmurProcess(),
    ]);
    this.keepCounters(stats, murmur.cpuSeconds);
    const net: NetReading[] = [];
    for (const stat of stats) {
      if (stat.rx_sec === null || stat.tx_sec === null || !this.interfaces.includes(stat.iface)) continue;
      net.push({
        iface: stat.iface,
        rxKbps: stat.rx_sec * KBPS_PER_BYTE_PER_SECOND,
        txKbps: stat.tx_sec * KBPS_PER_BYTE_PER_SECOND,
        rxBytes: (stat.rx_sec * stat.ms) / 1000,
        txBytes: (stat.tx_sec * stat.ms) / 1000,
      });
    }
    return { t: this.options.now(), net, murmur: { cpu: murmur.cpu, memMB: murmur.memMB } };
  }

  private keepCounters(stats: NetStat[], murmurCpuSeconds: number | undefined): void {
    this.counters.net = {};
    for (const { iface, rx_bytes: rxBytes, tx_bytes: txBytes } of stats) {
      if (rxBytes !== undefined && txBytes !== undefined && this.interfaces.includes(iface)) this.counters.net[iface] = { rxBytes, txBytes };
    }
    this.counters.murmurCpuSeconds = murmurCpuSeconds ?? null;
  }

  private async refreshInterfaces(): Promise<void> {
    if (this.options.interfaces.length > 0) return;
    this.signature = this.source.interfacesSignature();
    const list = await this.source.networkInterfaces().catch((error: unknown) => {
      this.report(`perf: could not list network interfaces: ${String(error)}`);
      return [];
    });
    this.resolved = chooseInterfaces(list);
  }

  /** Runs one sample of `kind` unless one is already running; a failure is reported once per message. */
  private async guard<T>(kind: SampleKind, work: () => Promise<T>): Promise<T | null> {
    if (this.running.has(kind)) {
      this.skipped += 1;
      return null;
    }
    this.running.add(kind);
    try {
      return await work();
    } catch (error) {
      this.report(`perf: ${kind} sample failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    } finally {
      this.running.delete(kind);
    }
  }

  private report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.options.warn(message);
  }

  /** Fixed-rate ticks: the next one is due one interval after the last was due, or later if that is past. */
  private schedule(kind: SampleKind, due = performance.now()): void {
    clearTimeout(this.timers.get(kind));
    const intervalMs = 1000 * (kind === 'cpu' ? this.options.cpuIntervalSec : this.options.netIntervalSec);
    let next = due + intervalMs;
    const now = performance.now();
    if (next <= now) next = now + intervalMs - ((now - due) % intervalMs);
    const timer = setTimeout(() => {
      void this.sample(kind).finally(() => {
        if (this.active) this.schedule(kind, next);
      });
    }, next - now);
    timer.unref();
    this.timers.set(kind, timer);
  }
}
