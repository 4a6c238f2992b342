// Made-up live traffic for the demo: picks up where a log leaves off (who is online on which virtual server,
// which session ids are taken, the people who have been there) and writes the next join or leave in the
// same Murmur style, keeping each server's crowd within a believable range.
import type { LogTime } from '../../contract.js';
import type { ParsedLine } from '../murmur/events.js';
import { parseLine } from '../murmur/parser.js';
import type { Random } from '../synthetic/people.js';
import { SourceTracker } from '../murmur/tracker.js';
import { requireLogTimeWall, wallToLogTime } from '../../log-time.js';
import { murmurTimestamp } from './sample-shift.js';

interface Person {
  name: string;
  userId: number;
}

interface DemoServer {
  id: number;
  /** Open sessions by id. */
  online: Map<number, Person>;
  /** Highest session id handed out since the server started (Murmur counts from 1 again after a start). */
  maxSession: number;
  /** False after `N => Stopped` until it listens again. */
  listening: boolean;
}

/** How many people each virtual server keeps, roughly: [fewest, most]. */
const CROWD: Record<number, [number, number]> = { 1: [4, 14], 2: [1, 7] };
const DEFAULT_CROWD: [number, number] = [1, 5];
const CLIENTS_15 = ['1.5.735 (Linux Debian GNU/Linux 13: 1.5.735)', '1.5.634 (Windows 10 22H2: 1.5.634)', '1.5.735 (macOS 14.6: 1.5.735)'];
const CLIENTS_13 = ['1.3.4 (X11: 1.3.4)', '1.3.4 (WinX64: 1.3.4)', '1.3.0 (OSX: 1.3.0)'];

export class DemoTraffic {
  private readonly servers = new Map<number, DemoServer>();
  private readonly people = new Map<string, Person>();
  private running = false;
  /** Time of the newest line seen. */
  private lastTime: LogTime | null = null;
  /** Murmur 1.4+ logs session 0 before authentication and a longer client version. */
  private modern = true;

  private constructor(private readonly random: Random) {}

  /** The traffic that continues `lines` (a log's lines, oldest first). */
  static continuing(lines: Iterable<string>, random: Random): DemoTraffic {
    const traffic = new DemoTraffic(random);
    const tracker = new SourceTracker('demo');
    for (const line of lines) {
      if (line.length === 0) continue;
      const parsed = parseLine(line);
      traffic.observe(parsed);
      tracker.apply(parsed);
    }
    traffic.running = tracker.toState().process !== 'stopped';
    for (const report of tracker.report()) {
      const server = traffic.server(report.server);
      for (const user of report.online) server.online.set(user.session, { name: user.name, userId: user.userId });
    }
    if (traffic.servers.size === 0) traffic.server(1);
    return traffic;
  }

  /** Whether the log left Murmur stopped (the next lines must start it again). */
  get stopped(): boolean {
    return !this.running;
  }

  online(server: number): number {
    return this.servers.get(server)?.online.size ?? 0;
  }

  /**
   * Lines for a demo that was not running since the log's last line: Murmur shut down right after that line
   * (so the sessions then open end there, not now) and starts again at `time`.
   */
  resume(time: LogTime): string[] {
    if (!this.running || this.lastTime === null) return this.restart(time);
    const shutdown = new LineWriter(wallToLogTime(requireLogTimeWall(this.lastTime) + 1_000));
    shutdown.add('W', 'Killing running servers');
    shutdown.add('W', 'Shutting down');
    return [...shutdown.done(), ...this.restart(time)];
  }

  /** Murmur (re)starting at `time`: every virtual server listens again, with nobody on it. */
  restart(time: LogTime): string[] {
    const lines = new LineWriter(time);
    lines.add('X', "SSL: OpenSSL version is 'OpenSSL 3.0.15 3 Sep 2024'");
    lines.add('W', 'Initializing settings from /etc/mumble-server.ini (basepath /etc)');
    const version = this.modern ? '1.5.735 running on Linux: Debian GNU/Linux 13 (trixie)' : '1.3.4 (1.3.4-4) running on X11: Debian GNU/Linux 12 (bookworm)';
    lines.add('W', `Murmur ${version}: Booting servers`);
    for (const server of this.servers.values()) this.start(server, lines);
    this.running = true;
    return lines.done();
  }

  private start(server: DemoServer, lines: LineWriter): void {
    server.online.clear();
    server.maxSession = 0;
    server.listening = true;
    lines.add('W', `${server.id} => Server listening on [::]:${64737 + server.id}`);
    lines.add('W', `${server.id} => Server listening on 0.0.0.0:${64737 + server.id}`);
  }

  /** The lines of one join or leave at `time` (a restart first, when the log left Murmur stopped). */
  next(time: LogTime): string[] {
    if (!this.running) return this.restart(time);
    const servers = [...this.servers.values()];
    const server = servers.length > 1 && this.random.chance(0.4) ? (servers[1] as DemoServer) : (servers[0] as DemoServer);
    if (!server.listening) {
      const lines = new LineWriter(time);
      this.start(server, lines);
      return lines.done();
    }
    const [fewest, most] = CROWD[server.id] ?? DEFAULT_CROWD;
    const size = server.online.size;
    const joining = size <= fewest || (size < most && this.random.chance(0.5));
    const candidates = [...this.people.values()].filter((person) => ![...server.online.values()].some((other) => other.name === person.name));
    if (joining && candidates.length > 0) return this.join(server, this.random.pick(candidates), time);
    if (size > 0) return this.leave(server, time);
    return [];
  }

  private join(server: DemoServer, person: Person, time: LogTime): string[] {
    const lines = new LineWriter(time);
    server.maxSession += 1;
    const session = server.maxSession;
    const early = this.modern ? 0 : session;
    const address = `198.51.100.${1 + this.random.below(250)}:${40_000 + this.random.below(20_000)}`;
    const client = this.random.pick(this.modern ? CLIENTS_15 : CLIENTS_13);
    lines.add('W', `${server.id} => <${early}:(-1)> New connection: ${address}`);
    lines.add('W', `${server.id} => <${early}:(-1)> Client version ${client}`);
    lines.add('W', `${server.id} => <${session}:${person.name}(${person.userId})> Authenticated`);
    server.online.set(session, person);
    return lines.done();
  }

  private leave(server: DemoServer, time: LogTime): string[] {
    const lines = new LineWriter(time);
    const [session, person] = this.random.pick([...server.online.entries()]);
    const prefix = `${server.id} => <${session}:${person.name}(${person.userId})>`;
    if (this.random.chance(0.1)) {
      lines.add('W', `${prefix} Timeout`);
      lines.add('W', `${prefix} Connection closed:  [-1]`);
    } else {
      lines.add('W', `${prefix} Connection closed: The remote host closed the connection [1]`);
    }
    server.online.delete(session);
    return lines.done();
  }

  private server(id: number): DemoServer {
    let server = this.servers.get(id);
    if (server === undefined) {
      server = { id, online: new Map(), maxSession: 0, listening: true };
      this.servers.set(id, server);
    }
    return server;
  }

  /** Learns servers, people, session ids and the Murmur version from one parsed line. */
  private observe(line: ParsedLine): void {
    if (line.kind === 'unparsed') return;
    this.lastTime = line.time;
    if (line.kind === 'boot') {
      this.modern = !/^1\.[0-3]\./.test(line.version);
      for (const server of this.servers.values()) {
        server.maxSession = 0;
        server.listening = false;
      }
      return;
    }
    if (!('server' in line)) return;
    const server = this.server(line.server);
    if (line.kind === 'stopped') {
      server.maxSession = 0;
      server.listening = false;
    }
    if (line.kind === 'listening') server.listening = true;
    if ('session' in line) server.maxSession = Math.max(server.maxSession, line.session);
    if (line.kind === 'authenticated' && line.name.length > 0) this.people.set(line.name, { name: line.name, userId: line.userId });
  }
}

/** Murmur lines at one moment, a few milliseconds apart, as one event's lines are. */
class LineWriter {
  private readonly lines: string[] = [];
  private ms: number;

  constructor(time: LogTime) {
    this.ms = requireLogTimeWall(time);
  }

  add(level: string, message: string): void {
    this.lines.push(`<${level}>${murmurTimestamp(wallToLogTime(this.ms))} ${message}`);
    this.ms += 7;
  }

  done(): string[] {
    return this.lines;
  }
}
