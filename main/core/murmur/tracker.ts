// Turns one source's parsed lines into online sessions and day counters (reference §6). Murmur writes
// no per-user line when it stops or crashes, so every restart/stop/crash marker closes sessions here.
// The tracker keeps only open sessions and per-day numbers; history leaves through the listener.
import type { LogTime, ServerReport, SessionEndReason } from '../../contract.js';
import type { ParsedLine, ProcessLine, ServerLine } from './events.js';
import { ParsedLineView, type LineView } from './line-view.js';
import { clockOf, logTimeOf, logTimeWall, wallOf } from '../../log-time.js';
import { ScannedLine } from './parser.js';
import { OpenSession, ServerSessions, type ServerTotals } from './server-sessions.js';
import { TrackerEvents, type TrackerListener } from './tracker-events.js';
import type { ProcessState, TrackerOptions, TrackerState } from './tracker-state.js';

export type { TrackerListener };

export class SourceTracker {
  readonly source: string;
  /** Lines seen, unparsed ones included (empty lines are not counted). */
  linesRead: number;
  unparsedLines: number;
  /** The newest line's date and clockOf() time: lastTime is made from them on demand. */
  private lastDate: string | null;
  private lastClock: number;
  private currentDate: string | null;
  private process: ProcessState;
  private processSince: LogTime | null;
  private readonly servers = new Map<number, ServerSessions>();
  private lastServer: ServerSessions | undefined;
  private readonly events: TrackerEvents;
  private readonly connectionDetails: boolean;
  private readonly addresses: boolean;
  /** Reused for every line: a scan allocates nothing until the tracker asks for a field. */
  private readonly scanner = new ScannedLine();

  constructor(source: string, listener: TrackerListener = {}, state?: TrackerState, options: TrackerOptions = {}) {
    this.source = source;
    this.connectionDetails = options.connectionDetails ?? true;
    this.addresses = options.addresses ?? true;
    this.events = new TrackerEvents(source, listener, options.timezone, this.addresses);
    this.linesRead = state?.linesRead ?? 0;
    this.unparsedLines = state?.unparsedLines ?? 0;
    this.lastDate = state?.lastTime?.slice(0, 10) ?? null;
    this.lastClock = state?.lastTime === undefined || state.lastTime === null ? 0 : clockOf(state.lastTime);
    this.currentDate = state?.currentDate ?? null;
    this.process = state?.process ?? 'unknown';
    this.processSince = state?.processSince ?? null;
    for (const server of state?.servers ?? []) this.servers.set(server.server, new ServerSessions(server));
  }

  /** Parses and applies one line (without its newline). */
  feed(line: string): void {
    if (line.length !== 0) this.feedBytes(Buffer.from(line, 'utf8'), 0, Buffer.byteLength(line));
  }

  /**
   * Parses and applies `bytes[start, end)`, one line of valid UTF-8 without its line break, where it lies
   * (LineSplitter.feedLines): the backfill's fast path, which decodes only what the tracker keeps.
   */
  feedBytes(bytes: Buffer, start: number, end: number): void {
    if (end > start) this.applyView(this.scanner.read(bytes, start, end));
  }

  /** Counts lines the splitter dropped (too long, bad UTF-8) as read and unparsed. */
  countUnparsed(lines: number): void {
    this.linesRead += lines;
    this.unparsedLines += lines;
  }

  /** Applies a line parsed elsewhere (parseLine). */
  apply(line: ParsedLine): void {
    this.applyView(new ParsedLineView(line));
  }

  private applyView(line: LineView): void {
    this.linesRead += 1;
    if (line.kind === 'unparsed') {
      this.unparsedLines += 1;
      return;
    }
    const date = line.date;
    this.lastDate = date;
    this.lastClock = line.clock;
    if (date !== this.currentDate) this.advanceTo(date);
    switch (line.kind) {
      case 'process-info':
        return;
      case 'server-info':
        this.serverFor(line.server);
        return;
      case 'boot':
      case 'shutdown':
      case 'fatal':
      case 'rotation':
        this.applyProcess(line.parsed() as ProcessLine);
        return;
      case 'ban-ignored': {
        // Nothing but a security event: build it only for a listener (scanners make many of these).
        const server = this.serverFor(line.server);
        if (this.events.wantsSecurity) this.applyServer(line.parsed() as ServerLine, server);
        return;
      }
      case 'listening':
      case 'stopped':
        this.applyServer(line.parsed() as ServerLine, this.serverFor(line.server));
        return;
      default:
        this.applyUser(line, this.serverFor(line.server));
    }
  }

  /** Time of the newest line applied. */
  get lastTime(): LogTime | null {
    return this.lastDate === null ? null : logTimeOf(this.lastDate, this.lastClock);
  }

  /** Whether Murmur is up as far as the log tells, and since the time of the line that said so. */
  get murmur(): { state: ProcessState; since: LogTime | null } {
    return { state: this.process, since: this.processSince };
  }

  /** Online users and day counters per virtual server, servers in id order. */
  report(): ServerReport[] {
    return this.serversInOrder().map((server) => ({
      source: this.source,
      server: server.server,
      online: server
        .all()
        .sort((a, b) => (a.startsBefore(b) ? -1 : b.startsBefore(a) ? 1 : 0))
        .map((session) => session.toUser()),
      days: server.stats.days(),
    }));
  }

  /** Counters per virtual server since the history began (logins, ended sessions, rejected logins), servers in id order. */
  totals(): Array<ServerTotals & { server: number; logins: number }> {
    return this.serversInOrder().map((server) => ({
      server: server.server,
      logins: server.stats.days().reduce((sum, day) => sum + day.logins, 0),
      ended: { ...server.totals.ended },
      rejected: server.totals.rejected,
    }));
  }

  toState(): TrackerState {
    return {
      version: 1,
      source: this.source,
      linesRead: this.linesRead,
      unparsedLines: this.unparsedLines,
      lastTime: this.lastTime,
      currentDate: this.currentDate,
      process: this.process,
      processSince: this.processSince,
      servers: [...this.servers.values()].map((server) => server.toState()),
    };
  }

  /** Days only move forward: a clock stepping back (DST) keeps counting into the current day. */
  private advanceTo(date: string): void {
    if (this.currentDate !== null && date <= this.currentDate) return;
    this.currentDate = date;
    for (const server of this.servers.values()) server.stats.rollTo(date, server.openCount);
  }

  private serversInOrder(): ServerSessions[] {
    return [...this.servers.values()].sort((a, b) => a.server - b.server);
  }

  private serverFor(id: number): ServerSessions {
    // Consecutive lines are mostly of the same server: skip the map for them.
    let server = this.lastServer?.server === id ? this.lastServer : this.servers.get(id);
    if (server === undefined) {
      server = ServerSessions.starting(id, this.currentDate ?? '0000-00-00');
      this.servers.set(id, server);
    }
    server.stats.touch();
    this.lastServer = server;
    return server;
  }

  private applyProcess(line: ProcessLine): void {
    switch (line.kind) {
      case 'boot': {
        const open = this.countOpen();
        if (open > 0 || this.process === 'running') {
          this.events.serverEvent(line.time, 'crash', `restarted without a clean shutdown; ${open} session(s) were open`);
        }
        this.closeAll(line.time, 'server-restarted');
        this.events.serverEvent(line.time, 'boot', line.detail);
        this.setProcess('running', line.time, true);
        return;
      }
      case 'shutdown':
        this.closeAll(line.time, 'server-stopped');
        if (this.process !== 'stopped') this.events.serverEvent(line.time, 'shutdown', line.detail);
        this.setProcess('stopped', line.time);
        return;
      case 'fatal':
        this.closeAll(line.time, 'server-crashed');
        this.events.serverEvent(line.time, 'crash', line.detail);
        this.setProcess('stopped', line.time);
        return;
      case 'rotation':
        // One rotation writes two lines (old file, new file); report it once, from the new file.
        if (!line.detail.startsWith('Caught SIGHUP, will reopen')) this.events.serverEvent(line.time, 'rotation', line.detail);
        return;
      case 'process-info':
        return;
    }
  }

  /** A shutdown writes several lines: `since` stays at the first. Every boot is a new start. */
  private setProcess(state: ProcessState, time: LogTime, restart = false): void {
    if (state !== this.process || restart) this.processSince = time;
    this.process = state;
  }

  private applyServer(line: ServerLine, server: ServerSessions): void {
    switch (line.kind) {
      case 'listening':
        if (!server.listening) this.events.serverEvent(line.time, 'started', `listening on ${line.address}`, server.server);
        server.listening = true;
        return;
      case 'stopped':
        this.closeServer(server, line.time, 'server-stopped');
        server.forgetPending();
        server.listening = false;
        this.events.serverEvent(line.time, 'stopped', 'Stopped', server.server);
        return;
      case 'ban-ignored':
        this.events.security(line.time, server.server, 'ban-ignored', line.reason, line.name, line.address);
        return;
      case 'server-info':
        return;
    }
  }

  private applyUser(line: LineView, server: ServerSessions): void {
    const open = server.get(line.session);
    const own = open !== undefined && line.hasName(open.name) ? open : undefined;
    // A user registered mid-session shows the new id only in later lines: keep the newest.
    if (own !== undefined) own.userId = line.userId;
    switch (line.kind) {
      case 'connection':
        if (line.session > 0) {
          this.closeStale(server, open, line);
          if (this.connectionDetails) server.remember(line.session, this.addresses ? { address: line.detailField() } : {});
        }
        return;
      case 'client-version':
        // Real 1.3 and 1.5 logs print it just after `Authenticated`, older ones before it.
        if (!this.connectionDetails) return;
        if (own !== undefined) own.client = line.detailField();
        else if (line.session > 0) server.remember(line.session, { client: line.detailField() });
        return;
      case 'authenticated':
        this.openSession(line, server, open);
        return;
      case 'ghost':
        for (const old of server.sameUser(line.session, line.lowerName(), line.userId)) this.close(server, old, line, 'ghost');
        return;
      case 'closed':
        if (own !== undefined) this.close(server, own, line, own.endReason ?? (line.code === 1 ? 'quit' : 'disconnected'));
        else this.closedUnknown(line, server);
        return;
      case 'timeout':
        if (own !== undefined) own.endReason = 'timeout';
        return;
      case 'moved': {
        const target = server.get(line.targetSession);
        if (target !== undefined && line.hasName(target.name, true)) {
          target.channel = line.channel();
          target.userId = line.targetUserId;
        }
        return;
      }
      case 'kicked': {
        const target = server.get(line.targetSession);
        if (target !== undefined && line.hasName(target.name, true)) target.endReason = line.banned ? 'banned' : 'kicked';
        return;
      }
      case 'rejected':
        server.takePending(line.session);
        server.totals.rejected += 1;
        if (this.events.wantsSecurity) {
          this.events.security(line.time(), server.server, 'rejected', line.reason(), line.name(), line.detailField() || undefined);
        }
        return;
      case 'ssl-error':
      case 'cert-banned':
      case 'ban-added':
      case 'ban-removed':
        if (this.events.wantsSecurity) this.events.securityLine(line.parsed(), server.server);
        return;
      default:
        return;
    }
  }

  /** `stale` is whatever session was open under the new one's id. */
  private openSession(line: LineView, server: ServerSessions, stale: OpenSession | undefined): void {
    this.closeStale(server, stale, line);
    // Without connection details nothing was remembered to take.
    const connection = this.connectionDetails ? server.takePending(line.session) : undefined;
    const registered = line.userId >= 0;
    const session = new OpenSession(line.session, line.name(), line.userId, line.date, line.clock, registered ? undefined : line.lowerName());
    if (connection !== undefined) {
      session.address = connection.address;
      session.client = connection.client;
    }
    server.add(session);
    server.stats.login(registered ? '' : session.lower, line.userId, server.openCount);
    if (this.events.wantsJoin) this.events.join(server.server, session, line.time());
  }

  /** A close for a session that never authenticated: a probe, a rejected login, a failed handshake. */
  private closedUnknown(line: LineView, server: ServerSessions): void {
    const connection = server.takePending(line.session);
    // 13 = QAbstractSocket::SslHandshakeFailedError: scanners and broken clients.
    if (line.code === 13 && this.events.wantsSecurity) {
      this.events.security(line.time(), server.server, 'tls-error', line.reason(), line.name(), connection?.address);
    }
  }

  /** An id Murmur hands out again is free: `stale`, who held it, left without a line we could read. */
  private closeStale(server: ServerSessions, stale: OpenSession | undefined, line: LineView): void {
    if (stale !== undefined) this.close(server, stale, line, 'disconnected');
  }

  /** `end` is the closing line, whose time is made only for a listener (a backfill closes millions). */
  private close(server: ServerSessions, session: OpenSession, end: LogTime | LineView, reason: SessionEndReason): void {
    server.remove(session.session, reason);
    if (!this.events.wantsLeave) return;
    if (typeof end === 'string') this.events.leave(server.server, session, end, logTimeWall(end), reason);
    else this.events.leave(server.server, session, end.time(), wallOf(end.date, end.clock), reason);
  }

  private closeServer(server: ServerSessions, time: LogTime, reason: SessionEndReason): void {
    for (const session of server.all()) this.close(server, session, time, reason);
  }

  private closeAll(time: LogTime, reason: SessionEndReason): void {
    for (const server of this.servers.values()) {
      this.closeServer(server, time, reason);
      server.forgetPending();
      server.listening = false;
    }
  }

  private countOpen(): number {
    let open = 0;
    for (const server of this.servers.values()) open += server.openCount;
    return open;
  }
}
