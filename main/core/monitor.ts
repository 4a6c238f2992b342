// The engine in one object: a runner per source, one store for all of them, and the perf sampler and the
// demo when asked. Implements the MonitorApi that the Electron shell and the headless server use.
import type { ExportKind, History, HistoryQuery, LastSeen, PerfRange, PerfSeries, Snapshot } from '../contract.js';
import type { Demo } from './demo/demo.js';
import type { MonitorApi, MonitorEvents, PerfProvider, SourceConfig } from './monitor-types.js';
import { PerfMonitor, type PerfMonitorOptions } from './perf/perf-monitor.js';
import { exportCsv } from './monitor/csv.js';
import { MonitorListeners } from './monitor/listeners.js';
import { buildInfo, logMetrics } from './monitor/metrics.js';
import { findLastSeen, queryHistory } from './monitor/queries.js';
import { SourceRunner } from './monitor/source-runner.js';
import type { FollowOptions } from './source/source.js';
import { forgetAddresses } from './store/forget-addresses.js';
import { MonitorStore } from './store/monitor-store.js';
import { DEFAULT_RETENTION_DAYS, MAX_EVENTS } from './store/retention.js';
import { STORE_VERSION, type StoreDocument } from './store/store-schema.js';

const DEFAULT_DEBOUNCE_MS = 1000;

export interface MonitorOptions {
  sources: SourceConfig[];
  dataDir: string;
  /** Days of detailed sessions kept (default 90); older ones live on in daily and per-user totals. */
  retentionDays?: number;
  tail?: FollowOptions;
  /**
   * This machine's CPU and network: sampling options (the Monitor starts the sampler and stops it on close),
   * a provider of series (tests), or null for none.
   */
  perf?: PerfSampling | PerfProvider | null;
  /** Follow the built-in demo log, kept in this folder and grown until close, as one more source. */
  demo?: string | null;
  /** How long the store waits to gather changes before writing (ms, default 1000). */
  storeDebounceMs?: number;
  /** False: keep no client address at all, and take out those a store written before holds (default true). */
  keepAddresses?: boolean;
  warn?: (message: string) => void;
}

/** Options of the sampler the Monitor runs (PerfMonitor's, less what the Monitor gives it). */
export type PerfSampling = Omit<PerfMonitorOptions, 'dataDir' | 'warn'>;

function isProvider(perf: PerfSampling | PerfProvider): perf is PerfProvider {
  return typeof (perf as PerfProvider).series === 'function';
}

/** The sampler, started; null (with a warning) where this machine's counters cannot be read. */
async function startSampler(options: PerfSampling, dataDir: string, warn: (message: string) => void): Promise<PerfMonitor | null> {
  const sampler = new PerfMonitor({ dataDir, ...options, warn });
  try {
    await sampler.start();
    return sampler;
  } catch (error) {
    warn(`murmur-monitor: performance sampling is off: ${(error as Error).message}`);
    return null;
  }
}

export class Monitor implements MonitorApi {
  readonly #runners: SourceRunner[];
  readonly #store: MonitorStore;
  readonly #listeners: MonitorListeners;
  readonly #perf: PerfProvider | null;
  readonly #retentionDays: number;
  /** Stored sources that are not configured now: kept as they are, in case they come back. */
  readonly #dormant: StoreDocument['sources'];
  #demo: Demo | null = null;
  #sampler: PerfMonitor | null = null;

  private constructor(options: MonitorOptions & { perf: PerfProvider | null }, store: MonitorStore, stored: StoreDocument) {
    const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
    this.#store = store;
    this.#perf = options.perf ?? null;
    this.#retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    const configured = new Set(options.sources.map((source) => source.name));
    this.#dormant = Object.fromEntries(Object.entries(stored.sources).filter(([name]) => !configured.has(name)));
    this.#listeners = new MonitorListeners((error) => warn(`murmur-monitor: a listener failed: ${String(error)}`));
    this.#runners = options.sources.map(
      (source) =>
        new SourceRunner(
          options.keepAddresses === false ? { ...source, keepAddresses: false } : source,
          stored.sources[source.name],
          {
            join: (event) => this.#listeners.emit('join', event),
            leave: (event) => this.#listeners.emit('leave', event),
            progress: (progress) => this.#listeners.emit('progress', progress),
            serverEvent: (event) => this.#listeners.emit('server-event', event),
            changed: () => this.#listeners.emit('changed'),
            dirty: () => this.#store.schedule(() => this.#document()),
            warn,
          },
          options.tail,
        ),
    );
  }

  /**
   * Starts the demo and the perf sampler when asked, loads the store (setting a corrupt one aside) and starts
   * every source; backfill runs in the background.
   */
  static async open(options: MonitorOptions): Promise<Monitor> {
    const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
    // Loaded only for the demo: it reads a 2 MB sample.
    const demo = options.demo ? await (await import('./demo/demo.js')).startDemo(options.demo, { onError: (error) => warn(`demo stopped: ${error.message}`) }) : null;
    const sampler = options.perf && !isProvider(options.perf) ? await startSampler(options.perf, options.dataDir, warn) : null;
    const perf = options.perf && isProvider(options.perf) ? options.perf : sampler;
    const store = new MonitorStore({ dataDir: options.dataDir, debounceMs: options.storeDebounceMs ?? DEFAULT_DEBOUNCE_MS, warn: options.warn });
    const stored = await store.load();
    if (options.keepAddresses === false) for (const source of Object.values(stored.sources)) forgetAddresses(source);
    const sources = demo === null ? options.sources : [...options.sources, demo.source];
    const monitor = new Monitor({ ...options, sources, perf }, store, stored);
    monitor.#demo = demo;
    monitor.#sampler = sampler;
    for (const runner of monitor.#runners) runner.start();
    return monitor;
  }

  /** New sampling intervals or interface names, applied at once (a sampler this Monitor runs). */
  setPerfOptions(options: PerfSampling): void {
    this.#sampler?.setOptions(options);
  }

  /** Resolves when every source has caught up with its logs (or found nothing to read). */
  async backfilled(): Promise<void> {
    await Promise.all(this.#runners.map((runner) => runner.backfilled));
  }

  /**
   * Stops the demo and following, writes the store, then stops the sampler and writes its history; says
   * which were written (MonitorStore.close, PerfMonitor.stop: true when there is none).
   */
  async close(): Promise<{ store: boolean; perf: boolean }> {
    await this.#demo?.stop();
    await Promise.all(this.#runners.map((runner) => runner.stop()));
    this.#store.schedule(() => this.#document());
    const store = await this.#store.close();
    return { store, perf: (await this.#sampler?.stop()) ?? true };
  }

  /** Look at every live file now (tests; the watcher and the periodic stat do this otherwise). */
  wake(): void {
    for (const runner of this.#runners) runner.wake();
  }

  snapshot(): Snapshot {
    return {
      servers: this.#runners.flatMap((runner) => runner.report()),
      generatedAt: new Date().toISOString(),
      sources: this.#runners.map((runner) => runner.status()),
      backfill: this.#runners.flatMap((runner) => runner.progress() ?? []),
      perf: this.#perf?.series('24h') ?? null,
    };
  }

  history(query: HistoryQuery): History {
    return queryHistory(this.#runners, query);
  }

  lastSeen(name: string): LastSeen[] {
    return findLastSeen(this.#runners, name);
  }

  perf(range: PerfRange): PerfSeries | null {
    return this.#perf?.series(range) ?? null;
  }

  exportCsv(kind: ExportKind): string {
    return exportCsv(this.#runners, kind);
  }

  metrics(): string {
    return buildInfo() + logMetrics(this.#runners) + (this.#perf?.metrics() ?? '');
  }

  on<E extends keyof MonitorEvents>(event: E, listener: MonitorEvents[E]): () => void {
    return this.#listeners.on(event, listener);
  }

  #document(): StoreDocument {
    const sources: StoreDocument['sources'] = { ...this.#dormant };
    for (const runner of this.#runners) {
      runner.history.prune({ days: this.#retentionDays, maxEvents: MAX_EVENTS });
      sources[runner.config.name] = runner.stored();
    }
    return { version: STORE_VERSION, savedAt: '', sources };
  }
}
