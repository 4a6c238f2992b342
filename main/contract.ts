// Types shared by the engine, the headless server, the Electron shell and the renderer.
// This file has no imports and no runtime code, so every side (Node, preload, browser) can use it.

/** A time as the Murmur log wrote it, in the server's local time without offset: `2026-11-27T13:11:15.961`. */
export type LogTime = string;

/** Murmur's registered user id: -1 unregistered, 0 SuperUser, >0 a registered account. */
export type UserId = number;

export interface OnlineUser {
  session: number;
  name: string;
  userId: UserId;
  since: LogTime;
  /** Last channel the log named for this session (`Moved ... to Channel[id:parent]`); absent until then. */
  channel?: string;
  /** Client address from `New connection` (Murmur 1.2/1.3 only; 1.4+ logs no address for a user). */
  address?: string;
  /** Client release from `Client version` (Murmur 1.2/1.3, where the session id links it). */
  client?: string;
}

export interface DayStats {
  /** Calendar day in the log's local time, `YYYY-MM-DD`. */
  date: string;
  /** Successful authentications that day. */
  logins: number;
  /** Distinct users among them (registered id when >= 0, else the lower-cased name). */
  uniqueUsers: number;
  /** Most sessions open at once that day, sessions carried over midnight included. */
  peakOnline: number;
}

/** One virtual server (`N =>`) of one source, as `murmur-monitor report --json` prints it. */
export interface ServerReport {
  source: string;
  server: number;
  online: OnlineUser[];
  days: DayStats[];
}

export interface Report {
  servers: ServerReport[];
}

/** `event: join` / `event: leave` on the SSE stream and through IPC. */
export interface PresenceEvent {
  source: string;
  server: number;
  session: number;
  name: string;
  userId: UserId;
  /** The log line's own time. */
  at: LogTime;
}

export type SessionEndReason =
  | 'quit' // the client closed the connection
  | 'disconnected' // any other connection error
  | 'timeout'
  | 'kicked'
  | 'banned'
  | 'ghost' // replaced by a new login of the same user
  | 'server-stopped' // `N => Stopped`, `Killing running servers`, `Shutting down`
  | 'server-restarted' // a boot line with sessions still open: Murmur crashed or was killed
  | 'server-crashed'; // an `<F>` line

export interface LeaveEvent extends PresenceEvent {
  reason: SessionEndReason;
  since: LogTime;
  /** How long the session lasted, from `since` to `at` in the log's time zone (a DST change taken out). */
  durationSeconds: number;
}

export interface SessionRecord {
  source: string;
  server: number;
  session: number;
  name: string;
  userId: UserId;
  start: LogTime;
  end: LogTime;
  durationSeconds: number;
  endReason: SessionEndReason;
  channel?: string;
}

export type ServerEventKind =
  | 'boot' // `Murmur x running on ...: Booting servers`
  | 'started' // first `N => Server listening on`
  | 'stopped' // `N => Stopped`
  | 'shutdown' // `Killing running servers` / `Shutting down` / `Caught SIGTERM`
  | 'crash' // a boot line while sessions were open, or an `<F>` line
  | 'rotation' // `Caught SIGHUP, will reopen` / `Log rotated successfully`
  | 'truncation'; // the tailer saw the file shrink (copy-truncate)

export interface ServerEventRecord {
  source: string;
  /** Absent for process-level events that concern every virtual server. */
  server?: number;
  at: LogTime;
  kind: ServerEventKind;
  detail: string;
}

export type SecurityEventKind =
  | 'rejected' // `Rejected connection from IP: reason`
  | 'ban-ignored' // `Ignoring connection: ... (Global ban | Server ban)`
  | 'cert-banned'
  | 'ban-added'
  | 'ban-removed'
  | 'tls-error'; // `SSL Error`, handshake failures in `Connection closed ... [13]`

export interface SecurityEventRecord {
  source: string;
  server: number;
  at: LogTime;
  kind: SecurityEventKind;
  name?: string;
  address?: string;
  reason: string;
}

export interface UserTotal {
  name: string;
  userId: UserId;
  sessions: number;
  secondsOnline: number;
  lastSeen: LogTime;
}

/** `unreachable`: a source of a remote `serve` agent that cannot be reached now (see `unreachableSince`). */
export type SourceState = 'backfilling' | 'following' | 'waiting' | 'error' | 'unreachable';

export interface SourceStatus {
  name: string;
  path: string;
  state: SourceState;
  /** Why the source is waiting or in error, in words an admin can act on. */
  message?: string;
  bytesRead: number;
  linesRead: number;
  unparsedLines: number;
  /** IANA zone the log's times are written in: the configured one, else the zone of the machine running the monitor. */
  timezone: string;
  /** `users=` from the server's ini when known: the gauge's capacity. */
  capacity?: number;
  /** Present when the monitor keeps no client address of this source (`serve --no-addresses`, the app's setting). */
  addresses?: 'not kept';
  /**
   * Whether Murmur itself is up, as its log tells: `stopped` after a shutdown or fatal line, `running`
   * after it booted; absent until the log has said either. A Murmur killed outright writes nothing, so
   * the log still says `running`.
   */
  murmur?: { state: 'running' | 'stopped'; since: LogTime };
  /** The `serve` agent this source is followed through (its URL); absent for a log on this machine. */
  agent?: string;
  /** When the agent stopped answering (ISO 8601, this computer's clock); set while `state` is `unreachable`. */
  unreachableSince?: string;
}

export interface BackfillProgress {
  source: string;
  bytesDone: number;
  bytesTotal: number;
  /** Seconds left at the current rate, when it can be estimated. */
  etaSeconds?: number;
  done: boolean;
}

export interface NetRate {
  rxKbps: number;
  txKbps: number;
}

export interface PerfPoint {
  /** Start of the bucket (or time of the sample), epoch milliseconds. */
  t: number;
  cpu: number | null;
  net: Record<string, NetRate>;
  murmur: { cpu: number | null; memMB: number | null };
  /** Buckets only: the highest sample in the bucket (`points` of /api/perf; absent on raw samples). */
  max?: PerfPeak;
}

/** The highest reading of each figure within one bucket. */
export interface PerfPeak {
  cpu: number | null;
  net: Record<string, NetRate>;
  murmur: { cpu: number | null; memMB: number | null };
}

/** Bytes received and sent on one local calendar day, per interface. */
export interface PerfDay {
  /** `YYYY-MM-DD`, local time of the monitoring machine. */
  date: string;
  net: Record<string, { rxBytes: number; txBytes: number }>;
}

export interface PerfSeries {
  /** Bucket width in seconds (300 for 24h, 3600 for 30d). */
  interval: number;
  points: PerfPoint[];
  /** Raw samples of the last 15 minutes. */
  samples: PerfPoint[];
  latest: PerfPoint | null;
  /** Interface name → alias shown to the user ("WAN" for eth0). */
  aliases: Record<string, string>;
  /** Daily byte totals per interface for up to a year, oldest first. */
  daily?: PerfDay[];
}

export type PerfRange = '24h' | '30d';

export interface Snapshot extends Report {
  generatedAt: string;
  sources: SourceStatus[];
  backfill: BackfillProgress[];
  perf: PerfSeries | null;
}

/** Filters shared by every history query: all servers, one source, or one virtual server. */
export interface HistoryQuery {
  source?: string;
  server?: number;
  /** How many days back from the newest day in the data (default 30). */
  days?: number;
}

export interface History {
  sessions: SessionRecord[];
  serverEvents: ServerEventRecord[];
  security: SecurityEventRecord[];
  topUsers: UserTotal[];
}

export interface LastSeen {
  name: string;
  userId: UserId;
  source: string;
  server: number;
  lastSeen: LogTime;
  online: boolean;
}

export type ExportKind = 'sessions' | 'days';

/** The state of the channel live events come through. */
export type LiveConnection = 'live' | 'reconnecting' | 'closed';

/** The one interface the renderer talks to; the preload (Electron) and the HTTP client (browser) both implement it. */
export interface RendererApi {
  getSnapshot(): Promise<Snapshot>;
  getHistory(query: HistoryQuery): Promise<History>;
  findLastSeen(name: string): Promise<LastSeen[]>;
  getPerf(range: PerfRange): Promise<PerfSeries>;
  exportCsv(kind: ExportKind): Promise<string>;
  onJoin(listener: (event: PresenceEvent) => void): () => void;
  onLeave(listener: (event: LeaveEvent) => void): () => void;
  onProgress(listener: (progress: BackfillProgress) => void): () => void;
  /** A new snapshot is worth fetching (source state changed, a day rolled over, backfill finished). */
  onChanged(listener: () => void): () => void;
  /**
   * Whether live events are arriving, where their channel can drop (the browser's event stream; the
   * Electron window's IPC cannot). `closed`: the browser has given up reconnecting.
   */
  onConnection?(listener: (state: LiveConnection) => void): () => void;
  /** Present in the Electron window only. */
  settings?: SettingsApi;
}

// ---- Settings (Electron shell only; the browser transport has no `settings`) ----

export interface SourceSettings {
  /** Short name shown everywhere; unique. */
  name: string;
  /** Path of the live log file. */
  path: string;
  /** IANA time zone the log's times are written in (e.g. `Europe/Berlin`); absent = this computer's zone. */
  timezone?: string;
  /** Server capacity (`users=` of its ini) when known. */
  capacity?: number;
}

/** A `murmur-monitor serve` on another machine, followed like a local log. */
export interface RemoteSettings {
  /** Short name; its sources are shown as `NAME/SOURCE`. Unique among logs and remotes. */
  name: string;
  /** The agent's address, `https://host:8767/` (plain `http://` on this machine only). */
  url: string;
  /** The agent's access token; empty when it needs none. Encrypted on disk where the OS offers a keychain. */
  token: string;
  /** SHA-256 of its self-signed certificate (`serve --tls self-signed` prints it); absent for one a CA signed. */
  fingerprint?: string;
}

/** Local wall-clock times `HH:MM`; a range may wrap midnight (`22:00`–`07:00`). */
export interface QuietHours {
  start: string;
  end: string;
}

export interface NotificationSettings {
  joins: boolean;
  leaves: boolean;
  /** Murmur crashed, shut down, started, or stopped a virtual server (seen live). */
  serverEvents: boolean;
  /** Source names that never notify. */
  mutedSources: string[];
  /** When not empty, only these names notify (compared case-insensitively). */
  watchList: string[];
  quietHours: QuietHours | null;
}

export interface PerfSettings {
  cpuIntervalSeconds: number;
  netIntervalSeconds: number;
  /** Interface name → alias shown to the user ("WAN" for eth0). */
  aliases: Record<string, string>;
}

export interface Settings {
  sources: SourceSettings[];
  remotes: RemoteSettings[];
  notifications: NotificationSettings;
  perf: PerfSettings;
  /** Days of detailed session history to keep (older detail is folded into daily totals). */
  retentionDays: number;
  /** Keep client addresses (failed logins, bans, sessions) as long as detailed sessions; false keeps none. */
  keepAddresses: boolean;
  startAtLogin: boolean;
}

/** A Murmur ini found on this machine, and what it says about the log. */
export interface DiscoveredServer {
  iniPath: string;
  /** The source to follow: the absolute path of its `logfile=`, or `journal:UNIT` when its systemd unit runs it in the foreground; null when it logs to syslog or the console. */
  logPath: string | null;
  capacity?: number;
  /** Why it cannot be followed as is (unreadable log, logs to syslog, ...), in words an admin can act on. */
  problem?: string;
}

export interface SettingsError {
  /** Dotted path of the offending field: `sources.1.path`, `notifications.quietHours.start`. */
  field: string;
  message: string;
}

export type SaveResult = { ok: true; settings: Settings } | { ok: false; errors: SettingsError[] };

export interface SettingsState {
  settings: Settings;
  /** No source configured and none found: the view shows the first-run prompt. */
  firstRun: boolean;
  /** The demo log is running as the only source. */
  demoRunning: boolean;
  /** How remote tokens are kept on disk: by the OS's keychain, or as plain text (no keychain here). */
  tokenStorage: 'encrypted' | 'plain';
}

export interface SettingsApi {
  get(): Promise<SettingsState>;
  /** Validates, saves atomically and applies without a restart. */
  save(settings: Settings): Promise<SaveResult>;
  /** Looks for Murmur ini files in the usual places of this OS. */
  discover(): Promise<DiscoveredServer[]>;
  /** Opens the OS file picker; resolves to the chosen log's path, or null when cancelled. */
  pickLogFile(): Promise<string | null>;
  /** Follows a built-in sample log that keeps growing, so the dashboard and notifications can be tried. */
  startDemo(): Promise<void>;
  onChanged(listener: (state: SettingsState) => void): () => void;
}
