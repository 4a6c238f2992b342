// What the monitor remembers per source beyond the tracker's own state: detailed sessions (for the retention
// period), server and security events (bounded), and per-user totals that outlive the detail.
import type { LogTime, SecurityEventRecord, ServerEventRecord, SessionRecord, UserId } from '../../contract.js';

export type SessionEntry = Omit<SessionRecord, 'source'>;
export type ServerEventEntry = Omit<ServerEventRecord, 'source'>;
export type SecurityEventEntry = Omit<SecurityEventRecord, 'source'>;

/** All-time figures of one user on one virtual server; sessions fold into these as they end. */
export interface UserTotalEntry {
  server: number;
  name: string;
  userId: UserId;
  sessions: number;
  secondsOnline: number;
  lastSeen: LogTime;
}

export interface HistoryData {
  /** Sorted by start. */
  sessions: SessionEntry[];
  serverEvents: ServerEventEntry[];
  security: SecurityEventEntry[];
  users: UserTotalEntry[];
}

export function emptyHistory(): HistoryData {
  return { sessions: [], serverEvents: [], security: [], users: [] };
}
