// One source's remembered history: detailed sessions, server and security events, and per-user totals.
// Fed by the tracker's listener for backfilled and live lines alike; saved with the tracker state.
import type { LogTime, SecurityEventRecord, ServerEventRecord, SessionRecord } from '../../contract.js';
import { runInTurns } from '../in-turns.js';
import { decodeSteps, HistoryEncoder, type EncodedHistory } from '../store/history-codec.js';
import { emptyHistory, type HistoryData, type SessionEntry, type UserTotalEntry } from '../store/history-types.js';
import { requireLogTimeWall } from '../../log-time.js';
import { applyRetention, type RetentionPolicy } from '../store/retention.js';

export class SourceHistory {
  readonly data: HistoryData;
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
    // Every block was adopted unserialised: make its bytes now, or the first write would do it all at once.
    await runInTurns(encoder.prepareSteps(data));
    return new SourceHistory(data, encoder);
  }

  constructor(data: HistoryData = emptyHistory(), encoder = new HistoryEncoder()) {
    this.#encoder = encoder;
    this.data = data;
    for (const user of this.data.users) this.#serverUsers(user.server).add(user);
    for (const session of this.data.sessions) this.#seen(session.end);
    for (const event of [...this.data.serverEvents, ...this.data.security]) this.#seen(event.at);
  }

  #seen(time: LogTime): void {
    if (this.#newest === null || time > this.#newest) this.#newest = time;
  }

  /** `startWall`, `endWall`: the record's start and end as logTimeWall() reads them, when the caller has them. */
  addSession(record: SessionRecord, startWall?: number, endWall?: number): void {
    const session = sessionEntry(record);
    const sessions = this.data.sessions;
    // Sessions end in log order but started in any order; keep the list sorted by start.
    sessions.splice(insertionIndex(sessions, session.start), 0, session);
    this.#encoder.add(session, startWall, endWall);
    this.#seen(session.end);
    const users = this.#serverUsers(session.server);
    let total = users.find(session.name, session.userId);
    if (!total) {
      total = { server: session.server, name: session.name, userId: session.userId, sessions: 0, secondsOnline: 0, lastSeen: session.end };
      users.add(total);
      this.data.users.push(total);
    }
    this.#encoder.touchUser(total);
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
    this.data.serverEvents.push(event);
    this.#seen(event.at);
  }

  addSecurity({ source: _source, ...event }: SecurityEventRecord): void {
    this.data.security.push(event);
    this.#seen(event.at);
  }

  /** Returns how many sessions were dropped. */
  prune(policy: RetentionPolicy): number {
    if (this.#newest === null) return 0;
    const dropped = applyRetention(this.data, policy, requireLogTimeWall(this.#newest));
    for (const session of dropped) this.#encoder.remove(session);
    return dropped.length;
  }

  /** Serialise what changed since the last call (see HistoryEncoder.prepare). */
  prepare(): void {
    this.#encoder.prepare();
  }

  encode(): EncodedHistory {
    return this.#encoder.encode(this.data);
  }
}

/** The record without its source, field by field: object rest is far slower in Node 20, once per session. */
function sessionEntry(record: SessionRecord): SessionEntry {
  const entry: SessionEntry = {
    server: record.server,
    session: record.session,
    name: record.name,
    userId: record.userId,
    start: record.start,
    end: record.end,
    durationSeconds: record.durationSeconds,
    endReason: record.endReason,
  };
  if (record.channel !== undefined) entry.channel = record.channel;
  return entry;
}

/**
 * The index after every session that started at or before `start` (the list is sorted by start). Sessions
 * arrive in the order they end, so the place is at or near the end: steps back from it grow twice as long
 * each time until one passes it, and the last step is searched by halves.
 */
function insertionIndex(sessions: readonly SessionEntry[], start: LogTime): number {
  const startsAfter = (index: number): boolean => (sessions[index] as SessionEntry).start > start;
  let high = sessions.length;
  let step = 1;
  while (high - step >= 0 && startsAfter(high - step)) {
    high -= step;
    step *= 2;
  }
  let low = Math.max(0, high - step + 1);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (startsAfter(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
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
