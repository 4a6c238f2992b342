// One source from first start to shutdown: backfill of its rotations (resumed by content fingerprint), then
// the live file through the tailer, every line into the tracker, history kept for the store. Join and leave
// notifications start only once the backfill has caught up with the end of the live file.
import type { BackfillProgress, LeaveEvent, PresenceEvent, ServerEventRecord, ServerReport, SourceState, SourceStatus } from '../../contract.js';
import { LineSplitter } from '../lines.js';
import type { SourceConfig } from '../monitor-types.js';
import { logDate } from '../murmur/log-time.js';
import { localLogTime } from '../store/log-time.js';
import { SourceTracker, type TrackerListener, type TrackerState } from '../murmur/tracker.js';
import type { EncodedHistory } from '../store/history-codec.js';
import type { FinishedFile, StoredSource } from '../store/store-schema.js';
import { FileTailer, type ResetReason, type TailListener, type TailOptions, type TailState } from '../tail/file-tailer.js';
import { fingerprintOf, headMatches } from '../tail/fingerprint.js';
import type { Position } from '../tail/tail-decision.js';
import { filesOnDisk } from './backfill-files.js';
import { planBackfill, type FileToRead } from './backfill-plan.js';
import { feedChunk, readFileLines } from './file-reader.js';
import { ProgressMeter } from './progress-meter.js';
import { SourceHistory } from './source-history.js';

export interface RunnerHooks {
  join(event: PresenceEvent): void;
  leave(event: LeaveEvent): void;
  progress(progress: BackfillProgress): void;
  /** A server event seen live (never one read from history). */
  serverEvent(event: ServerEventRecord): void;
  /** A new snapshot is worth fetching. */
  changed(): void;
  /** State worth saving changed. */
  dirty(): void;
  warn(message: string): void;
}

export type RunnerTailOptions = Pick<TailOptions, 'pollIntervalMs' | 'usePolling' | 'watch' | 'rotateWaitMs'>;

/** Finished files remembered per source: far more than logrotate keeps. */
const MAX_FINISHED = 64;
const PROGRESS_INTERVAL_MS = 250;
/**
 * Log read between two serialisations of the changed history in a backfill. Each rebuilds the day blocks
 * sessions were added to, whole: after every 64 KiB chunk that cost a backfill a tenth of its time.
 */
const PREPARE_EVERY_BYTES = 1024 * 1024;
/** Murmur writes its log in its host's local time: a source without a configured zone is read in this machine's. */
const LOCAL_TIMEZONE = new Intl.DateTimeFormat().resolvedOptions().timeZone;

function isTrackerState(value: unknown): value is TrackerState {
  const state = value as Partial<TrackerState> | null;
  return typeof state === 'object' && state !== null && state.version === 1 && Array.isArray(state.servers);
}

export class SourceRunner implements TailListener {
  readonly config: SourceConfig;
  /** Empty until the stored history is loaded, at the start of the run. */
  history = new SourceHistory();
  tracker: SourceTracker;
  readonly #listener: TrackerListener;
  readonly #hooks: RunnerHooks;
  readonly #tailOptions: RunnerTailOptions;
  /** The stored history while it is not loaded yet: written back as it is if the monitor stops before. */
  #storedHistory: EncodedHistory | null;
  #finished: FinishedFile[];
  #cursor: Position | null;
  #bytesRead: number;
  #tailState: TailState | null = null;
  #message: string | undefined;
  #live = false;
  #meter: ProgressMeter | null = null;
  #liveBase = 0;
  #lastProgressAt = 0;
  #lastDate: string | null;
  /** A live line made a server event (a restart, a crash): the dashboard's event list and charts change. */
  #serverEventSeen = false;
  #tailer: FileTailer | null = null;
  #stopped = false;
  #running: Promise<void> = Promise.resolve();
  #backfilled: () => void = () => undefined;
  /** Resolves once the backfill is over (caught up, or nothing readable to catch up with). */
  readonly backfilled: Promise<void>;

  constructor(config: SourceConfig, stored: StoredSource | undefined, hooks: RunnerHooks, tailOptions: RunnerTailOptions = {}) {
    this.config = config;
    this.#hooks = hooks;
    this.#tailOptions = tailOptions;
    this.backfilled = new Promise((resolve) => (this.#backfilled = resolve));
    let usable = stored;
    if (stored && stored.path !== config.path) {
      hooks.warn(`source ${config.name}: its path changed from ${stored.path} to ${config.path}; reading its logs from the start`);
      usable = undefined;
    } else if (stored && !isTrackerState(stored.tracker)) {
      hooks.warn(`source ${config.name}: its saved state is from another version; reading its logs from the start`);
      usable = undefined;
    }
    this.#listener = {
      onJoin: (event) => this.#live && hooks.join(event),
      onLeave: (event) => this.#live && hooks.leave(event),
      onSession: (record) => this.history.addSession(record),
      onServerEvent: (event) => {
        this.history.addServerEvent(event);
        if (!this.#live) return;
        this.#serverEventSeen = true;
        hooks.serverEvent(event);
      },
      onSecurity: (event) => this.history.addSecurity(event),
    };
    this.tracker = new SourceTracker(config.name, this.#listener, usable?.tracker as TrackerState | undefined, { timezone: this.#timezone });
    this.#storedHistory = usable?.history ?? null;
    this.#finished = usable?.finished ?? [];
    this.#cursor = usable?.cursor ?? null;
    this.#bytesRead = usable?.bytesRead ?? 0;
    this.#lastDate = this.tracker.lastTime === null ? null : logDate(this.tracker.lastTime);
  }

  start(): void {
    this.#running = this.#run().catch((error: unknown) => {
      this.#tailState = 'error';
      this.#message = error instanceof Error ? error.message : String(error);
      this.#endBackfill();
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
    await this.#tailer?.stop();
  }

  /** Look at the live file now instead of at the next poll (tests, and after a watcher hint elsewhere). */
  wake(): void {
    this.#tailer?.wake();
  }

  /** The zone the log's times are in: the configured one, else this machine's. */
  get #timezone(): string {
    return this.config.timezone ?? LOCAL_TIMEZONE;
  }

  report(): ServerReport[] {
    return this.tracker.report();
  }

  status(): SourceStatus {
    let state: SourceState = this.#live ? 'following' : 'backfilling';
    if (this.#tailState === 'error' || this.#tailState === 'waiting') state = this.#tailState;
    const status: SourceStatus = {
      name: this.config.name,
      path: this.config.path,
      state,
      bytesRead: this.#bytesRead,
      linesRead: this.tracker.linesRead,
      unparsedLines: this.tracker.unparsedLines,
      timezone: this.#timezone,
    };
    if (this.#message !== undefined && state !== 'following' && state !== 'backfilling') status.message = this.#message;
    if (this.config.capacity !== undefined) status.capacity = this.config.capacity;
    const murmur = this.tracker.murmur;
    if (murmur.state !== 'unknown' && murmur.since !== null) status.murmur = { state: murmur.state, since: murmur.since };
    return status;
  }

  progress(): BackfillProgress | null {
    return this.#meter?.snapshot() ?? null;
  }

  /** Everything this source must keep, as of this moment (offsets consistent with the tracker and history). */
  stored(): StoredSource {
    return {
      path: this.config.path,
      finished: this.#finished,
      cursor: this.#cursor,
      tracker: this.tracker.toState(),
      bytesRead: this.#bytesRead,
      history: this.#storedHistory ?? this.history.encode(),
    };
  }

  async #run(): Promise<void> {
    if (this.#storedHistory) {
      try {
        this.history = await SourceHistory.load(this.#storedHistory, this.#timezone);
      } catch (error) {
        this.#hooks.warn(`source ${this.config.name}: its saved history is damaged (${String(error)}); reading its logs from the start`);
        this.#forget();
      }
      this.#storedHistory = null;
    }
    const files = await filesOnDisk(this.config.path).catch((error: unknown) => {
      this.#hooks.warn(`source ${this.config.name}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    });
    const plan = planBackfill(files, this.#finished, this.#cursor);
    const live = files.find((file) => file.rotation === 0);
    const liveOffset = live && plan.liveStart && headMatches(live.head, plan.liveStart.fingerprint) ? plan.liveStart.offset : 0;
    const rotationBytes = plan.rotations.reduce((sum, item) => sum + item.file.size - (item.file.gzip ? 0 : item.offset), 0);
    this.#meter = new ProgressMeter(this.config.name, rotationBytes + Math.max(0, (live?.size ?? 0) - liveOffset));
    this.#emitProgress(true);
    for (const item of plan.rotations) {
      if (this.#stopped) return;
      await this.#readRotation(item);
    }
    if (this.#stopped) return;
    this.#liveBase = this.#meter.done - liveOffset;
    this.#tailer = new FileTailer(this.config.path, this, { ...this.#tailOptions, start: plan.liveStart });
    this.#tailer.start();
  }

  /** Start this source from nothing: its logs are read again from their first line. */
  #forget(): void {
    this.tracker = new SourceTracker(this.config.name, this.#listener, undefined, { timezone: this.#timezone });
    this.history = new SourceHistory();
    this.#finished = [];
    this.#cursor = null;
    this.#bytesRead = 0;
    this.#lastDate = null;
  }

  async #readRotation(item: FileToRead): Promise<void> {
    const meter = this.#meter as ProgressMeter;
    const doneBefore = meter.done;
    const fingerprint = fingerprintOf(item.file.head);
    this.#cursor = { dev: 0, ino: 0, fingerprint, offset: item.offset };
    let end = item.offset;
    let preparedAt = this.#bytesRead;
    try {
      end = await readFileLines(
        item.file.path,
        item.file.gzip,
        item.offset,
        this.tracker,
        ({ offset, diskBytes }) => {
          this.#bytesRead += offset - (this.#cursor?.offset ?? offset);
          this.#cursor = { dev: 0, ino: 0, fingerprint, offset };
          meter.done = doneBefore + diskBytes;
          if (this.#bytesRead - preparedAt >= PREPARE_EVERY_BYTES) {
            this.history.prepare();
            preparedAt = this.#bytesRead;
          }
          this.#emitProgress();
          this.#hooks.dirty();
        },
        () => this.#stopped,
      );
    } catch (error) {
      // Damaged compressed data stays damaged: skip the rest of that file for good. Anything else (a file
      // that vanished, a bug) stops this source without marking the file done, so the next start retries it.
      if (!String((error as NodeJS.ErrnoException).code).startsWith('Z_')) throw error;
      this.#hooks.warn(`source ${this.config.name}: ${item.file.path}: damaged gzip data (${(error as Error).message}); skipped the rest of that file`);
    }
    if (this.#stopped) return;
    this.#finish({ fingerprint, size: end });
    this.#cursor = null;
    this.#hooks.dirty();
  }

  #finish(file: FinishedFile): void {
    if (file.fingerprint.length === 0) return;
    this.#finished = [...this.#finished, file].slice(-MAX_FINISHED);
  }

  // ---- TailListener: the live file ----

  data(chunk: Buffer, position: Position): void {
    // The tailer hands over whole lines only (the last one of a finished file may lack its newline).
    const splitter = new LineSplitter();
    feedChunk(splitter, chunk, this.tracker);
    feedChunk(splitter, null, this.tracker);
    this.#bytesRead += chunk.length;
    this.#cursor = position;
    if (this.#meter && !this.#meter.finished) {
      this.#meter.done = this.#liveBase + position.offset;
      this.#emitProgress();
    }
    const date = this.tracker.lastTime === null ? null : logDate(this.tracker.lastTime);
    if (this.#live && (date !== this.#lastDate || this.#serverEventSeen)) this.#hooks.changed();
    this.#lastDate = date;
    this.#serverEventSeen = false;
    this.history.prepare();
    this.#hooks.dirty();
  }

  reset(reason: ResetReason): void {
    // The file we were in is done with: a copy of it (rotation, copy-truncate) must never be read again.
    if (this.#cursor) this.#finish({ fingerprint: this.#cursor.fingerprint, size: this.#cursor.offset });
    if (reason !== 'rotated') {
      this.history.addServerEvent({
        source: this.config.name,
        // No line read yet: this machine's clock, in the log's own form (local time, no offset).
        at: this.tracker.lastTime ?? localLogTime(new Date()),
        kind: 'truncation',
        detail: reason === 'truncated' ? 'the log file shrank (copy-truncate); reading it again from its start' : 'the log file was rewritten; reading it again from its start',
      });
    }
    this.#hooks.dirty();
  }

  state(state: TailState, message?: string): void {
    this.#tailState = state;
    this.#message = message;
    if (state !== 'following') this.#endBackfill();
    this.#hooks.changed();
  }

  caughtUp(): void {
    this.#endBackfill();
  }

  #endBackfill(): void {
    if (this.#live) return;
    this.#live = true;
    this.#meter?.finish();
    this.#emitProgress(true);
    this.#backfilled();
    this.#hooks.changed();
  }

  #emitProgress(force = false): void {
    const now = performance.now();
    if (!this.#meter || (!force && now - this.#lastProgressAt < PROGRESS_INTERVAL_MS)) return;
    this.#lastProgressAt = now;
    this.#hooks.progress(this.#meter.snapshot());
  }
}
