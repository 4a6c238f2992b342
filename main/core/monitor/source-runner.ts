// One source from first start to shutdown: its follower (source/) feeds history, then live lines, into the
// tracker; the runner keeps the history for the store, with the place reading stands at, and turns the
// tracker's events into the monitor's. Join and leave notifications start only once the backfill has caught
// up with the end of the source.
import type { BackfillProgress, LeaveEvent, PresenceEvent, ServerEventRecord, ServerReport, SourceState, SourceStatus } from '../../contract.js';
import type { SourceConfig } from '../monitor-types.js';
import { localLogTime, logDate } from '../../log-time.js';
import { SourceTracker, type TrackerListener } from '../murmur/tracker.js';
import type { TrackerOptions, TrackerState } from '../murmur/tracker-state.js';
import type { EncodedHistory } from '../store/history-codec.js';
import type { StoredSource } from '../store/store-schema.js';
import { openSource } from '../source/open-source.js';
import type { FollowOptions, FollowState, ResetReason, SourceFeed, SourceFollower, SourcePlace } from '../source/source.js';
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

const PROGRESS_INTERVAL_MS = 250;
/** Murmur writes its log in its host's local time: a source without a configured zone is read in this machine's. */
const LOCAL_TIMEZONE = new Intl.DateTimeFormat().resolvedOptions().timeZone;

function isTrackerState(value: unknown): value is TrackerState {
  const state = value as Partial<TrackerState> | null;
  return typeof state === 'object' && state !== null && state.version === 1 && Array.isArray(state.servers);
}

export class SourceRunner implements SourceFeed {
  readonly config: SourceConfig;
  /** Empty until the stored history is loaded, at the start of the run. */
  history = new SourceHistory();
  tracker: SourceTracker;
  readonly #listener: TrackerListener;
  readonly #hooks: RunnerHooks;
  readonly #followOptions: FollowOptions;
  /** The stored history while it is not loaded yet: written back as it is if the monitor stops before. */
  #storedHistory: EncodedHistory | null;
  #place: SourcePlace;
  #bytesRead: number;
  #followState: FollowState | null = null;
  #message: string | undefined;
  #live = false;
  #meter: ProgressMeter | null = null;
  #lastProgressAt = 0;
  #lastDate: string | null;
  /** A live line made a server event (a restart, a crash): the dashboard's event list and charts change. */
  #serverEventSeen = false;
  #follower: SourceFollower | null = null;
  #stopped = false;
  #running: Promise<void> = Promise.resolve();
  #backfilled: () => void = () => undefined;
  /** Resolves once the backfill is over (caught up, or nothing readable to catch up with). */
  readonly backfilled: Promise<void>;

  constructor(config: SourceConfig, stored: StoredSource | undefined, hooks: RunnerHooks, followOptions: FollowOptions = {}) {
    this.config = config;
    this.#hooks = hooks;
    this.#followOptions = followOptions;
    this.backfilled = new Promise((resolve) => (this.#backfilled = resolve));
    let usable = stored;
    if (stored && stored.path !== config.path) {
      hooks.warn(`source ${config.name}: its path changed from ${stored.path} to ${config.path}; reading its logs from the start`);
      usable = undefined;
    } else if (stored && !isTrackerState(stored.tracker)) {
      hooks.warn(`source ${config.name}: its saved state is from another version; reading its logs from the start`);
      usable = undefined;
    }
    // No onJoin/onLeave until the backfill is over (#endBackfill): the tracker then makes no event for
    // the hundreds of thousands of joins and leaves of history, which nobody is told about.
    this.#listener = {
      onSession: (record, startWall, endWall) => this.history.addSession(record, startWall, endWall),
      onServerEvent: (event) => {
        this.history.addServerEvent(event);
        if (!this.#live) return;
        this.#serverEventSeen = true;
        hooks.serverEvent(event);
      },
      onSecurity: (event) => this.history.addSecurity(event),
    };
    this.tracker = new SourceTracker(config.name, this.#listener, usable?.tracker as TrackerState | undefined, this.#trackerOptions);
    this.#storedHistory = usable?.history ?? null;
    this.#place = { finished: usable?.finished ?? [], cursor: usable?.cursor ?? null };
    this.#bytesRead = usable?.bytesRead ?? 0;
    this.#lastDate = this.tracker.lastTime === null ? null : logDate(this.tracker.lastTime);
  }

  /** The tracker: where the follower's lines go. */
  get sink(): SourceTracker {
    return this.tracker;
  }

  start(): void {
    this.#running = this.#run().catch((error: unknown) => this.state('error', error instanceof Error ? error.message : String(error)));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
    await this.#follower?.stop();
  }

  /** Look at the live file now instead of at the next poll (tests, and after a watcher hint elsewhere). */
  wake(): void {
    this.#follower?.wake();
  }

  /** The zone the log's times are in: the configured one, else this machine's. */
  get #timezone(): string {
    return this.config.timezone ?? LOCAL_TIMEZONE;
  }

  get #trackerOptions(): TrackerOptions {
    return { timezone: this.#timezone, addresses: this.config.keepAddresses ?? true };
  }

  report(): ServerReport[] {
    return this.tracker.report();
  }

  status(): SourceStatus {
    let state: SourceState = this.#live ? 'following' : 'backfilling';
    if (this.#followState === 'error' || this.#followState === 'waiting') state = this.#followState;
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
    if (this.config.keepAddresses === false) status.addresses = 'not kept';
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
      finished: this.#place.finished,
      cursor: this.#place.cursor,
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
    if (this.#stopped) return;
    this.#follower = openSource(this.config.path).follow(this.#place, this, this.#followOptions);
    this.#follower.start();
  }

  /** Start this source from nothing: its logs are read again from their first line. */
  #forget(): void {
    this.tracker = new SourceTracker(this.config.name, this.#listener, undefined, this.#trackerOptions);
    this.history = new SourceHistory();
    this.#place = { finished: [], cursor: null };
    this.#bytesRead = 0;
    this.#lastDate = null;
  }

  // ---- SourceFeed: what the follower reports ----

  advanced(place: SourcePlace, bytes: number): void {
    this.#place = place;
    this.#bytesRead += bytes;
    const date = this.tracker.lastTime === null ? null : logDate(this.tracker.lastTime);
    if (this.#live && (date !== this.#lastDate || this.#serverEventSeen)) this.#hooks.changed();
    this.#lastDate = date;
    this.#serverEventSeen = false;
    this.#hooks.dirty();
  }

  readProgress(done: number, total: number): void {
    if (this.#meter === null) this.#meter = new ProgressMeter(this.config.name, total);
    if (this.#meter.finished) return;
    this.#meter.done = done;
    this.#emitProgress(done === 0);
  }

  warn(message: string): void {
    this.#hooks.warn(`source ${this.config.name}: ${message}`);
  }

  reset(reason: ResetReason): void {
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

  state(state: FollowState, message?: string): void {
    this.#followState = state;
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
    this.#listener.onJoin = (event) => this.#hooks.join(event);
    this.#listener.onLeave = (event) => this.#hooks.leave(event);
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
