// A systeminformation-like perf source driven by a fake clock, with the library's first-call behaviour:
// the first load and the first stats per interface have no baseline and come back as null.
import type { CpuSeconds, MurmurUsage, NetInterface, NetStat, PerfSource } from '../../main/core/perf/source.js';

export class FakeClock {
  constructor(public t: number) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export class FakePerfSource implements PerfSource {
  /** The load the next currentLoad() reports (after its first, null, call). */
  cpu = 10;
  /** The CPU time counters every currentLoad() reports. */
  cpuSeconds: CpuSeconds = { user: 120.5, system: 30.25, idle: 900 };
  murmur: MurmurUsage = { cpu: 2, memMB: 40 };
  list: NetInterface[] = [
    { iface: 'eth0', internal: false, operstate: 'up', default: true },
    { iface: 'lo', internal: true, operstate: 'unknown', default: false },
    { iface: 'wlan0', internal: false, operstate: 'down', default: false },
  ];
  signature = 'first';
  readonly calls = { currentLoad: 0, networkStats: [] as string[], networkInterfaces: 0, open: 0, close: 0 };
  /** Cumulative byte counters per interface; tests move them with `flow`. */
  private readonly counters = new Map<string, { rx: number; tx: number }>();
  private readonly previous = new Map<string, { rx: number; tx: number; at: number }>();

  constructor(private readonly clock: FakeClock) {}

  /** Steady traffic for `ms`: the clock and every named interface's counters move together. */
  flow(ms: number, rates: Record<string, { rxBps: number; txBps: number }>): void {
    this.clock.advance(ms);
    for (const [iface, { rxBps, txBps }] of Object.entries(rates)) {
      const counter = this.counters.get(iface) ?? { rx: 0, tx: 0 };
      this.counters.set(iface, { rx: counter.rx + (rxBps * ms) / 1000, tx: counter.tx + (txBps * ms) / 1000 });
    }
  }

  async currentLoad(): Promise<{ currentLoad: number | null; cpuSeconds: CpuSeconds }> {
    this.calls.currentLoad += 1;
    return { currentLoad: this.calls.currentLoad === 1 ? null : this.cpu, cpuSeconds: { ...this.cpuSeconds } };
  }

  async networkStats(ifaces: string): Promise<NetStat[]> {
    this.calls.networkStats.push(ifaces);
    return ifaces.split(',').map((iface) => {
      const now = this.counters.get(iface) ?? { rx: 0, tx: 0 };
      const before = this.previous.get(iface);
      this.previous.set(iface, { ...now, at: this.clock.t });
      const counters = { rx_bytes: now.rx, tx_bytes: now.tx };
      if (!before || this.clock.t <= before.at) return { iface, rx_sec: null, tx_sec: null, ms: 0, ...counters };
      const ms = this.clock.t - before.at;
      return { iface, rx_sec: ((now.rx - before.rx) * 1000) / ms, tx_sec: ((now.tx - before.tx) * 1000) / ms, ms, ...counters };
    });
  }

  async networkInterfaces(): Promise<NetInterface[]> {
    this.calls.networkInterfaces += 1;
    return this.list.map((item) => ({ ...item }));
  }

  interfacesSignature(): string {
    return this.signature;
  }

  async murmurProcess(): Promise<MurmurUsage> {
    return { ...this.murmur };
  }

  open(): void {
    this.calls.open += 1;
  }

  close(): void {
    this.calls.close += 1;
  }
}
