// Field checks of a stored history (history-codec.ts EncodedHistory), a step per block of rows so a year
// of sessions is checked without holding the event loop: every index must name an entry of its table,
// every time and length must make a real log time, every kind must be one the monitor writes.
import type { SecurityEventKind, ServerEventKind } from '../../contract.js';
import { type Fields, fail, integer, list, logTime, object, oneOf, optional, text, day } from './field-check.js';
import { END_REASONS } from './history-codec.js';
import { DAY_MS } from '../../log-time.js';
import { MAX_UINT32, serverId, sessionId, userId } from './tracker-state-check.js';

/** Rows checked between two steps. */
const ROWS_PER_STEP = 1000;
/** Longest session kept: ten years (the codec turns start + length back into a log time). */
const MAX_SESSION_MS = 3650 * DAY_MS;
/** Log times the codec can write back: from 1970 to the end of year 9999. */
const LAST_LOG_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const SERVER_EVENT_KINDS = Object.keys({
  boot: 1,
  started: 1,
  stopped: 1,
  shutdown: 1,
  crash: 1,
  rotation: 1,
  truncation: 1,
} satisfies Record<ServerEventKind, 1>) as ServerEventKind[];

const SECURITY_EVENT_KINDS = Object.keys({
  rejected: 1,
  'ban-ignored': 1,
  'cert-banned': 1,
  'ban-added': 1,
  'ban-removed': 1,
  'tls-error': 1,
} satisfies Record<SecurityEventKind, 1>) as SecurityEventKind[];

function strings(value: unknown, path: string): number {
  const items = list(value, path);
  items.forEach((item, index) => text(item, `${path}[${index}]`));
  return items.length;
}

function index(value: unknown, path: string, size: number, table: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= size) fail(path, `an index into ${table} (0 to ${size - 1})`, value);
}

function checkSessionRow(value: unknown, path: string, names: number, channels: number): void {
  const row = list(value, path);
  if (row.length !== 6 && row.length !== 7) fail(path, 'a session row of 6 or 7 numbers', value);
  sessionId(row[0], `${path}[0]`);
  index(row[1], `${path}[1]`, names, 'names');
  userId(row[2], `${path}[2]`);
  integer(row[3], `${path}[3]`, 0, DAY_MS - 1);
  integer(row[4], `${path}[4]`, 0, MAX_SESSION_MS);
  index(row[5], `${path}[5]`, END_REASONS.length, 'end reasons');
  if (row.length === 7) index(row[6], `${path}[6]`, channels, 'channels');
}

function checkUserRow(value: unknown, path: string, names: number): void {
  const row = list(value, path);
  if (row.length !== 6) fail(path, 'a user row of 6 numbers', value);
  serverId(row[0], `${path}[0]`);
  index(row[1], `${path}[1]`, names, 'names');
  userId(row[2], `${path}[2]`);
  integer(row[3], `${path}[3]`, 1, MAX_UINT32);
  integer(row[4], `${path}[4]`);
  integer(row[5], `${path}[5]`, 0, LAST_LOG_MS);
}

function checkServerEvent(value: unknown, path: string): void {
  const event = object(value, path);
  optional(event.server, (item) => serverId(item, `${path}.server`));
  logTime(event.at, `${path}.at`);
  oneOf(event.kind, `${path}.kind`, SERVER_EVENT_KINDS);
  text(event.detail, `${path}.detail`);
}

function checkSecurityEvent(value: unknown, path: string): void {
  const event = object(value, path);
  serverId(event.server, `${path}.server`);
  logTime(event.at, `${path}.at`);
  oneOf(event.kind, `${path}.kind`, SECURITY_EVENT_KINDS);
  for (const field of ['name', 'address'] as const) optional(event[field], (item) => text(item, `${path}.${field}`));
  text(event.reason, `${path}.reason`);
}

/** Checks `items` with `check`, yielding every ROWS_PER_STEP. */
function* eachRow(items: unknown[], path: string, check: (item: unknown, path: string) => void): Generator<void, void, void> {
  for (let at = 0; at < items.length; at += 1) {
    check(items[at], `${path}[${at}]`);
    if (at % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }
}

/** Throws a FieldError naming the first bad field of a stored history. */
export function* checkHistorySteps(value: unknown, path: string): Generator<void, void, void> {
  const history: Fields = object(value, path);
  const names = strings(history.names, `${path}.names`);
  const channels = strings(history.channels, `${path}.channels`);
  for (const [server, days] of Object.entries(object(history.sessions, `${path}.sessions`))) {
    if (!/^\d+$/.test(server)) fail(`${path}.sessions`, 'virtual server ids as keys', server);
    serverId(Number(server), `${path}.sessions.${server}`);
    for (const [date, rows] of Object.entries(object(days, `${path}.sessions.${server}`))) {
      day(date, `${path}.sessions.${server} key`);
      const where = `${path}.sessions.${server}.${date}`;
      yield* eachRow(list(rows, where), where, (row, at) => checkSessionRow(row, at, names, channels));
      yield; // a day's block is short, a year of them is not
    }
  }
  yield* eachRow(list(history.users, `${path}.users`), `${path}.users`, (row, at) => checkUserRow(row, at, names));
  yield* eachRow(list(history.serverEvents, `${path}.serverEvents`), `${path}.serverEvents`, checkServerEvent);
  yield* eachRow(list(history.security, `${path}.security`), `${path}.security`, checkSecurityEvent);
}
