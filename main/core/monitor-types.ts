// What the Electron shell and the headless server see of the engine. `Monitor` (monitor.ts) implements it;
// the shell's tests use fakes of it.
import type {
  BackfillProgress,
  ExportKind,
  History,
  HistoryQuery,
  LastSeen,
  LeaveEvent,
  PerfRange,
  PerfSeries,
  PresenceEvent,
  ServerEventRecord,
  Snapshot,
} from '../contract.js';

export interface SourceConfig {
  /** Short name shown everywhere (`--source NAME=PATH`). */
  name: string;
  /** Path of the live log; rotations PATH.1, PATH.2(.gz), ... are read first. */
  path: string;
  /** IANA zone the log's times are written in (`Europe/Berlin`); absent = the zone of the machine running the monitor. */
  timezone?: string;
  /** Server capacity (`users=` of its ini) when known. */
  capacity?: number;
  /** False: keep no client address of this source, in memory or on disk (TrackerOptions.addresses). */
  keepAddresses?: boolean;
}

export interface MonitorEvents {
  /** A user authenticated, seen live (never emitted for backfilled history). */
  join: (event: PresenceEvent) => void;
  /** A session ended, seen live. A restart that closes nine sessions emits nine leaves in one tick. */
  leave: (event: LeaveEvent) => void;
  progress: (progress: BackfillProgress) => void;
  /** Murmur booted, shut down, crashed, or started or stopped a virtual server, seen live (never for history). */
  'server-event': (event: ServerEventRecord) => void;
  /** Source state, backfill completion or day roll-over: a new snapshot is worth fetching. */
  changed: () => void;
}

export interface MonitorApi {
  snapshot(): Snapshot;
  history(query: HistoryQuery): History;
  lastSeen(name: string): LastSeen[];
  perf(range: PerfRange): PerfSeries | null;
  exportCsv(kind: ExportKind): string;
  /** Prometheus text exposition of the engine's gauges and counters. */
  metrics(): string;
  on<E extends keyof MonitorEvents>(event: E, listener: MonitorEvents[E]): () => void;
}

/** The perf side as the monitor needs it (PerfMonitor in perf/ implements it; tests pass fakes). */
export interface PerfProvider {
  series(range: PerfRange): PerfSeries;
  /** Prometheus text of the perf gauges. */
  metrics(): string;
}
