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

export interface ServerSessionsState {
  server: number;
  /** Whether `Server listening on` was seen since the last start/stop (so `started` is emitted once). */
  listening: boolean;
  open: OpenSession[];
  pending: [number, PendingConnection][];
  stats: DayCounterState;
}

/** Bound on remembered pre-auth connections: scanners may open thousands that never authenticate. */
const MAX_PENDING = 4096;

export class ServerSessions {
  readonly server: number;
  listening: boolean;
  readonly stats: DayCounter;
  private readonly open: Map<number, OpenSession>;
  /** Lower-cased name of each open session, for ghost matching (Murmur compares names ignoring case). */
  private readonly lowerNames = new Map<number, string>();
  private readonly pending: Map<number, PendingConnection>;

  constructor(state: ServerSessionsState) {
    this.server = state.server;
    this.listening = state.listening;
    this.stats = new DayCounter(state.stats);
    this.open = new Map(state.open.map((session) => [session.session, { ...session }]));
    for (const session of state.open) this.lowerNames.set(session.session, session.name.toLowerCase());
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

  /** The open session with this id, if the line's name is the one it authenticated with. */
  find(session: number, name: string): OpenSession | undefined {
    const open = this.open.get(session);
    return open !== undefined && open.name === name ? open : undefined;
  }

  /** Any open session with this id, whatever its name (a reused id means we missed its close). */
  get(session: number): OpenSession | undefined {
    return this.open.get(session);
  }

  /** Open sessions of the same user as a new login: same registered id, or same name ignoring case. */
  sameUser(session: number, name: string, userId: UserId): OpenSession[] {
    const lower = name.toLowerCase();
    return [...this.open.values()].filter(
      (open) => open.session !== session && ((userId >= 0 && open.userId === userId) || this.lowerNames.get(open.session) === lower),
    );
  }

  all(): OpenSession[] {
    return [...this.open.values()];
  }

  add(session: OpenSession): void {
    this.open.set(session.session, session);
    this.lowerNames.set(session.session, session.name.toLowerCase());
  }

  remove(session: number): void {
    this.open.delete(session);
    this.lowerNames.delete(session);
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
    };
  }
}
