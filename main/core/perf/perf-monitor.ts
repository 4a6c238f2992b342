// The perf side of the monitor in one object: it samples, rolls up, stores and serves the host's CPU and
// traffic and the Murmur process's figures. `serve` and the Electron app each own one.
import type { NetRate, PerfPoint, PerfRange, PerfSeries } from '../../contract.js';
import { defaultPerfSource } from './default-source.js';
import { PerfStore } from './perf-store.js';
import { perfMetrics } from './prometheus.js';
import { addReading, emptyRollup, prune, type Reading, type RollupData } from './rollup.js';
import { Sampler, type SampleKind } from './sampler.js';
import { rangePoints, rangeWidthSeconds } from './series.js';
import type { PerfSource } from './source.js';

/** How far back the raw samples reach. */
const SAMPLES_MS = 15 * 60_000;

/** Intervals are seconds between 0.1 (tests) and one hour; anything else is a caller's mistake worth an error. */
function checkInterval(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0.1 && value <= 3600)) {
    throw new RangeError(`perf: ${name} must be a number of seconds from 0.1 to 3600, not ${String(value)}`);
  }
}

export interface PerfMonitorOptions {
  dataDir: string;
  cpuIntervalSec?: number;
  netIntervalSec?: number;
  /** Interfaces to watch; default: the default-route interface and every external interface that is up. */
  interfaces?: string[];
  /** Interface name → name shown to the user ("WAN" for eth0). */
  aliases?: Record<string, string>;
  /** A systeminformation-like source (tests inject a fake); default: /proc and /sys on Linux, systeminformation elsewhere. */
  source?: PerfSource;
  now?: () => number;
  warn?: (message: string) => void;
  /** Delay before changed rollups are written to perf.json (default one minute; always written on stop). */
  writeDelayMs?: number;
}

export type PerfOptionsUpdate = Partial<Pick<PerfMonitorOptions, 'cpuIntervalSec' | 'netIntervalSec' | 'interfaces' | 'aliases'>>;

export class PerfMonitor {
  private rollup: RollupData = emptyRollup();
  private samples: PerfPoint[] = [];
  private current: PerfPoint | null = null;
  /** When each part of `current` was measured, so a figure that stopped coming is not repeated forever. */
  private measuredAt = { cpu: -Infinity, net: -Infinity };
  private loaded = false;
  private aliases: Record<string, string>;
  private intervals: { cpu: number; net: number };
  private readonly listeners = new Set<(point: PerfPoint) => void>();
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  private readonly store: PerfStore;
  private readonly sampler: Sampler;

  constructor(options: PerfMonitorOptions) {
    checkInterval('cpuIntervalSec', options.cpuIntervalSec);
    checkInterval('netIntervalSec', options.netIntervalSec);
    this.now = options.now ?? Date.now;
    this.aliases = { ...options.aliases };
    this.intervals = { cpu: options.cpuIntervalSec ?? 20, net: options.netIntervalSec ?? 15 };
    const warn = options.warn ?? ((message: string) => console.warn(message));
    this.warn = warn;
    this.store = new PerfStore({ dataDir: options.dataDir, debounceMs: options.writeDelayMs, warn });
    this.sampler = new Sampler(options.source ?? defaultPerfSource(), {
      cpuIntervalSec: this.intervals.cpu,
      netIntervalSec: this.intervals.net,
      interfaces: options.interfaces ?? [],
      now: this.now,
      onReading: (reading) => this.record(reading),
      warn,
    });
  }

  /** Loads the stored series, primes the counters (their first-call nulls are discarded) and starts sampling. */
  async start(): Promise<void> {
    this.rollup = await this.store.load();
    this.loaded = true;
    prune(this.rollup, this.now());
    await this.sampler.start();
  }

  /**
   * Stops sampling and writes the rollups (never an empty document over a file that was not loaded);
   * resolves to whether they are on disk.
   */
  async stop(): Promise<boolean> {
    this.sampler.stop();
    return this.loaded ? this.store.close() : true;
  }

  /** Takes one sample now instead of waiting for the timer (tests, and a "refresh" button). */
  sampleNow(kind?: SampleKind): Promise<void> {
    return kind ? this.sampler.sample(kind) : Promise.all([this.sampler.sample('cpu'), this.sampler.sample('net')]).then(() => undefined);
  }

  series(range: PerfRange): PerfSeries {
    const now = this.now();
    return {
      interval: rangeWidthSeconds(range),
      points: rangePoints(this.rollup, range, now),
      samples: this.samples.filter((point) => point.t > now - SAMPLES_MS),
      latest: this.current,
      aliases: { ...this.aliases },
      daily: this.rollup.daily.map((day) => ({ date: day.date, net: structuredClone(day.net) })),
    };
  }

  latest(): PerfPoint | null {
    return this.current;
  }

  /** The interfaces being sampled now. */
  interfaces(): string[] {
    return [...this.sampler.interfaces];
  }

  metrics(): string {
    return perfMetrics(this.sampler.counters, this.current, this.aliases);
  }

  /** `sample` fires whenever `latest()` changes: after every CPU and every network tick. */
  on(event: 'sample', listener: (point: PerfPoint) => void): () => void {
    if (event !== 'sample') throw new Error(`PerfMonitor has no event "${String(event)}"`);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** New intervals, aliases or interfaces take effect at once, without a restart (an empty interface list means automatic). */
  setOptions(partial: PerfOptionsUpdate): void {
    checkInterval('cpuIntervalSec', partial.cpuIntervalSec);
    checkInterval('netIntervalSec', partial.netIntervalSec);
    if (partial.aliases) this.aliases = { ...partial.aliases };
    if (partial.cpuIntervalSec !== undefined) this.intervals.cpu = partial.cpuIntervalSec;
    if (partial.netIntervalSec !== undefined) this.intervals.net = partial.netIntervalSec;
    const { cpuIntervalSec, netIntervalSec, interfaces } = partial;
    this.sampler.update({
      ...(cpuIntervalSec !== undefined && { cpuIntervalSec }),
      ...(netIntervalSec !== undefined && { netIntervalSec }),
      ...(interfaces !== undefined && { interfaces }),
    });
  }

  private record(reading: Reading): void {
    addReading(this.rollup, reading);
    prune(this.rollup, reading.t);
    this.store.changed();
    if (reading.cpu !== undefined) this.measuredAt.cpu = reading.t;
    if (reading.net) this.measuredAt.net = reading.t;
    const point = this.merge(reading);
    this.current = point;
    // Raw samples are the network ticks (each carries the newest CPU figure): one point per real traffic reading.
    if (reading.net) this.samples.push(point);
    while ((this.samples[0]?.t ?? Infinity) <= reading.t - SAMPLES_MS) this.samples.shift();
    for (const listener of this.listeners) {
      try {
        listener(point);
      } catch (error) {
        this.warn(`perf: a sample listener failed: ${error instanceof Error ? error.message : String(error)}`); // sampling goes on
      }
    }
  }

  /** The newest value of every figure; one measured at the other cadence is kept while it is still fresh. */
  private merge(reading: Reading): PerfPoint {
    const fresh = (at: number, intervalSec: number): boolean => reading.t - at <= 2 * intervalSec * 1000 + 1000;
    const previous = this.current;
    const cpuFresh = fresh(this.measuredAt.cpu, this.intervals.cpu);
    const netFresh = fresh(this.measuredAt.net, this.intervals.net);
    const net: Record<string, NetRate> = {};
    for (const item of reading.net ?? []) net[item.iface] = { rxKbps: item.rxKbps, txKbps: item.txKbps };
    return {
      t: reading.t,
      cpu: reading.cpu ?? (cpuFresh ? (previous?.cpu ?? null) : null),
      net: reading.net ? net : netFresh ? { ...previous?.net } : {},
      murmur: reading.murmur ?? (netFresh && previous ? previous.murmur : { cpu: null, memMB: null }),
    };
  }
}
