// One source's remembered history: detailed sessions, server and security events, and per-user totals.
// Fed by the tracker's listener for backfilled and live lines alike; saved with the tracker state.
import type { LogTime, SecurityEventRecord, ServerEventRecord, SessionRecord } from '../../contract.js';
import { runInTurns } from '../in-turns.js';
import { decodeSteps, HistoryEncoder, type EncodedHistory } from '../store/history-codec.js';
import { emptyHistory, type HistoryData, type SecurityEventEntry, type SessionEntry, type UserTotalEntry } from '../store/history-types.js';
import { requireLogTimeWall } from '../../log-time.js';
import { applyRetention, MAX_EVENTS, type RetentionPolicy } from '../store/retention.js';
import { mergeArrivals } from '../store/session-order.js';

/** Sessions that wait, at most, before they are merged into the list sorted by start. */
const ARRIVALS_PER_MERGE = 512;
/**
 * Events a list holds at most between two prunes. A prune keeps the newest MAX_EVENTS, and events come in
 * log order; a backfill appends tens of thousands in between (50,000 failed handshakes in 80 MB), and each
 * one kept until the next prune cost the garbage collector about as much as a session.
 */
const EVENTS_BETWEEN_PRUNES = MAX_EVENTS + MAX_EVENTS / 8;
/** Stored sessions and users taken in between two turns of the event loop at start. */
const ADOPT_STEP = 10_000;

export class SourceHistory {
  #data: HistoryData = emptyHistory();
  /** Sessions added since the list was last merged (see mergeArrivals), in the order they ended. */
  #arrivals: SessionEntry[] = [];
  /** Their starts as logTimeWall() reads them (NaN where the caller had none). */
  #arrivalStarts: number[] = [];
  /** Each virtual server's users: the same objects as data.users. */
  readonly #users = new Map<number, ServerUsers>();
  readonly #encoder: HistoryEncoder;
  /** The newest log time in this history, where the retention window ends (log times sort as text). */
  #newest: LogTime | null = null;

  /**
   * Decodes a stored history over as many turns of the event loop as it needs (a large one takes a second);
   * session lengths are taken in the log's `timezone`, so a DST change inside a session is taken out.
   */
  static async load(encoded: EncodedHistory, timezone?: string): Promise<SourceHistory> {
    const encoder = new HistoryEncoder(encoded);
    const data = await runInTurns(decodeSteps(encoded, (entry, row) => encoder.adopt(entry, row), timezone));
    const history = new SourceHistory(encoder);
    await runInTurns(history.#adoptSteps(data));
    return history;
  }

  /** An empty history; `encoder` is one that holds the rows of the history to adopt (see load). */
  constructor(encoder = new HistoryEncoder()) {
    this.#encoder = encoder;
  }

  /** Takes `data` as this history: its users indexed, its newest time found, a step at a time. */
  *#adoptSteps(data: HistoryData): Generator<void, void, void> {
    this.#data = data;
    let taken = 0;
    const step = (): boolean => ++taken % ADOPT_STEP === 0;
    for (const user of data.users) {
      this.#serverUsers(user.server).add(user);
      if (step()) yield;
    }
    for (const session of data.sessions) {
      this.#seen(session.end);
      if (step()) yield;
    }
    for (const event of [...data.serverEvents, ...data.security]) this.#seen(event.at);
  }

  /** The history, its sessions sorted by start (ties in the order they ended). */
  get data(): HistoryData {
    this.#merge();
    return this.#data;
  }

  #merge(): void {
    if (this.#arrivals.length === 0) return;
    mergeArrivals(this.#data.sessions, this.#arrivals, this.#arrivalStarts);
    this.#arrivals = [];
    this.#arrivalStarts = [];
  }

  #seen(time: LogTime): void {
    if (this.#newest === null || time > this.#newest) this.#newest = time;
  }

  /** `startWall`, `endWall`: the record's start and end as logTimeWall() reads them, when the caller has them. */
  addSession(record: SessionRecord, startWall?: number, endWall?: number): void {
    const session = sessionEntry(record);
    // Sessions end in log order but started in any order: they join the list sorted by start in batches.
    this.#arrivals.push(session);
    this.#arrivalStarts.push(startWall ?? Number.NaN);
    if (this.#arrivals.length >= ARRIVALS_PER_MERGE) this.#merge();
    this.#encoder.add(session, startWall, endWall);
    this.#seen(session.end);
    const users = this.#serverUsers(session.server);
    let total = users.find(session.name, session.userId);
    if (!total) {
      total = { server: session.server, name: session.name, userId: session.userId, sessions: 0, secondsOnline: 0, lastSeen: session.end };
      users.add(total);
      this.#data.users.push(total);
    }
    total.sessions += 1;
    total.secondsOnline += session.durationSeconds;
    total.name = session.name; // the newest spelling of a registered user's name
    if (session.end > total.lastSeen) total.lastSeen = session.end;
  }

  #serverUsers(server: number): ServerUsers {
    let users = this.#users.get(server);
    if (!users) this.#users.set(server, (users = new ServerUsers()));
    return users;
  }

  addServerEvent({ source: _source, ...event }: ServerEventRecord): void {
    appendEvent(this.#data.serverEvents, event);
    this.#seen(event.at);
  }

  addSecurity(record: SecurityEventRecord): void {
    const event = securityEntry(record);
    appendEvent(this.#data.security, event);
    this.#seen(event.at);
  }

  /** Returns how many sessions were dropped. */
  prune(policy: RetentionPolicy): number {
    if (this.#newest === null) return 0;
    const dropped = applyRetention(this.data, policy, requireLogTimeWall(this.#newest));
    for (const session of dropped) this.#encoder.remove(session);
    return dropped.length;
  }

  encode(): EncodedHistory {
    return this.#encoder.encode(this.data);
  }
}

/**
 * The record without its source, field by field: object rest is far slower in Node 20, once per session.
 * A channel comes in the literal, not added after it: that would give each such entry a second object
 * for it, and a backfill keeps a hundred thousand entries.
 */
function sessionEntry(record: SessionRecord): SessionEntry {
  const { server, session, name, userId, start, end, durationSeconds, endReason, channel } = record;
  if (channel === undefined) return { server, session, name, userId, start, end, durationSeconds, endReason };
  return { server, session, name, userId, start, end, durationSeconds, endReason, channel };
}

/** Appends `event`, dropping the oldest events the next prune would drop when the list grew past EVENTS_BETWEEN_PRUNES. */
function appendEvent<T>(events: T[], event: T): void {
  events.push(event);
  if (events.length > EVENTS_BETWEEN_PRUNES) events.splice(0, events.length - MAX_EVENTS);
}

/**
 * The event without its source, field by field, in the order the tracker makes them: a backfill of 80 MB
 * has 50,000 (failed TLS handshakes, rejected logins), and object rest is far slower in Node 20.
 */
function securityEntry(record: SecurityEventRecord): SecurityEventEntry {
  const event: SecurityEventEntry = { server: record.server, at: record.at, kind: record.kind, reason: record.reason };
  if (record.name !== undefined) event.name = record.name;
  if (record.address !== undefined) event.address = record.address;
  return event;
}

/**
 * One virtual server's user totals, found as day-stats.ts uniqueUserKey() tells users apart (a registered
 * user by id, anyone else by name without case) without making a key string for every session.
 */
class ServerUsers {
  readonly #registered = new Map<number, UserTotalEntry>();
  readonly #byLowerName = new Map<string, UserTotalEntry>();
  /** Names as written, each seen once lower-cased: the same spelling comes back session after session. */
  readonly #byName = new Map<string, UserTotalEntry>();

  find(name: string, userId: number): UserTotalEntry | undefined {
    if (userId >= 0) return this.#registered.get(userId);
    let total = this.#byName.get(name);
    if (total === undefined) {
      total = this.#byLowerName.get(name.toLowerCase());
      if (total !== undefined) this.#byName.set(name, total);
    }
    return total;
  }

  add(total: UserTotalEntry): void {
    if (total.userId >= 0) {
      this.#registered.set(total.userId, total);
      return;
    }
    this.#byLowerName.set(total.name.toLowerCase(), total);
    this.#byName.set(total.name, total);
  }
}
