// Compact on-disk form of HistoryData. A year of two busy servers keeps ~110,000 detailed sessions, so a
// session is a short row of numbers: names and channels are indexes into tables, the start is the distance
// from the previous session's start and the length is in milliseconds. This keeps the store under its
// 5 MB goal (bench/store.bench.ts) without losing a field of SessionRecord.
import type { SessionEndReason } from '../../contract.js';
import type { HistoryData, SecurityEventEntry, ServerEventEntry, SessionEntry, UserTotalEntry } from './history-types.js';
import { secondsBetween } from '../murmur/log-time.js';
import { logTimeToMs, msToLogTime } from './log-time.js';

const REASONS: readonly SessionEndReason[] = [
  'quit',
  'disconnected',
  'timeout',
  'kicked',
  'banned',
  'ghost',
  'server-stopped',
  'server-restarted',
  'server-crashed',
];

/** `[session, name, userId, startDeltaMs, durationMs, reason, channel?]`, indexes into `names` / `channels`. */
type SessionRow = number[];
/** `[server, name, userId, sessions, secondsOnline, lastSeenMs]`. */
type UserRow = number[];

export interface EncodedHistory {
  names: string[];
  channels: string[];
  /** Per virtual server id, rows in start order. */
  sessions: Record<string, SessionRow[]>;
  users: UserRow[];
  serverEvents: ServerEventEntry[];
  security: SecurityEventEntry[];
}

class Interner {
  readonly values: string[] = [];
  readonly #index = new Map<string, number>();
  id(value: string): number {
    let id = this.#index.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.#index.set(value, id);
    }
    return id;
  }
}

export function encodeHistory(history: HistoryData): EncodedHistory {
  const names = new Interner();
  const channels = new Interner();
  const sessions: Record<string, SessionRow[]> = {};
  const previousStart = new Map<number, number>();
  for (const entry of history.sessions) {
    const start = logTimeToMs(entry.start);
    const row = [
      entry.session,
      names.id(entry.name),
      entry.userId,
      start - (previousStart.get(entry.server) ?? 0),
      logTimeToMs(entry.end) - start,
      REASONS.indexOf(entry.endReason),
    ];
    if (entry.channel !== undefined) row.push(channels.id(entry.channel));
    previousStart.set(entry.server, start);
    (sessions[entry.server] ??= []).push(row);
  }
  const users = history.users.map((user) => [
    user.server,
    names.id(user.name),
    user.userId,
    user.sessions,
    user.secondsOnline,
    logTimeToMs(user.lastSeen),
  ]);
  return {
    names: names.values,
    channels: channels.values,
    sessions,
    users,
    serverEvents: history.serverEvents,
    security: history.security,
  };
}

/** Throws on a malformed document; the store then treats the whole file as corrupt. */
export function decodeHistory(encoded: EncodedHistory): HistoryData {
  const text = (table: string[], index: number | undefined): string => {
    const value = index === undefined ? undefined : table[index];
    if (typeof value !== 'string') throw new Error(`history: bad table index ${String(index)}`);
    return value;
  };
  const sessions: SessionEntry[] = [];
  for (const [serverKey, rows] of Object.entries(encoded.sessions)) {
    const server = Number(serverKey);
    let start = 0;
    for (const [session, name, userId, delta, duration, reason, channel] of rows) {
      if (![session, userId, delta, duration, reason].every(Number.isFinite)) throw new Error('history: bad session row');
      start += delta as number;
      const endReason = REASONS[reason as number];
      if (endReason === undefined) throw new Error('history: bad end reason');
      const entry: SessionEntry = {
        server,
        session: session as number,
        name: text(encoded.names, name),
        userId: userId as number,
        start: msToLogTime(start),
        end: msToLogTime(start + (duration as number)),
        durationSeconds: 0,
        endReason,
      };
      entry.durationSeconds = secondsBetween(entry.start, entry.end);
      if (channel !== undefined) entry.channel = text(encoded.channels, channel);
      sessions.push(entry);
    }
  }
  sessions.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const users: UserTotalEntry[] = encoded.users.map(([server, name, userId, count, seconds, lastSeen]) => {
    if (![server, userId, count, seconds, lastSeen].every(Number.isFinite)) throw new Error('history: bad user row');
    return {
      server: server as number,
      name: text(encoded.names, name),
      userId: userId as number,
      sessions: count as number,
      secondsOnline: seconds as number,
      lastSeen: msToLogTime(lastSeen as number),
    };
  });
  if (!Array.isArray(encoded.serverEvents) || !Array.isArray(encoded.security)) throw new Error('history: bad event lists');
  return { sessions, users, serverEvents: encoded.serverEvents, security: encoded.security };
}
