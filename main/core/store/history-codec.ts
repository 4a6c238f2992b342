// Compact on-disk form of HistoryData. A year of two busy servers keeps ~110,000 detailed sessions, so a
// session is a short row of numbers, grouped by server and by the day it started: names and channels are
// indexes into tables, the start is milliseconds into that day, the length is in milliseconds. This keeps
// the store under its 5 MB goal (bench/store.bench.ts) without losing a field of SessionRecord, and lets
// each row be serialised once (HistoryEncoder) instead of on every write.
import type { SessionEndReason } from '../../contract.js';
import type { HistoryData, SecurityEventEntry, ServerEventEntry, SessionEntry, UserTotalEntry } from './history-types.js';
import { DAY_MS, requireLogTimeWall, secondsBetweenWalls, wallToLogTime } from '../../log-time.js';
import { RawJson } from './raw-json.js';

/** Sessions merged between two turns of a stepped decode. */
const MERGE_STEP = 20_000;

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
  #cache = new Map<T, Buffer>();
  readonly #dirty = new Set<T>();
  readonly #serialise: (item: T) => unknown;

  constructor(serialise: (item: T) => unknown) {
    this.#serialise = serialise;
  }

  /** Forget an item's bytes (it changed in place). */
  touch(item: T): void {
    this.#cache.delete(item);
    this.#dirty.add(item);
  }

  /** Serialise the items touched since the last call. */
  prepare(): void {
    for (const item of this.#dirty) this.#cache.set(item, Buffer.from(JSON.stringify(this.#serialise(item))));
    this.#dirty.clear();
  }

  encode(items: readonly T[]): RawJson {
    const next = new Map<T, Buffer>();
    const pieces: Buffer[] = [OPEN];
    for (const item of items) {
      const bytes = this.#cache.get(item) ?? Buffer.from(JSON.stringify(this.#serialise(item)));
      next.set(item, bytes);
      if (pieces.length > 1) pieces.push(COMMA);
      pieces.push(bytes);
    }
    pieces.push(CLOSE);
    this.#cache = next;
    this.#dirty.clear();
    return new RawJson(pieces);
  }
}

/** The sessions of one virtual server that started on one day (each with its row, serialised once), and the block's JSON. */
interface Block {
  day: string;
  rows: Map<SessionEntry, string>;
  bytes: Buffer | null;
}

function blockBytes(block: Block): Buffer {
  return Buffer.from(`"${block.day}":[${[...block.rows.values()].join(',')}]`);
}


/**
 * Encodes one source's history again and again as it grows. Sessions are added and removed as they come
 * and go (so it never regroups them); a block's JSON is rebuilt only when one of its sessions changed. Its
 * name table only grows (ids in cached rows stay valid); names of pruned sessions leave it at the next
 * start, when the history is decoded afresh.
 */
export class HistoryEncoder {
  readonly #names = new Interner();
  readonly #channels = new Interner();
  readonly #blocks = new Map<number, Map<string, Block>>();
  readonly #dirtyBlocks = new Set<Block>();
  readonly #users = new ArrayPieces<UserTotalEntry>((user) => [
    user.server,
    this.#names.id(user.name),
    user.userId,
    user.sessions,
    user.secondsOnline,
    requireLogTimeWall(user.lastSeen),
  ]);
  readonly #serverEvents = new ArrayPieces<ServerEventEntry>((event) => event);
  readonly #security = new ArrayPieces<SecurityEventEntry>((event) => event);

  /** Start from the tables of a stored history, so its rows (which index them) can be adopted as they are. */
  constructor(stored?: Pick<EncodedHistory, 'names' | 'channels'>) {
    for (const name of stored?.names ?? []) this.#names.id(name);
    for (const channel of stored?.channels ?? []) this.#channels.id(channel);
  }

  /** Add a session decoded from the stored `row` (same tables), without serialising it again. */
  adopt(entry: SessionEntry, row: readonly number[]): void {
    const block = this.#block(entry);
    block.rows.set(entry, `[${row.join(',')}]`);
    block.bytes = null;
    this.#dirtyBlocks.add(block);
  }

  /** A user's totals changed in place. */
  touchUser(user: UserTotalEntry): void {
    this.#users.touch(user);
  }

  /**
   * Serialises the session's row now, while the caller works in small steps anyway, not at write time.
   * `startWall`, `endWall`: its start and end as logTimeWall() reads them, when the caller has them.
   */
  add(entry: SessionEntry, startWall?: number, endWall?: number): void {
    const block = this.#block(entry);
    block.rows.set(entry, JSON.stringify(this.#row(entry, startWall, endWall)));
    block.bytes = null;
    this.#dirtyBlocks.add(block);
  }

  remove(entry: SessionEntry): void {
    const block = this.#block(entry);
    block.rows.delete(entry);
    block.bytes = null;
    this.#dirtyBlocks.add(block);
  }

  /**
   * Serialise what changed since the last call. Called after each chunk of lines, it spreads the work over
   * many short turns, so the write itself only concatenates bytes.
   */
  prepare(): void {
    for (const _step of this.prepareSteps()) {
      // All at once.
    }
  }

  /** prepare() a block at a time, for a caller that gives the event loop turns between (a whole stored history). */
  *prepareSteps(): Generator<void, void, void> {
    for (const block of this.#dirtyBlocks) {
      block.bytes = blockBytes(block);
      this.#dirtyBlocks.delete(block);
      yield;
    }
    this.#users.prepare();
  }

  encode(history: HistoryData): EncodedHistory {
    this.#dirtyBlocks.clear();
    const pieces: Buffer[] = [];
    for (const [server, days] of this.#blocks) {
      const blocks: Buffer[] = [];
      for (const [day, block] of days) {
        if (block.rows.size === 0) {
          days.delete(day);
          continue;
        }
        block.bytes ??= blockBytes(block);
        blocks.push(block.bytes, COMMA);
      }
      blocks.pop();
      pieces.push(Buffer.from(`${pieces.length === 0 ? '{' : ','}"${server}":{`), ...blocks, Buffer.from('}'));
    }
    pieces.push(Buffer.from(pieces.length === 0 ? '{}' : '}'));
    return {
      names: this.#names.values,
      channels: this.#channels.values,
      sessions: new RawJson(pieces),
      users: this.#users.encode(history.users),
      serverEvents: this.#serverEvents.encode(history.serverEvents),
      security: this.#security.encode(history.security),
    };
  }

  #block(entry: SessionEntry): Block {
    let days = this.#blocks.get(entry.server);
    if (!days) this.#blocks.set(entry.server, (days = new Map()));
    const day = entry.start.slice(0, 10);
    let block = days.get(day);
    if (!block) days.set(day, (block = { day, rows: new Map(), bytes: null }));
    return block;
  }

  #row(entry: SessionEntry, startWall = Number.NaN, endWall = Number.NaN): SessionRow {
    // A time that is not valid is parsed again, for requireLogTimeWall's error.
    const start = Number.isNaN(startWall) ? requireLogTimeWall(entry.start) : startWall;
    const end = Number.isNaN(endWall) ? requireLogTimeWall(entry.end) : endWall;
    const row = [
      entry.session,
      this.#names.id(entry.name),
      entry.userId,
      start - Math.floor(start / DAY_MS) * DAY_MS, // into its day: log times are read as UTC
      end - start,
      END_REASONS.indexOf(entry.endReason),
    ];
    if (entry.channel !== undefined) row.push(this.#channels.id(entry.channel));
    return row;
  }
}

function byStart(a: SessionEntry, b: SessionEntry): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
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

