// Builds the tracker's events and hands them to its listener. Events are built field by field: object
// spread costs microseconds per object in Node 20's V8, and a backfill closes millions of sessions.
import type {
  LeaveEvent,
  LogTime,
  PresenceEvent,
  SecurityEventRecord,
  ServerEventKind,
  ServerEventRecord,
  SessionEndReason,
  SessionRecord,
} from '../../contract.js';
import { secondsBetweenWalls } from '../../log-time.js';
import type { ParsedLine } from './events.js';
import type { OpenSession } from './server-sessions.js';

/** Called as lines are applied, in log order. Backfill and live tailing see the same calls. */
export interface TrackerListener {
  onJoin?(event: PresenceEvent): void;
  /** A session ended; reason 'ghost' means the same user logged in again (a reconnect, not a real leave). */
  onLeave?(event: LeaveEvent): void;
  /**
   * The finished session, right after its onLeave; `startWall` and `endWall` are its start and end as
   * logTimeWall() reads them (NaN when not valid times), so the history need not parse them again.
   */
  onSession?(record: SessionRecord, startWall: number, endWall: number): void;
  onServerEvent?(event: ServerEventRecord): void;
  onSecurity?(event: SecurityEventRecord): void;
}

export class TrackerEvents {
  private readonly source: string;
  private readonly listener: TrackerListener;
  /** The log's zone, for session lengths across a DST change (undefined: its times are read as UTC). */
  private readonly timezone: string | undefined;

  /** Whether security events keep the client's address (TrackerOptions.addresses). */
  private readonly addresses: boolean;

  constructor(source: string, listener: TrackerListener, timezone?: string, addresses = true) {
    this.source = source;
    this.listener = listener;
    this.timezone = timezone;
    this.addresses = addresses;
  }

  /** Whether anyone listens for security events (then the lines behind them are worth reading in full). */
  get wantsSecurity(): boolean {
    return this.listener.onSecurity !== undefined;
  }

  /** Whether anyone listens for ends of sessions (else their end time need not be made). */
  get wantsLeave(): boolean {
    return this.listener.onLeave !== undefined || this.listener.onSession !== undefined;
  }

  /** Whether anyone listens for joins (else the join's time need not be made). */
  get wantsJoin(): boolean {
    return this.listener.onJoin !== undefined;
  }

  join(server: number, session: OpenSession, at: LogTime): void {
    this.listener.onJoin?.(this.presence(server, session, at));
  }

  /** `endWall`: `end` as logTimeWall() reads it. */
  leave(server: number, session: OpenSession, end: LogTime, endWall: number, reason: SessionEndReason): void {
    const since = session.since;
    const startWall = session.startWall;
    const durationSeconds = Number.isNaN(startWall) || Number.isNaN(endWall) ? 0 : secondsBetweenWalls(startWall, endWall, this.timezone);
    if (this.listener.onLeave !== undefined) {
      this.listener.onLeave(Object.assign(this.presence(server, session, end), { reason, since, durationSeconds }));
    }
    if (this.listener.onSession !== undefined) {
      const record: SessionRecord = {
        source: this.source,
        server,
        session: session.session,
        name: session.name,
        userId: session.userId,
        start: since,
        end,
        durationSeconds,
        endReason: reason,
      };
      if (session.channel !== undefined) record.channel = session.channel;
      this.listener.onSession(record, startWall, endWall);
    }
  }

  serverEvent(at: LogTime, kind: ServerEventKind, detail: string, server?: number): void {
    if (this.listener.onServerEvent === undefined) return;
    const event: ServerEventRecord = { source: this.source, at, kind, detail };
    if (server !== undefined) event.server = server;
    this.listener.onServerEvent(event);
  }

  security(at: LogTime, server: number, kind: SecurityEventRecord['kind'], reason: string, name?: string, address?: string): void {
    if (this.listener.onSecurity === undefined) return;
    const event: SecurityEventRecord = { source: this.source, server, at, kind, reason };
    if (name !== undefined && name !== '') event.name = name;
    if (address !== undefined && this.addresses) event.address = address;
    this.listener.onSecurity(event);
  }

  /** The security event of an SSL error, a banned certificate or a ban change (other lines make none). */
  securityLine(line: ParsedLine, server: number): void {
    switch (line.kind) {
      case 'ssl-error':
        this.security(line.time, server, 'tls-error', line.reason, line.name);
        return;
      case 'cert-banned':
        this.security(line.time, server, 'cert-banned', line.detail, line.name);
        return;
      case 'ban-added':
      case 'ban-removed':
        this.security(line.time, server, line.kind, line.reason, line.bannedName, line.address);
        return;
    }
  }

  private presence(server: number, session: OpenSession, at: LogTime): PresenceEvent {
    return { source: this.source, server, session: session.session, name: session.name, userId: session.userId, at };
  }
}
