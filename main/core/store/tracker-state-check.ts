// Field checks of a tracker's saved state (murmur/tracker.ts TrackerState): the open sessions, pending
// connections and day counters a restart resumes from. A null name or a session id of text would crash
// the tracker or show a wrong figure, so every field is checked before the state is used.
import { type Fields, day, fail, flag, integer, list, logTime, nullable, object, oneOf, optional, text } from './field-check.js';
import { END_REASONS } from './history-codec.js';

/** Murmur's session ids and per-day counts are 32-bit; virtual server and user ids 31-bit. */
export const MAX_UINT32 = 2 ** 32 - 1;
export const MAX_INT31 = 2 ** 31 - 1;

/** A session id is a whole number Murmur hands out: 0 (1.4+ before login) up to 2^32 - 1. */
export const sessionId = (value: unknown, path: string): number => integer(value, path, 0, MAX_UINT32);
/** -1 unregistered, 0 SuperUser, more for registered accounts. */
export const userId = (value: unknown, path: string): number => integer(value, path, -1, MAX_INT31);
export const serverId = (value: unknown, path: string): number => integer(value, path, 0, MAX_INT31);

function checkOpenSession(value: unknown, path: string): number {
  const session = object(value, path);
  const id = sessionId(session.session, `${path}.session`);
  text(session.name, `${path}.name`);
  userId(session.userId, `${path}.userId`);
  logTime(session.since, `${path}.since`);
  for (const field of ['channel', 'address', 'client'] as const) optional(session[field], (item) => text(item, `${path}.${field}`));
  optional(session.endReason, (item) => oneOf(item, `${path}.endReason`, END_REASONS));
  return id;
}

function checkPending(value: unknown, path: string): void {
  const entry = list(value, path);
  if (entry.length !== 2) fail(path, 'a [session, connection] pair', value);
  sessionId(entry[0], `${path}[0]`);
  const connection = object(entry[1], `${path}[1]`);
  for (const field of ['address', 'client'] as const) optional(connection[field], (item) => text(item, `${path}[1].${field}`));
}

/** ServerSessions.starting() counts into day '0000-00-00' until the first dated line. */
const dayOrStart = (value: unknown, path: string): string => (value === '0000-00-00' ? value : day(value, path));

function checkDayCounter(value: unknown, path: string): void {
  const stats = object(value, path);
  list(stats.days, `${path}.days`).forEach((item, index) => {
    const where = `${path}.days[${index}]`;
    const row = object(item, where);
    day(row.date, `${where}.date`);
    const logins = integer(row.logins, `${where}.logins`, 0, MAX_UINT32);
    integer(row.uniqueUsers, `${where}.uniqueUsers`, 0, logins);
    integer(row.peakOnline, `${where}.peakOnline`, 0, MAX_UINT32);
  });
  const current = object(stats.current, `${path}.current`);
  dayOrStart(current.date, `${path}.current.date`);
  integer(current.logins, `${path}.current.logins`, 0, MAX_UINT32);
  integer(current.peakOnline, `${path}.current.peakOnline`, 0, MAX_UINT32);
  list(current.users, `${path}.current.users`).forEach((key, index) => {
    if (typeof key !== 'string' || !/^(#\d+|=)/.test(key)) fail(`${path}.current.users[${index}]`, 'a user key (#id or =name)', key);
  });
  flag(current.active, `${path}.current.active`);
}

function checkTotals(value: unknown, path: string): void {
  const totals = object(value, path);
  for (const [reason, count] of Object.entries(object(totals.ended, `${path}.ended`))) {
    oneOf(reason, `${path}.ended key`, END_REASONS);
    integer(count, `${path}.ended.${reason}`);
  }
  integer(totals.rejected, `${path}.rejected`);
}

function checkServer(value: unknown, path: string): number {
  const server = object(value, path);
  const id = serverId(server.server, `${path}.server`);
  flag(server.listening, `${path}.listening`);
  const open = new Set<number>();
  list(server.open, `${path}.open`).forEach((item, index) => {
    const session = checkOpenSession(item, `${path}.open[${index}]`);
    if (open.has(session)) fail(`${path}.open[${index}].session`, 'a session id not open twice', session);
    open.add(session);
  });
  list(server.pending, `${path}.pending`).forEach((item, index) => checkPending(item, `${path}.pending[${index}]`));
  checkDayCounter(server.stats, `${path}.stats`);
  optional(server.totals, (item) => checkTotals(item, `${path}.totals`));
  return id;
}

/** Throws a FieldError naming the first bad field of the saved state of source `name`. */
export function checkTrackerState(value: unknown, path: string, name: string): void {
  const state: Fields = object(value, path);
  if (state.version !== 1) fail(`${path}.version`, '1', state.version);
  if (state.source !== name) fail(`${path}.source`, JSON.stringify(name), state.source);
  const lines = integer(state.linesRead, `${path}.linesRead`);
  integer(state.unparsedLines, `${path}.unparsedLines`, 0, lines);
  nullable(state.lastTime, (item) => logTime(item, `${path}.lastTime`));
  nullable(state.currentDate, (item) => day(item, `${path}.currentDate`));
  oneOf(state.process, `${path}.process`, ['unknown', 'running', 'stopped'] as const);
  optional(state.processSince, (item) => nullable(item, (time) => logTime(time, `${path}.processSince`)));
  const servers = new Set<number>();
  list(state.servers, `${path}.servers`).forEach((item, index) => {
    const server = checkServer(item, `${path}.servers[${index}]`);
    if (servers.has(server)) fail(`${path}.servers[${index}].server`, 'a virtual server listed once', server);
    servers.add(server);
  });
}
