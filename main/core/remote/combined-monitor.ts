// What the tray app shows: its local Monitor and its remote agents merged into one view, so the tray, the
// notifications and the dashboard treat a remote source like a local one. Queries go to every part (a
// filter on one source only to its owner); an agent that cannot answer is left out of the answer, and its
// sources say `unreachable` in the snapshot.
import { callsThrough, MONITOR_CALLS, type MonitorRequests } from '../../api.js';
import type { ExportKind, History, HistoryQuery, LastSeen, PerfRange, PerfSeries, Snapshot } from '../../contract.js';
import { emptyPerfSeries } from '../monitor-calls.js';
import { rankLastSeen, topUsers } from '../monitor/queries.js';
import type { MonitorApi, MonitorEvents } from '../monitor-types.js';
import { SEPARATOR } from './prefix.js';
import type { RemoteSource } from './remote-source.js';

/** What the shell sees of the engine: the snapshot at once (the tray), the table's calls, the events. */
export interface MonitorView {
  snapshot(): Snapshot;
  readonly requests: MonitorRequests;
  on<E extends keyof MonitorEvents>(event: E, listener: MonitorEvents[E]): () => void;
}

/** What the view needs of a remote agent's client (a RemoteSource; the shell's tests pass fakes). */
export type RemoteView = Pick<RemoteSource, 'snapshot' | 'requests' | 'on'>;

export interface CombinedOptions {
  local: MonitorApi;
  remotes: readonly RemoteView[];
  /** Whether the local monitor follows any log; if not, the perf charts show the first remote's machine. */
  localSources: boolean;
  warn: (message: string) => void;
}

const EMPTY_HISTORY: History = { sessions: [], serverEvents: [], security: [], topUsers: [] };

export class CombinedMonitor implements MonitorView {
  readonly requests: MonitorRequests;
  readonly #local: MonitorApi;
  readonly #remotes: readonly RemoteView[];
  readonly #perfFromRemote: boolean;
  readonly #warn: (message: string) => void;

  constructor(options: CombinedOptions) {
    this.#local = options.local;
    this.#remotes = options.remotes;
    // Where Murmur runs elsewhere, that machine's CPU and network matter, not this desktop's.
    this.#perfFromRemote = !options.localSources && options.remotes.length > 0;
    this.#warn = options.warn;
    const handlers: MonitorRequests = {
      getSnapshot: async () => this.snapshot(),
      getHistory: (query) => this.#history(query),
      findLastSeen: (name) => this.#lastSeen(name),
      getPerf: (range) => this.#perf(range),
      exportCsv: (kind) => this.#csv(kind),
    };
    // Through the table, so a call added there without a handler here fails the build, not the window.
    this.requests = callsThrough(MONITOR_CALLS, (name, _entry, args) => (handlers[name] as (...values: unknown[]) => Promise<unknown>)(...args));
  }

  snapshot(): Snapshot {
    const parts = [this.#local.snapshot(), ...this.#remotes.map((remote) => remote.snapshot())];
    const local = parts[0] as Snapshot;
    const perf = this.#perfFromRemote ? (parts.slice(1).find((part) => part.perf !== null)?.perf ?? null) : local.perf;
    return {
      generatedAt: local.generatedAt,
      servers: parts.flatMap((part) => part.servers),
      sources: parts.flatMap((part) => part.sources),
      backfill: parts.flatMap((part) => part.backfill),
      perf,
    };
  }

  on<E extends keyof MonitorEvents>(event: E, listener: MonitorEvents[E]): () => void {
    const stops = [this.#local.on(event, listener), ...this.#remotes.map((remote) => remote.on(event, listener))];
    return () => stops.forEach((stop) => stop());
  }

  /** Each remote's answer, or nothing from one that cannot answer now (its snapshot says so). */
  async #fromRemotes<T>(ask: (remote: RemoteView) => Promise<T>): Promise<T[]> {
    const answers = await Promise.allSettled(this.#remotes.map(ask));
    return answers.flatMap((answer) => {
      if (answer.status === 'fulfilled') return [answer.value];
      this.#warn(answer.reason instanceof Error ? answer.reason.message : String(answer.reason));
      return [];
    });
  }

  async #history(query: HistoryQuery): Promise<History> {
    const remoteSource = query.source?.includes(SEPARATOR) ?? false;
    const parts = [remoteSource ? EMPTY_HISTORY : this.#local.history(query), ...(await this.#fromRemotes((remote) => remote.requests.getHistory(query)))];
    const sessions = parts.flatMap((part) => part.sessions);
    return {
      sessions,
      serverEvents: parts.flatMap((part) => part.serverEvents),
      security: parts.flatMap((part) => part.security),
      topUsers: topUsers(sessions),
    };
  }

  async #lastSeen(name: string): Promise<LastSeen[]> {
    const parts = [this.#local.lastSeen(name), ...(await this.#fromRemotes((remote) => remote.requests.findLastSeen(name)))];
    return rankLastSeen(parts.flat(), name);
  }

  async #perf(range: PerfRange): Promise<PerfSeries> {
    if (!this.#perfFromRemote) return this.#local.perf(range) ?? emptyPerfSeries(range);
    for (const remote of this.#remotes) {
      const series = await remote.requests.getPerf(range).catch(() => null);
      if (series !== null) return series;
    }
    return emptyPerfSeries(range);
  }

  async #csv(kind: ExportKind): Promise<string> {
    const rows = await this.#fromRemotes((remote) => remote.requests.exportCsv(kind));
    return this.#local.exportCsv(kind) + rows.join('');
  }
}

