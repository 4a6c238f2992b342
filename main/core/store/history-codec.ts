// Compact on-disk form of HistoryData. A year of two busy servers keeps ~110,000 detailed sessions, so a
// session is a short row of numbers, grouped by server and by the day it started: names and channels are
// indexes into tables, the start is milliseconds into that day, the length is in milliseconds. This keeps
// the store under its 5 MB goal (bench/store.bench.ts) without losing a field of SessionRecord, and lets
// each row be serialised once (HistoryEncoder) instead of on every write.
import type { SessionEndReason } from '../../contract.js';
import type { HistoryData, SecurityEventEntry, ServerEventEntry, SessionEntry, UserTotalEntry } from './history-types.js';
import { DAY_MS, requireLogTimeWall, secondsBetweenWalls, wallToLogTime } from '../../log-time.js';
import { RawJson } from './raw-json.js';
import { RowBytes } from './row-bytes.js';
import { byStart } from './session-order.js';

/** Sessions merged between two turns of a stepped decode. */
const MERGE_STEP = 5_000;

export const END_REASONS: readonly SessionEndReason[] = [
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

/** `[session, name, userId, msIntoDay, durationMs, reason, channel?]`, indexes into `names` / `channels`. */
type SessionRow = number[];
/** `[server, name, userId, sessions, secondsOnline, lastSeenMs]`. */
type UserRow = number[];
/** Virtual server id → start day (`YYYY-MM-DD`) → rows in start order. */
type SessionBlocks = Record<string, Record<string, SessionRow[]>>;

/** As read back from disk; HistoryEncoder writes RawJson pieces in place of the large parts. */
export interface EncodedHistory {
  names: string[];
  channels: string[];
  sessions: SessionBlocks | RawJson;
  users: UserRow[] | RawJson;
  serverEvents: ServerEventEntry[] | RawJson;
  security: SecurityEventEntry[] | RawJson;
}

const COMMA = Buffer.from(',');
const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');

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

/** A JSON array of `items`, each item serialised once and reused while it stays in the list. */
class ArrayPieces<T extends object> {
  #cache = new Map<T, string>();
  readonly #serialise: (item: T) => string;

  constructor(serialise: (item: T) => string) {
    this.#serialise = serialise;
  }

  encode(items: readonly T[]): RawJson {
    const next = new Map<T, string>();
    const parts: string[] = [];
    for (const item of items) {
      const json = this.#cache.get(item) ?? this.#serialise(item);
      next.set(item, json);
      parts.push(json);
    }
    this.#cache = next;
    return new RawJson([Buffer.from(`[${parts.join(',')}]`)]);
  }
}

/**
 * The sessions of one virtual server that started on one day, in the order they were added, and their rows
 * as JSON bytes (written once each).
 */
interface Block {
  /** `"YYYY-MM-DD":[`, what the block's JSON starts with. */
  head: Buffer;
  day: string;
  entries: SessionEntry[];
  rows: RowBytes;
  /** Entries removed since the rows were last compacted (a Set: pruning a year drops them by the thousand). */
  removed: Set<SessionEntry> | null;
}

/** One virtual server's blocks by start day, and the one the last session went to (the next mostly goes there too). */
interface ServerBlocks {
  server: number;
  days: Map<string, Block>;
  last: Block | null;
}

/** Drops the removed entries, and their rows, from the block. */
function compact(block: Block): void {
  const removed = block.removed;
  if (removed === null) return;
  const entries = block.entries;
  block.rows.retain((index) => !removed.has(entries[index] as SessionEntry));
  block.entries = entries.filter((entry) => !removed.has(entry));
  block.removed = null;
}

/**
 * Encodes one source's history again and again as it grows. Sessions are added and removed as they come
 * and go (so it never regroups them); a session's row is written once, when it is added, and a block's
 * rows are copied again only when one of them is removed. Its name table only grows (ids in cached rows stay valid); names of pruned sessions leave it at the next
 * start, when the history is decoded afresh.
 */
export class HistoryEncoder {
  readonly #names = new Interner();
  readonly #channels = new Interner();
  readonly #servers = new Map<number, ServerBlocks>();
  /** The server the last session went to. */
  #lastServer: ServerBlocks | null = null;
  readonly #serverEvents = new ArrayPieces<ServerEventEntry>((event) => JSON.stringify(event));
  readonly #security = new ArrayPieces<SecurityEventEntry>((event) => JSON.stringify(event));

  /** Start from the tables of a stored history, so its rows (which index them) can be adopted as they are. */
  constructor(stored?: Pick<EncodedHistory, 'names' | 'channels'>) {
    for (const name of stored?.names ?? []) this.#names.id(name);
    for (const channel of stored?.channels ?? []) this.#channels.id(channel);
  }

  /** Add a session decoded from the stored `row` (same tables), without serialising it again. */
  adopt(entry: SessionEntry, row: readonly number[]): void {
    const rows = this.#append(entry);
    rows.begin();
    for (const value of row) rows.value(value);
    rows.end();
  }

  /**
   * Writes the session's row now, while the caller works in small steps anyway, not at write time.
   * `startWall`, `endWall`: its start and end as logTimeWall() reads them, when the caller has them.
   */
  add(entry: SessionEntry, startWall = Number.NaN, endWall = Number.NaN): void {
    // A time that is not valid is parsed again, for requireLogTimeWall's error.
    const start = Number.isNaN(startWall) ? requireLogTimeWall(entry.start) : startWall;
    const end = Number.isNaN(endWall) ? requireLogTimeWall(entry.end) : endWall;
    const name = this.#names.id(entry.name);
    const channel = entry.channel === undefined ? -1 : this.#channels.id(entry.channel);
    // The row: [session, name, userId, msIntoDay, durationMs, reason, channel?].
    const rows = this.#append(entry);
    rows.begin();
    rows.value(entry.session);
    rows.value(name);
    rows.value(entry.userId);
    rows.value(start - Math.floor(start / DAY_MS) * DAY_MS); // into its day: log times are read as UTC
    rows.value(end - start);
    rows.value(END_REASONS.indexOf(entry.endReason));
    if (channel >= 0) rows.value(channel);
    rows.end();
  }

  remove(entry: SessionEntry): void {
    const block = this.#block(entry);
    (block.removed ??= new Set()).add(entry);
  }

  encode(history: HistoryData): EncodedHistory {
    const pieces: Buffer[] = [];
    for (const [server, serverBlocks] of this.#servers) {
      const blocks: Buffer[] = [];
      for (const [day, block] of serverBlocks.days) {
        compact(block);
        if (block.entries.length === 0) {
          serverBlocks.days.delete(day);
          if (serverBlocks.last === block) serverBlocks.last = null;
          continue;
        }
        blocks.push(block.head, block.rows.bytes, CLOSE, COMMA);
      }
      blocks.pop();
      pieces.push(Buffer.from(`${pieces.length === 0 ? '{' : ','}"${server}":{`), ...blocks, Buffer.from('}'));
    }
    pieces.push(Buffer.from(pieces.length === 0 ? '{}' : '}'));
    return {
      names: this.#names.values,
      channels: this.#channels.values,
      sessions: new RawJson(pieces),
      users: this.#userRows(history.users),
      serverEvents: this.#serverEvents.encode(history.serverEvents),
      security: this.#security.encode(history.security),
    };
  }

  /**
   * The users' rows: made afresh at each write, as bytes (a few ms for ten thousand users). Totals change
   * with every session, and keeping each user's JSON until it changed cost a backfill more than this.
   */
  #userRows(users: readonly UserTotalEntry[]): RawJson {
    const rows = new RowBytes(users.length * 32 + 64);
    for (const user of users) {
      rows.begin();
      rows.value(user.server);
      rows.value(this.#names.id(user.name));
      rows.value(user.userId);
      rows.value(user.sessions);
      rows.value(user.secondsOnline);
      rows.value(requireLogTimeWall(user.lastSeen));
      rows.end();
    }
    return new RawJson([OPEN, rows.bytes, CLOSE]);
  }

  /** The rows of the entry's block, with the entry added to it: its row is to be written next. */
  #append(entry: SessionEntry): RowBytes {
    const block = this.#block(entry);
    block.entries.push(entry);
    return block.rows;
  }

  #block(entry: SessionEntry): Block {
    let blocks = this.#lastServer;
    if (blocks === null || blocks.server !== entry.server) {
      const known = this.#servers.get(entry.server);
      blocks = known ?? { server: entry.server, days: new Map(), last: null };
      if (known === undefined) this.#servers.set(entry.server, blocks);
      this.#lastServer = blocks;
    }
    // The day is the start's first ten characters: compared in place, no string made, for most sessions.
    const last = blocks.last;
    if (last !== null && entry.start.startsWith(last.day) && last.day.length === 10) return last;
    const day = entry.start.slice(0, 10);
    let block = blocks.days.get(day);
    if (!block) blocks.days.set(day, (block = { head: Buffer.from(`"${day}":[`), day, entries: [], rows: new RowBytes(), removed: null }));
    blocks.last = block;
    return block;
  }
}

/** Lists sorted by start merged into one; on a tie the earlier list goes first, as a stable sort of them all would. */
function* mergeByStart(lists: readonly SessionEntry[][]): Generator<void, SessionEntry[], void> {
  const merged: SessionEntry[] = [];
  const heads = lists.map(() => 0);
  for (;;) {
    let pick: SessionEntry | undefined;
    let from = 0;
    for (let index = 0; index < lists.length; index += 1) {
      const head = lists[index]?.[heads[index] ?? 0];
      // Only a strictly earlier start takes the place of the pick: ties keep the order of the lists.
      if (head !== undefined && (pick === undefined || head.start < pick.start)) {
        pick = head;
        from = index;
      }
    }
    if (pick === undefined) return merged;
    merged.push(pick);
    heads[from] = (heads[from] ?? 0) + 1;
    if (merged.length % MERGE_STEP === 0) yield;
  }
}

/** Encodes once (tests, tools). */
export function encodeHistory(history: HistoryData): EncodedHistory {
  const encoder = new HistoryEncoder();
  for (const entry of history.sessions) encoder.add(entry);
  return encoder.encode(history);
}

export type RowListener = (entry: SessionEntry, row: readonly number[]) => void;

/** decodeSteps run to the end at once. */
export function decodeHistory(encoded: EncodedHistory, onRow?: RowListener): HistoryData {
  const steps = decodeSteps(encoded, onRow);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * Decodes a stored history one block of sessions per step, so a caller can spread a large one over several
 * turns of the event loop. Throws on a malformed document; the store then treats the whole file as corrupt.
 * `onRow` sees each session with the row it came from (HistoryEncoder.adopt).
 */
export function* decodeSteps(encoded: EncodedHistory, onRow?: RowListener, timezone?: string): Generator<void, HistoryData, void> {
  const text = (table: string[], index: number | undefined): string => {
    const value = index === undefined ? undefined : table[index];
    if (typeof value !== 'string') throw new Error(`history: bad table index ${String(index)}`);
    return value;
  };
  if (encoded.sessions instanceof RawJson || encoded.users instanceof RawJson) throw new Error('history: not decoded JSON');
  if (!Array.isArray(encoded.serverEvents) || !Array.isArray(encoded.security)) throw new Error('history: bad event lists');
  // Each server's sessions in start order: its days in calendar order, each day's rows (kept in the order
  // they ended) sorted. One sort of every session at the end held the event loop for 100 ms a year.
  const byServer: SessionEntry[][] = [];
  for (const [serverKey, days] of Object.entries(encoded.sessions)) {
    const server = Number(serverKey);
    const serverSessions: SessionEntry[] = [];
    for (const day of Object.keys(days).sort()) {
      const rows = days[day];
      const block: SessionEntry[] = [];
      const dayStart = requireLogTimeWall(`${day}T00:00:00.000`);
      if (!Array.isArray(rows)) throw new Error('history: bad session block');
      for (const row of rows) {
        const [session, name, userId, intoDay, duration, reason, channel] = row;
        if (![session, userId, intoDay, duration, reason].every(Number.isFinite)) throw new Error('history: bad session row');
        const endReason = END_REASONS[reason as number];
        if (endReason === undefined) throw new Error('history: bad end reason');
        const start = dayStart + (intoDay as number);
        const entry: SessionEntry = {
          server,
          session: session as number,
          name: text(encoded.names, name),
          userId: userId as number,
          start: wallToLogTime(start),
          end: wallToLogTime(start + (duration as number)),
          // As the tracker computes it. The row keeps the wall-clock difference, so the end time comes back
          // exactly as the log wrote it, and the length is taken in the log's zone.
          durationSeconds: secondsBetweenWalls(start, start + (duration as number), timezone),
          endReason,
        };
        if (channel !== undefined) entry.channel = text(encoded.channels, channel);
        block.push(entry);
        onRow?.(entry, row);
      }
      block.sort(byStart);
      for (const entry of block) serverSessions.push(entry);
      yield;
    }
    byServer.push(serverSessions);
  }
  const sessions = yield* mergeByStart(byServer);
  const users: UserTotalEntry[] = encoded.users.map(([server, name, userId, count, seconds, lastSeen]) => {
    if (![server, userId, count, seconds, lastSeen].every(Number.isFinite)) throw new Error('history: bad user row');
    return {
      server: server as number,
      name: text(encoded.names, name),
      userId: userId as number,
      sessions: count as number,
      secondsOnline: seconds as number,
      lastSeen: wallToLogTime(lastSeen as number),
    };
  });
  return { sessions, users, serverEvents: encoded.serverEvents, security: encoded.security };
}

