// The engine in one object: a runner per source, one store for all of them, optional perf. Implements the
// MonitorApi that the Electron shell and the headless server use.
import type { ExportKind, History, HistoryQuery, LastSeen, PerfRange, PerfSeries, Snapshot } from '../contract.js';
import type { MonitorApi, MonitorEvents, PerfProvider, SourceConfig } from './monitor-types.js';
import { exportCsv } from './monitor/csv.js';
import { MonitorListeners } from './monitor/listeners.js';
import { buildInfo, logMetrics } from './monitor/metrics.js';
import { findLastSeen, queryHistory } from './monitor/queries.js';
import { SourceRunner, type RunnerTailOptions } from './monitor/source-runner.js';
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
  tail?: RunnerTailOptions;
  perf?: PerfProvider | null;
  /** How long the store waits to gather changes before writing (ms, default 1000). */
  storeDebounceMs?: number;
  /** False: keep no client address at all, and take out those a store written before holds (default true). */
  keepAddresses?: boolean;
  warn?: (message: string) => void;
}

export class Monitor implements MonitorApi {
  readonly #runners: SourceRunner[];
  readonly #store: MonitorStore;
  readonly #listeners: MonitorListeners;
  readonly #perf: PerfProvider | null;
  readonly #retentionDays: number;
  /** Stored sources that are not configured now: kept as they are, in case they come back. */
  readonly #dormant: StoreDocument['sources'];

  private constructor(options: MonitorOptions, store: MonitorStore, stored: StoreDocument) {
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

  /** Loads the store (setting a corrupt one aside) and starts every source; backfill runs in the background. */
  static async open(options: MonitorOptions): Promise<Monitor> {
    const store = new MonitorStore({ dataDir: options.dataDir, debounceMs: options.storeDebounceMs ?? DEFAULT_DEBOUNCE_MS, warn: options.warn });
    const stored = await store.load();
    if (options.keepAddresses === false) for (const source of Object.values(stored.sources)) forgetAddresses(source);
    const monitor = new Monitor(options, store, stored);
    for (const runner of monitor.#runners) runner.start();
    return monitor;
  }

  /** Resolves when every source has caught up with its logs (or found nothing to read). */
  async backfilled(): Promise<void> {
    await Promise.all(this.#runners.map((runner) => runner.backfilled));
  }

  /** Stops following, then writes the store; resolves to whether it was written (MonitorStore.close). */
  async close(): Promise<boolean> {
    await Promise.all(this.#runners.map((runner) => runner.stop()));
    this.#store.schedule(() => this.#document());
    return this.#store.close();
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
