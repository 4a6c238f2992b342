// The sessions of one virtual server: who is open, what a 1.2/1.3 connection told us before it
// authenticated, and the day counters. The tracker decides when; this class keeps the books.
import type { OnlineUser, SessionEndReason, UserId } from '../../contract.js';
import { DayCounter, type DayCounterState } from './day-stats.js';

/** An open session as kept in memory and in TrackerState. */
export interface OpenSession extends OnlineUser {
  /** Set by Kicked/Kickbanned/Timeout; used when the session's `Connection closed` arrives. */
  endReason?: SessionEndReason;
}

/** What Murmur 1.2/1.3 logs about a session id before it authenticates. */
export interface PendingConnection {
  address?: string;
  client?: string;
}

/** Counts since the history began, saved with the state: Prometheus counters that no day or restart resets. */
export interface ServerTotals {
  /** Sessions ended, by reason. */
  ended: Partial<Record<SessionEndReason, number>>;
  /** `Rejected connection` lines: failed logins (wrong password or certificate, server full, bad name...). */
  rejected: number;
}

export interface ServerSessionsState {
  server: number;
  /** Whether `Server listening on` was seen since the last start/stop (so `started` is emitted once). */
  listening: boolean;
  open: OpenSession[];
  pending: [number, PendingConnection][];
  stats: DayCounterState;
  /** Absent in states saved before it was kept: counting starts then. */
  totals?: ServerTotals;
}

interface OpenEntry {
  session: OpenSession;
  /** The name lower-cased, made at the first ghost check (most sessions never meet one). */
  lower: string | undefined;
}

function openEntry(session: OpenSession): OpenEntry {
  return { session, lower: undefined };
}

/** Bound on remembered pre-auth connections: scanners may open thousands that never authenticate. */
const MAX_PENDING = 4096;

export class ServerSessions {
  readonly server: number;
  listening: boolean;
  readonly stats: DayCounter;
  readonly totals: ServerTotals;
  /** Open sessions by id, each with its lower-cased name for ghost matching (Murmur ignores case there). */
  private readonly open: Map<number, OpenEntry>;
  private readonly pending: Map<number, PendingConnection>;

  constructor(state: ServerSessionsState) {
    this.server = state.server;
    this.listening = state.listening;
    this.stats = new DayCounter(state.stats);
    this.totals = { ended: { ...state.totals?.ended }, rejected: state.totals?.rejected ?? 0 };
    this.open = new Map(state.open.map((session) => [session.session, openEntry({ ...session })]));
    this.pending = new Map(state.pending.map(([id, connection]) => [id, { ...connection }]));
  }

  static starting(server: number, date: string): ServerSessions {
    return new ServerSessions({
      server,
      listening: false,
      open: [],
      pending: [],
      stats: DayCounter.starting(date).toState(),
    });
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Any open session with this id, whatever its name (a reused id means we missed its close). */
  get(session: number): OpenSession | undefined {
    return this.open.get(session)?.session;
  }

  /** Open sessions of the same user as a new login: same registered id, or same name ignoring case. */
  sameUser(session: number, name: string, userId: UserId): OpenSession[] {
    const lower = name.toLowerCase();
    const same: OpenSession[] = [];
    // One pass, no copies: a busy server has hundreds open and ghosts are frequent.
    for (const entry of this.open.values()) {
      const open = entry.session;
      if (open.session === session) continue;
      if ((userId >= 0 && open.userId === userId) || (entry.lower ??= open.name.toLowerCase()) === lower) same.push(open);
    }
    return same;
  }

  all(): OpenSession[] {
    return [...this.open.values()].map((entry) => entry.session);
  }

  add(session: OpenSession): void {
    this.open.set(session.session, openEntry(session));
  }

  /** Closes an open session, counted by the reason it ended. */
  remove(session: number, reason: SessionEndReason): void {
    this.open.delete(session);
    this.totals.ended[reason] = (this.totals.ended[reason] ?? 0) + 1;
  }

  remember(session: number, update: PendingConnection): void {
    const known = this.pending.get(session);
    if (known === undefined && this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.keys().next();
      if (oldest.done !== true) this.pending.delete(oldest.value);
    }
    if (known === undefined) this.pending.set(session, update);
    else Object.assign(known, update);
  }

  /** Takes (and forgets) what a pre-auth connection told us. */
  takePending(session: number): PendingConnection | undefined {
    const known = this.pending.get(session);
    this.pending.delete(session);
    return known;
  }

  forgetPending(): void {
    this.pending.clear();
  }

  toState(): ServerSessionsState {
    return {
      server: this.server,
      listening: this.listening,
      open: this.all().map((session) => ({ ...session })),
      pending: [...this.pending].map(([id, connection]) => [id, { ...connection }]),
      stats: this.stats.toState(),
      totals: { ended: { ...this.totals.ended }, rejected: this.totals.rejected },
    };
  }
}
