// A plain reference for the tracker, for differential tests: it reads a whole log held in memory with
// string operations only (split on newlines, decode every line, slice and compare), and keeps its books in
// ordinary objects. It is slow and simple on purpose, so that a disagreement with SourceTracker (which
// scans bytes, interns names and keeps times as numbers) points at the fast code. It covers the lines the
// differential test writes; its rules are the reference's (shared/reference/murmur-log-format.md §2–§6).
import { isUtf8 } from 'node:buffer';
import type { DayStats, OnlineUser, ServerReport, SessionEndReason, SessionRecord } from '../../main/contract.js';

interface Open {
  session: number;
  name: string;
  userId: number;
  since: string;
  channel?: string;
  address?: string;
  client?: string;
  endReason?: SessionEndReason;
}

/** What a 1.2/1.3 connection tells before it authenticates. */
interface Pending {
  address?: string;
  client?: string;
}

interface Day {
  date: string;
  logins: number;
  users: Set<string>;
  peak: number;
  active: boolean;
}

interface Server {
  id: number;
  open: Map<number, Open>;
  pending: Map<number, Pending>;
  finished: DayStats[];
  day: Day;
}

interface User {
  session: number;
  name: string;
  userId: number;
  message: string;
}

export interface ReferenceResult {
  linesRead: number;
  unparsedLines: number;
  lastTime: string | null;
  servers: ServerReport[];
  sessions: SessionRecord[];
}

const HEADER = /^<([CFDXW])>(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) /;
const SERVER_PREFIX = /^(\d+) => /;
const USER_ID_AT_END = /\((-?\d+)$/;
/** Verbs that make a split certain without changing anything the reference keeps (reference §4). */
const INFO_VERBS = [
  'Added channel ',
  'Changed speak-state of ',
  'Certificate hash is banned',
  'Moved channel ',
  'New ban: ',
  'Requesting crypt-nonce resync',
  'Requested crypt-nonce resync',
  'Renamed channel ',
  'Removed channel ',
  'Renamed user ',
  'Removed ban: ',
  'Strong certificate for ',
  'Session ID pool ',
  'SSL Error: ',
  'Updated ACL in channel ',
  'Updating ACL in channel ',
  'Unregistered user ',
  'Updated banlist',
];

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function wallMs(time: string): number {
  return Date.parse(`${time}Z`);
}

/** `name:session(userId)` exactly, or undefined. */
function parseTarget(text: string): { name: string; session: number; userId: number } | undefined {
  const match = /^(.*):(\d+)\((-?\d+)\)$/s.exec(text);
  if (match === null) return undefined;
  return { name: match[1] as string, session: Number(match[2]), userId: Number(match[3]) };
}

type Parsed =
  | { kind: 'authenticated' | 'ghost' | 'timeout' | 'rejected' | 'info' }
  | { kind: 'connection'; address: string }
  | { kind: 'client-version'; client: string }
  | { kind: 'closed'; code: number }
  | { kind: 'kicked' | 'banned'; target: { name: string; session: number; userId: number } }
  | { kind: 'moved'; target: { name: string; session: number; userId: number }; channel: string };

/** The user line's message, read after a split of the prefix; undefined when no known verb fits. */
function parseMessage(user: User): Parsed | undefined {
  const message = user.message;
  if (message === 'Authenticated') return { kind: 'authenticated' };
  if (message === 'Disconnecting ghost') return { kind: 'ghost' };
  if (message === 'Timeout') return { kind: 'timeout' };
  if (message.startsWith('New connection: ')) return { kind: 'connection', address: message.slice('New connection: '.length) };
  if (message.startsWith('Client version ')) {
    // `Client version VERSION (OS: RELEASE)`: the release, or the version when there is none.
    const rest = message.slice('Client version '.length);
    const open = rest.indexOf(' (');
    const inner = open === -1 ? '' : rest.slice(open + 2, rest.endsWith(')') ? -1 : undefined);
    const split = inner.lastIndexOf(': ');
    const release = split === -1 ? '' : inner.slice(split + 2);
    return { kind: 'client-version', client: release !== '' ? release : open === -1 ? rest : rest.slice(0, open) };
  }
  if (message.startsWith('Rejected connection: ')) return { kind: 'rejected' };
  if (message.startsWith('Connection closed: ')) {
    const match = / \[(-?\d+)\]$/.exec(message);
    return match === null || match.index < 'Connection closed:'.length ? undefined : { kind: 'closed', code: Number(match[1]) };
  }
  for (const [verb, kind] of [['Kicked ', 'kicked'], ['Kickbanned ', 'banned']] as const) {
    if (!message.startsWith(verb) || !message.endsWith(')')) continue;
    const body = message.slice(verb.length, -1);
    for (let at = body.lastIndexOf(' ('); at > 0; at = body.lastIndexOf(' (', at - 1)) {
      const target = parseTarget(body.slice(0, at));
      if (target !== undefined) return { kind, target };
    }
    return undefined;
  }
  if (message.startsWith('Moved ')) {
    const moved = parseMoved(user);
    if (moved !== undefined) return moved;
  }
  if (message.startsWith('Rejected connection from ')) return message.includes(': ', 25) ? { kind: 'rejected' } : undefined;
  if (INFO_VERBS.some((verb) => message.startsWith(verb))) return { kind: 'info' };
  if (user.name !== '' && message.startsWith(`${user.name} not allowed to `)) return { kind: 'info' };
  return undefined;
}

function parseMoved(user: User): Parsed | undefined {
  const body = user.message.slice('Moved '.length);
  const suffix = /\[\d+:-?\d+\*?\]$/.exec(body);
  if (suffix === null) return undefined;
  const beforeSuffix = body.slice(0, suffix.index);
  // The actor moving itself: its own name and numbers, then ` to `, whatever the name holds.
  const self = `${user.name}:${user.session}(${user.userId}) to `;
  if (beforeSuffix.startsWith(self)) {
    return { kind: 'moved', target: { name: user.name, session: user.session, userId: user.userId }, channel: beforeSuffix.slice(self.length) };
  }
  for (let at = beforeSuffix.lastIndexOf(' to '); at > 0; at = beforeSuffix.lastIndexOf(' to ', at - 1)) {
    const target = parseTarget(beforeSuffix.slice(0, at));
    if (target !== undefined) return { kind: 'moved', target, channel: beforeSuffix.slice(at + 4) };
  }
  return undefined;
}

/**
 * `<session:name(userId)> message`: every `)> ` is a possible end of the prefix. The rightmost whose message
 * has a known verb wins; with no known verb the line is kept only when one split alone is possible.
 */
function parseUser(rest: string): { user: User; parsed: Parsed } | undefined {
  const head = /^<(\d+):/.exec(rest);
  if (head === null) return undefined;
  const session = Number(head[1]);
  const candidates: User[] = [];
  for (let end = rest.lastIndexOf(')> '); end !== -1; end = end === 0 ? -1 : rest.lastIndexOf(')> ', end - 1)) {
    const inside = rest.slice(head[0].length, end);
    const id = USER_ID_AT_END.exec(inside);
    if (id === null) continue;
    candidates.push({ session, name: inside.slice(0, id.index), userId: Number(id[1]), message: rest.slice(end + 3) });
  }
  for (const user of candidates) {
    const parsed = parseMessage(user);
    if (parsed !== undefined) return { user, parsed };
  }
  return candidates.length === 1 ? { user: candidates[0] as User, parsed: { kind: 'info' } } : undefined;
}

export class ReferenceTracker {
  private linesRead = 0;
  private unparsed = 0;
  private lastTime: string | null = null;
  private currentDate: string | null = null;
  private readonly servers = new Map<number, Server>();
  private readonly sessions: SessionRecord[] = [];

  /** Reads a whole log: lines end with `\n`, a trailing `\r` is dropped, empty lines do not count. */
  read(log: Buffer): ReferenceResult {
    let start = 0;
    while (start < log.length) {
      let end = log.indexOf(10, start);
      if (end === -1) end = log.length;
      let bytes = log.subarray(start, end);
      if (bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1);
      start = end + 1;
      if (bytes.length === 0) continue;
      this.linesRead += 1;
      if (!isUtf8(bytes)) this.unparsed += 1;
      else this.line(bytes.toString('utf8'));
    }
    return {
      linesRead: this.linesRead,
      unparsedLines: this.unparsed,
      lastTime: this.lastTime,
      servers: [...this.servers.values()].sort((a, b) => a.id - b.id).map((server) => this.serverReport(server)),
      sessions: this.sessions,
    };
  }

  private line(text: string): void {
    const header = HEADER.exec(text);
    if (header === null) {
      this.unparsed += 1;
      return;
    }
    const date = header[2] as string;
    const time = `${date}T${header[3]}:${header[4]}:${header[5]}.${header[6]}`;
    const message = text.slice(header[0].length);
    const server = SERVER_PREFIX.exec(message);
    let user: ReturnType<typeof parseUser>;
    if (header[1] !== 'F' && server !== null && message.slice(server[0].length).startsWith('<')) {
      user = parseUser(message.slice(server[0].length));
      if (user === undefined) {
        this.unparsed += 1;
        return;
      }
    }
    this.lastTime = time;
    if (this.currentDate === null || date > this.currentDate) {
      this.currentDate = date;
      for (const known of this.servers.values()) this.rollTo(known, date);
    }
    if (header[1] === 'F') return this.closeAll(time, 'server-crashed');
    if (server === null) {
      if (message.startsWith('Murmur ') && message.endsWith(': Booting servers')) this.closeAll(time, 'server-restarted');
      else if (message === 'Shutting down' || message === 'Killing running servers' || message.startsWith('Caught SIGTERM')) {
        this.closeAll(time, 'server-stopped');
      }
      return;
    }
    const target = this.server(Number(server[1]));
    target.day.active = true;
    if (user === undefined) {
      if (message.slice(server[0].length) === 'Stopped') {
        this.closeServer(target, time, 'server-stopped');
        target.pending.clear();
      }
      return;
    }
    this.userLine(target, user.user, user.parsed, time);
  }

  private userLine(server: Server, user: User, parsed: Parsed, time: string): void {
    const open = server.open.get(user.session);
    const own = open !== undefined && open.name === user.name ? open : undefined;
    if (own !== undefined) own.userId = user.userId;
    switch (parsed.kind) {
      case 'connection':
        if (user.session > 0) {
          if (open !== undefined) this.close(server, open, time, 'disconnected');
          server.pending.set(user.session, { ...server.pending.get(user.session), address: parsed.address });
        }
        return;
      case 'client-version':
        if (own !== undefined) own.client = parsed.client;
        else if (user.session > 0) server.pending.set(user.session, { ...server.pending.get(user.session), client: parsed.client });
        return;
      case 'rejected':
        server.pending.delete(user.session);
        return;
      case 'authenticated': {
        if (open !== undefined) this.close(server, open, time, 'disconnected');
        const pending = server.pending.get(user.session) ?? {};
        server.pending.delete(user.session);
        server.open.set(user.session, { session: user.session, name: user.name, userId: user.userId, since: time, ...pending });
        server.day.logins += 1;
        server.day.users.add(user.userId >= 0 ? `#${user.userId}` : `=${user.name.toLowerCase()}`);
        server.day.peak = Math.max(server.day.peak, server.open.size);
        return;
      }
      case 'ghost':
        for (const other of [...server.open.values()]) {
          if (other.session === user.session) continue;
          if ((user.userId >= 0 && other.userId === user.userId) || other.name.toLowerCase() === user.name.toLowerCase()) {
            this.close(server, other, time, 'ghost');
          }
        }
        return;
      case 'closed':
        if (own !== undefined) this.close(server, own, time, own.endReason ?? (parsed.code === 1 ? 'quit' : 'disconnected'));
        else server.pending.delete(user.session);
        return;
      case 'timeout':
        if (own !== undefined) own.endReason = 'timeout';
        return;
      case 'kicked':
      case 'banned': {
        const kicked = server.open.get(parsed.target.session);
        if (kicked !== undefined && kicked.name === parsed.target.name) kicked.endReason = parsed.kind;
        return;
      }
      case 'moved': {
        const moved = server.open.get(parsed.target.session);
        if (moved !== undefined && moved.name === parsed.target.name) {
          moved.channel = parsed.channel;
          moved.userId = parsed.target.userId;
        }
        return;
      }
      case 'info':
        return;
    }
  }

  private server(id: number): Server {
    let server = this.servers.get(id);
    if (server === undefined) {
      server = { id, open: new Map(), pending: new Map(), finished: [], day: { date: this.currentDate as string, logins: 0, users: new Set(), peak: 0, active: false } };
      this.servers.set(id, server);
    }
    return server;
  }

  private rollTo(server: Server, date: string): void {
    const day = server.day;
    if (date <= day.date) return;
    const open = server.open.size;
    if (day.active) server.finished.push({ date: day.date, logins: day.logins, uniqueUsers: day.users.size, peakOnline: day.peak });
    for (let quiet = dayAfter(day.date); quiet < date && open > 0; quiet = dayAfter(quiet)) {
      server.finished.push({ date: quiet, logins: 0, uniqueUsers: 0, peakOnline: open });
    }
    server.day = { date, logins: 0, users: new Set(), peak: open, active: open > 0 };
  }

  private close(server: Server, session: Open, end: string, reason: SessionEndReason): void {
    server.open.delete(session.session);
    const ms = wallMs(end) - wallMs(session.since);
    const record: SessionRecord = {
      source: 'test',
      server: server.id,
      session: session.session,
      name: session.name,
      userId: session.userId,
      start: session.since,
      end,
      durationSeconds: ms > 0 ? Math.round(ms / 1000) : 0,
      endReason: reason,
    };
    if (session.channel !== undefined) record.channel = session.channel;
    this.sessions.push(record);
  }

  private closeServer(server: Server, time: string, reason: SessionEndReason): void {
    for (const session of [...server.open.values()]) this.close(server, session, time, reason);
  }

  private closeAll(time: string, reason: SessionEndReason): void {
    for (const server of this.servers.values()) {
      this.closeServer(server, time, reason);
      server.pending.clear();
    }
  }

  private serverReport(server: Server): ServerReport {
    const online: OnlineUser[] = [...server.open.values()]
      .sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.session - b.session))
      .map(({ endReason: _reason, ...user }) => user);
    const days = [...server.finished];
    if (server.day.active) days.push({ date: server.day.date, logins: server.day.logins, uniqueUsers: server.day.users.size, peakOnline: server.day.peak });
    return { source: 'test', server: server.id, online, days };
  }
}
