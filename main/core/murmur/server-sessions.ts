// The sessions of one virtual server: who is open, what a 1.2/1.3 connection told us before it
// authenticated, and the day counters. The tracker decides when; this class keeps the books.
import type { LogTime, OnlineUser, SessionEndReason, UserId } from '../../contract.js';
import { DayCounter, type DayCounterState } from './day-stats.js';
import { clockOf, logTimeOf, wallOf } from '../../log-time.js';

/** An open session as saved in TrackerState. */
export interface OpenSessionState extends OnlineUser {
  /** Set by Kicked/Kickbanned/Timeout; used when the session's `Connection closed` arrives. */
  endReason?: SessionEndReason;
}

/**
 * An open session in memory. Its start is kept as the day's shared date string and a clockOf() number: a
 * backfill opens hundreds of thousands of sessions, and most close before anyone asks when they started.
 */
export class OpenSession {
  readonly session: number;
  readonly name: string;
  userId: UserId;
  readonly sinceDate: string;
  readonly sinceClock: number;
  channel: string | undefined = undefined;
  address: string | undefined = undefined;
  client: string | undefined = undefined;
  /** Set by Kicked/Kickbanned/Timeout; used when the session's `Connection closed` arrives. */
  endReason: SessionEndReason | undefined = undefined;
  /** The name lower-cased (Murmur ignores case when it matches users), given or made at the first need. */
  private lowerName: string | undefined;
  /** Kept by ServerSessions: where the session is in its list of open ones, and when it was added there. */
  listIndex = -1;
  addedOrder = 0;

  constructor(session: number, name: string, userId: UserId, sinceDate: string, sinceClock: number, lowerName?: string) {
    this.session = session;
    this.name = name;
    this.userId = userId;
    this.sinceDate = sinceDate;
    this.sinceClock = sinceClock;
    this.lowerName = lowerName;
  }

  static fromState(state: OpenSessionState): OpenSession {
    const session = new OpenSession(state.session, state.name, state.userId, state.since.slice(0, 10), clockOf(state.since));
    session.channel = state.channel;
    session.address = state.address;
    session.client = state.client;
    session.endReason = state.endReason;
    return session;
  }

  get since(): LogTime {
    return logTimeOf(this.sinceDate, this.sinceClock);
  }

  /** The start as logTimeWall() reads it (NaN when not a valid time). */
  get startWall(): number {
    return wallOf(this.sinceDate, this.sinceClock);
  }

  get lower(): string {
    return (this.lowerName ??= this.name.toLowerCase());
  }

  /** Whether this session started before `other` (ties: the lower session id first). */
  startsBefore(other: OpenSession): boolean {
    if (this.sinceDate !== other.sinceDate) return this.sinceDate < other.sinceDate;
    return this.sinceClock !== other.sinceClock ? this.sinceClock < other.sinceClock : this.session < other.session;
  }

  /** The session as the report and the API show it: only the fields it has. */
  toUser(): OnlineUser {
    const user: OnlineUser = { session: this.session, name: this.name, userId: this.userId, since: this.since };
    if (this.address !== undefined) user.address = this.address;
    if (this.client !== undefined) user.client = this.client;
    if (this.channel !== undefined) user.channel = this.channel;
    return user;
  }

  toState(): OpenSessionState {
    const state: OpenSessionState = this.toUser();
    if (this.endReason !== undefined) state.endReason = this.endReason;
    return state;
  }
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
  open: OpenSessionState[];
  pending: [number, PendingConnection][];
  stats: DayCounterState;
  /** Absent in states saved before it was kept: counting starts then. */
  totals?: ServerTotals;
}

/** Bound on remembered pre-auth connections: scanners may open thousands that never authenticate. */
const MAX_PENDING = 4096;
/** Session ids below this are kept in an array indexed by id. */
const SMALL_IDS = 1 << 16;

export class ServerSessions {
  readonly server: number;
  listening: boolean;
  readonly stats: DayCounter;
  readonly totals: ServerTotals;
  /**
   * Open sessions by id. Murmur hands out small ids and reuses them, so they index an array; a larger one
   * (a damaged or hostile line) goes to a map instead of stretching the array.
   */
  private readonly bySmallId: (OpenSession | undefined)[] = [];
  private readonly byLargeId = new Map<number, OpenSession>();
  /** The same sessions in no order, for passes over all of them (a ghost's check runs often). */
  private readonly openList: OpenSession[] = [];
  /** Sessions added so far: all() gives them in the order they were added. */
  private added = 0;
  /**
   * By session id; a taken entry stays as undefined, since ids are reused: a map emptied and refilled at
   * every login rebuilds its table again and again.
   */
  private readonly pending: Map<number, PendingConnection | undefined>;

  constructor(state: ServerSessionsState) {
    this.server = state.server;
    this.listening = state.listening;
    this.stats = new DayCounter(state.stats);
    this.totals = { ended: { ...state.totals?.ended }, rejected: state.totals?.rejected ?? 0 };
    for (const session of state.open) this.add(OpenSession.fromState(session));
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
    return this.openList.length;
  }

  /** Any open session with this id, whatever its name (a reused id means we missed its close). */
  get(session: number): OpenSession | undefined {
    return session < SMALL_IDS ? this.bySmallId[session] : this.byLargeId.get(session);
  }

  /** Open sessions of the same user as a new login: same registered id, or same name ignoring case. */
  sameUser(session: number, name: string, userId: UserId): OpenSession[] {
    const lower = name.toLowerCase();
    const same: OpenSession[] = [];
    for (const open of this.openList) {
      if (open.session === session) continue;
      if ((userId >= 0 && open.userId === userId) || open.lower === lower) same.push(open);
    }
    // Closed in the order they came, as all() gives them.
    return same.length > 1 ? same.sort((a, b) => a.addedOrder - b.addedOrder) : same;
  }

  /** The open sessions in the order they were added. */
  all(): OpenSession[] {
    return [...this.openList].sort((a, b) => a.addedOrder - b.addedOrder);
  }

  /**
   * Adds a session. The tracker closes a stale one under the same id first; one still there (two under an
   * id in a damaged saved state) is replaced, as a map would replace it, and not counted as ended.
   */
  add(session: OpenSession): void {
    const id = session.session;
    this.unlist(id);
    if (id < SMALL_IDS) {
      // Grown one slot at a time, never with a hole: a holey array may turn into a slow dictionary.
      while (this.bySmallId.length <= id) this.bySmallId.push(undefined);
      this.bySmallId[id] = session;
    } else {
      this.byLargeId.set(id, session);
    }
    session.listIndex = this.openList.length;
    session.addedOrder = this.added;
    this.added += 1;
    this.openList.push(session);
  }

  /** Closes an open session, counted by the reason it ended. */
  remove(session: number, reason: SessionEndReason): void {
    this.unlist(session);
    this.totals.ended[reason] = (this.totals.ended[reason] ?? 0) + 1;
  }

  /** Takes the session open under `id`, if any, out of the books. */
  private unlist(id: number): void {
    const open = this.get(id);
    if (open === undefined) return;
    if (id < SMALL_IDS) this.bySmallId[id] = undefined;
    else this.byLargeId.delete(id);
    // The last one takes its place: no list is shifted.
    const last = this.openList.pop() as OpenSession;
    if (last !== open) {
      last.listIndex = open.listIndex;
      this.openList[open.listIndex] = last;
    }
  }

  remember(session: number, update: PendingConnection): void {
    const known = this.pending.get(session);
    if (known === undefined && !this.pending.has(session) && this.pending.size >= MAX_PENDING) {
      // Taken entries go first (once per MAX_PENDING new ids at most); then the oldest still waiting.
      for (const [id, connection] of this.pending) if (connection === undefined) this.pending.delete(id);
      if (this.pending.size >= MAX_PENDING) {
        const oldest = this.pending.keys().next();
        if (oldest.done !== true) this.pending.delete(oldest.value);
      }
    }
    if (known === undefined) this.pending.set(session, update);
    else Object.assign(known, update);
  }

  /** Takes (and forgets) what a pre-auth connection told us. */
  takePending(session: number): PendingConnection | undefined {
    const known = this.pending.get(session);
    if (known !== undefined) this.pending.set(session, undefined);
    return known;
  }

  forgetPending(): void {
    this.pending.clear();
  }

  toState(): ServerSessionsState {
    return {
      server: this.server,
      listening: this.listening,
      open: this.all().map((session) => session.toState()),
      pending: [...this.pending].flatMap(([id, connection]) => (connection === undefined ? [] : [[id, { ...connection }] as [number, PendingConnection]])),
      stats: this.stats.toState(),
      totals: { ended: { ...this.totals.ended }, rejected: this.totals.rejected },
    };
  }
}
