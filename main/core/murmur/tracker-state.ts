// What a tracker saves to resume where it stopped, and the options it is made with.
import type { LogTime } from '../../contract.js';
import type { ServerSessionsState } from './server-sessions.js';

/** Whether the Murmur process is up, as far as the log tells ('unknown' until a boot or stop line). */
export type ProcessState = 'unknown' | 'running' | 'stopped';

/** Everything needed to resume exactly where a tracker stopped. Plain JSON. */
export interface TrackerState {
  version: 1;
  source: string;
  linesRead: number;
  unparsedLines: number;
  /** Time of the newest line applied. */
  lastTime: LogTime | null;
  /** The day being counted (`YYYY-MM-DD`); days only move forward. */
  currentDate: string | null;
  process: ProcessState;
  /** Time of the line that put `process` in its state (absent in states saved before it was kept). */
  processSince?: LogTime | null;
  servers: ServerSessionsState[];
}

export interface TrackerOptions {
  /**
   * Keep what Murmur 1.2/1.3 logs of a connection before its login (address, client version) for the
   * session it becomes (default true). `report` prints neither and reads faster without.
   */
  connectionDetails?: boolean;
  /**
   * Keep client addresses: of connections not logged in yet, of sessions, and in security events (default
   * true). False keeps none at all (`serve --no-addresses`, the app's "Keep client addresses" setting).
   */
  addresses?: boolean;
  /** The IANA zone the log is written in, for session lengths across a DST change (default: read as UTC). */
  timezone?: string;
}
