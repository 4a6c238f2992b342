// A seeded generator of realistic Murmur logs: two virtual servers, joins, leaves, moves, timeouts, kicks,
// ghosts, rejections, probes, graceful restarts, a crash with sessions open, a fatal error, a virtual server
// stop, rotation markers, and hostile names, in Murmur 1.3 or 1.5 style. It keeps its own ground truth of
// who is online and the day counters, so tests can hold the tracker to it; the benchmark and the demo log
// use it too.
import type { DayStats, OnlineUser } from '../../contract.js';
import { SyntheticTruth } from './truth.js';
import { makeUsers, Random, type SyntheticUser } from './people.js';

export interface SyntheticLogOptions {
  seed: number;
  days: number;
  style: '1.3' | '1.5';
  /** First day, `YYYY-MM-DD` (default 2026-11-01). */
  startDate?: string;
  /** Successful logins per server per day, roughly (default 40). */
  loginsPerDay?: number;
  /** Size of the user pool (default 60). */
  users?: number;
  /** End lines with CRLF, as Murmur on Windows does. */
  crlf?: boolean;
  /** Write rotation markers (`Caught SIGHUP` / `Log rotated successfully`) every this many days (default 7). */
  rotateEveryDays?: number;
}

/** One day of log text; `rotateAfter` marks where logrotate renamed the file (a writer may start a new file). */
export interface SyntheticDay {
  text: string;
  rotateAfter: boolean;
}

export interface ExpectedServer {
  server: number;
  online: OnlineUser[];
  days: DayStats[];
}

export interface SyntheticExpectation {
  servers: ExpectedServer[];
  lines: number;
}

interface LiveSession {
  session: number;
  user: SyntheticUser;
  /** The id this session's lines show (changes when the user registers mid-session). */
  loggedId: number;
  /** Not chosen to leave before this time (ms): long sessions, over midnight and over 24 h. */
  stayUntil: number;
  since: string;
}

interface ServerSim {
  id: number;
  port: number;
  running: boolean;
  online: Map<number, LiveSession>;
  /** Murmur's FIFO of session ids: freed ids go to the back, so ids are reused. */
  freeIds: number[];
  /** Next id when the FIFO is empty. */
  fresh: number;
}

const DAY_MS = 86_400_000;
const SERVERS = [1, 2];
const CHANNELS = ['Lobby[1:0]', 'AFK[2:0]', 'Back to work[3:0]', 'Raid 1[12:3*]', 'Music (24/7)[6:0]', 'Root[0:-1]'];
const SSL_PROBE = 'Error during SSL handshake: error:1408F10B:SSL routines:ssl3_get_record:wrong version number [13]';
const QUIT = 'The remote host closed the connection [1]';

export class SyntheticLog {
  private readonly options: Required<Omit<SyntheticLogOptions, 'crlf'>> & { crlf: boolean };
  private readonly random: Random;
  private readonly users: SyntheticUser[];
  private readonly servers: ServerSim[];
  private readonly truth = new SyntheticTruth();
  private nextUserId: number;
  private out: string[] = [];

  constructor(options: SyntheticLogOptions) {
    this.options = {
      startDate: '2026-11-01',
      loginsPerDay: 40,
      users: 60,
      crlf: false,
      rotateEveryDays: 7,
      ...options,
    };
    this.random = new Random(options.seed);
    this.users = makeUsers(this.options.users, this.random);
    this.nextUserId = Math.max(...this.users.map((user) => user.userId)) + 1;
    this.servers = SERVERS.map((id) => ({ id, port: 64737 + id, running: false, online: new Map(), freeIds: [], fresh: 1 }));
  }

  /** The log, one day at a time. */
  *days(): Generator<SyntheticDay> {
    const start = Date.parse(`${this.options.startDate}T00:00:00Z`);
    const eol = this.options.crlf ? '\r\n' : '\n';
    for (let day = 0; day < this.options.days; day += 1) {
      const dayStart = start + day * DAY_MS;
      if (day === 0) this.boot(dayStart + 1000, 'first');
      else if (day % this.options.rotateEveryDays === 0) this.process(dayStart + 5, 'W', 'Log rotated successfully');
      this.simulateDay(day, dayStart);
      const rotateAfter = (day + 1) % this.options.rotateEveryDays === 0 && day + 1 < this.options.days;
      if (rotateAfter) this.process(dayStart + DAY_MS - 10, 'W', 'Caught SIGHUP, will reopen /var/log/mumble-server/mumble-server.log');
      const text = this.out.join(eol) + eol;
      this.out = [];
      yield { text, rotateAfter };
    }
  }

  /** Who the log leaves online and the day counters; complete once days() has run to its end. */
  expected(): SyntheticExpectation {
    return {
      lines: this.truth.lines,
      servers: this.servers
        .filter((server) => this.truth.knows(server.id))
        .map((server) => ({
          server: server.id,
          online: [...server.online.values()]
            .map((live) => ({ session: live.session, name: live.user.name, userId: live.loggedId, since: live.since }))
            .sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.session - b.session)),
          days: this.truth.days(server.id),
        })),
    };
  }

  private simulateDay(day: number, dayStart: number): void {
    const events = this.options.loginsPerDay * 3 * this.servers.length;
    const times = Array.from({ length: events }, () => dayStart + 60_000 + this.random.below(DAY_MS - 120_000)).sort((a, b) => a - b);
    const middle = Math.floor(this.options.days / 2);
    const special = new Map<number, () => void>();
    // Fixed incidents, each at a random moment of its day.
    const at = (): number => this.random.below(times.length);
    if (day % 7 === 3) special.set(at(), () => this.restart('graceful'));
    if (day === middle && day > 0) special.set(at(), () => this.restart('crash'));
    if (day === middle + 1 && this.options.days > 3) special.set(at(), () => this.restart('fatal'));
    if (day === 1) special.set(at(), () => this.stopServer(this.servers[1] as ServerSim));
    times.forEach((time, index) => {
      this.now = Math.max(this.now, time);
      const incident = special.get(index);
      if (incident !== undefined) incident();
      else this.step(this.random.pick(this.servers));
    });
  }

  /** Time of the line being written (ms); each line advances it by one ms so order is kept. */
  private now = 0;

  private step(server: ServerSim): void {
    if (!server.running) {
      this.startServer(server);
      return;
    }
    const target = Math.max(3, this.options.loginsPerDay / 6);
    const roll = this.random.next();
    const leaving = [...server.online.values()].filter((live) => live.stayUntil <= this.now);
    if (roll < (server.online.size < target ? 0.4 : 0.3)) this.join(server);
    else if (roll < 0.7 && leaving.length > 0) this.leave(server, this.random.pick(leaving));
    else if (roll < 0.85 && server.online.size > 0) this.move(server);
    else this.noise(server);
  }

  private join(server: ServerSim): void {
    const user = this.random.pick(this.users);
    const old = [...server.online.values()].find((live) => live.user === user);
    if (old === undefined && this.random.chance(0.05)) {
      this.rejected(server, user);
      return;
    }
    const early = this.options.style === '1.3' ? this.takeId(server) : 0;
    this.user(server, early, '', -1, `New connection: ${this.address()}`);
    this.user(server, early, '', -1, this.options.style === '1.3' ? 'Client version 1.3.4 (X11: 1.3.4)' : 'Client version 1.5.735 (Linux Debian GNU/Linux 13: 1.5.735)');
    const session = early === 0 ? this.takeId(server) : early;
    if (old !== undefined) {
      this.user(server, session, user.name, user.userId, 'Disconnecting ghost');
      this.end(server, old);
    }
    this.user(server, session, user.name, user.userId, 'Authenticated');
    const long = this.random.chance(0.04);
    const stay = long ? (25 + this.random.below(25)) * 3_600_000 : (2 + this.random.below(240)) * 60_000;
    server.online.set(session, { session, user, loggedId: user.userId, stayUntil: this.now + stay, since: this.time() });
    this.truth.login(server.id, session, user.name, user.userId);
    if (old !== undefined) this.user(server, old.session, old.user.name, old.loggedId, 'Connection closed:  [-1]');
  }

  private rejected(server: ServerSim, user: SyntheticUser): void {
    const session = this.takeId(server);
    const early = this.options.style === '1.3' ? session : 0;
    this.user(server, early, '', -1, `New connection: ${this.address()}`);
    this.user(server, session, user.name, -1, `Rejected connection from ${this.address()}: Wrong certificate or password for existing user`);
    this.user(server, session, user.name, -1, `Connection closed: ${QUIT}`);
    server.freeIds.push(session);
  }

  private leave(server: ServerSim, live: LiveSession): void {
    const actor = [...server.online.values()].find((other) => other !== live);
    const roll = this.random.next();
    const { session, loggedId } = live;
    const name = live.user.name;
    if (roll < 0.08) {
      this.user(server, session, name, loggedId, 'Timeout');
      this.user(server, session, name, loggedId, 'Connection closed:  [-1]');
    } else if (roll < 0.16 && actor !== undefined) {
      const verb = roll < 0.13 ? 'Kicked' : 'Kickbanned';
      this.user(server, actor.session, actor.user.name, actor.loggedId, `${verb} ${name}:${session}(${loggedId}) (stop (that) now)`);
      this.user(server, session, name, loggedId, 'Connection closed:  [-1]');
    } else if (roll < 0.2) {
      this.user(server, session, name, loggedId, 'Connection closed: Error while reading: error:140E0197:SSL routines:SSL_shutdown:shutdown while in init [20]');
    } else {
      this.user(server, session, name, loggedId, `Connection closed: ${QUIT}`);
    }
    this.end(server, live);
  }

  private move(server: ServerSim): void {
    const live = this.random.pick([...server.online.values()]);
    if (live.loggedId < 0 && this.random.chance(0.05)) {
      // Registration writes no line of its own; the new id shows in the session's next line.
      live.user.userId = this.nextUserId++;
      live.loggedId = live.user.userId;
    }
    const actor = this.random.chance(0.7) ? live : this.random.pick([...server.online.values()]);
    const target = `${live.user.name}:${live.session}(${live.loggedId})`;
    this.user(server, actor.session, actor.user.name, actor.loggedId, `Moved ${target} to ${this.random.pick(CHANNELS)}`);
  }

  private noise(server: ServerSim): void {
    const roll = this.random.next();
    const someone = server.online.size > 0 ? this.random.pick([...server.online.values()]) : undefined;
    if (roll < 0.5) {
      const session = this.options.style === '1.3' ? this.takeId(server) : 0;
      this.user(server, session, '', -1, `New connection: ${this.address()}`);
      this.user(server, session, '', -1, `Connection closed: ${SSL_PROBE}`);
      if (session > 0) server.freeIds.push(session);
    } else if (roll < 0.6) {
      this.server(server, `Ignoring connection: ${this.address()} (Global ban)`);
    } else if (roll < 0.8 && someone !== undefined) {
      this.user(server, someone.session, someone.user.name, someone.loggedId, 'Requested crypt-nonce resync');
    } else if (someone !== undefined) {
      const target = `${someone.user.name}:${someone.session}(${someone.loggedId})`;
      this.user(server, someone.session, someone.user.name, someone.loggedId, `Changed speak-state of ${target} (0 0 1 0)`);
    } else {
      this.server(server, 'CELT codec switch 8000000b 80000010 (prefer 8000000b) (Opus 1)');
    }
  }

  private end(server: ServerSim, live: LiveSession): void {
    server.online.delete(live.session);
    server.freeIds.push(live.session);
    this.truth.close(server.id, live.session);
  }

  private restart(kind: 'graceful' | 'crash' | 'fatal'): void {
    if (kind === 'graceful') {
      if (this.options.style === '1.3') this.process(this.now, 'C', 'Caught SIGTERM, exiting');
      this.process(this.now, 'W', 'Killing running servers');
      this.process(this.now, 'W', 'Shutting down');
    } else if (kind === 'fatal') {
      this.process(this.now, 'F', 'SQL Error [INSERT INTO `slog` (`server_id`, `msg`) VALUES(?,?)]: disk I/O error Unable to fetch row');
    }
    this.truth.closeAll();
    for (const server of this.servers) {
      server.online.clear();
      server.running = false;
    }
    this.boot(this.now + 3000, kind);
  }

  private boot(time: number, reason: string): void {
    this.now = time;
    const version = this.options.style === '1.3' ? '1.3.4 (1.3.4-4) running on X11: Debian GNU/Linux 12 (bookworm)' : '1.5.735 running on Linux: Debian GNU/Linux 13 (trixie)';
    this.process(this.now, 'X', "SSL: OpenSSL version is 'OpenSSL 3.0.15 3 Sep 2024'");
    this.process(this.now, 'W', 'Initializing settings from /etc/mumble-server.ini (basepath /etc)');
    this.process(this.now, 'W', `ServerDB: Opened SQLite database /var/lib/mumble-server/mumble-server.sqlite (${reason} start)`);
    this.process(this.now, 'W', `Murmur ${version}: Booting servers`);
    for (const server of this.servers) this.startServer(server);
  }

  private startServer(server: ServerSim): void {
    server.running = true;
    server.online.clear();
    const pool = Math.max(40, Math.ceil(this.options.loginsPerDay / 2));
    server.freeIds = Array.from({ length: pool }, (_, index) => index + 1);
    server.fresh = pool + 1;
    this.server(server, `Server listening on [::]:${server.port}`);
    this.server(server, `Server listening on 0.0.0.0:${server.port}`);
    this.server(server, this.options.style === '1.3' ? 'Announcing server via bonjour' : 'Registering zeroconf service...');
    this.server(server, 'Not registering server as public');
  }

  private stopServer(server: ServerSim): void {
    this.server(server, 'Stopped');
    this.truth.closeServer(server.id);
    server.online.clear();
    server.running = false;
  }

  private takeId(server: ServerSim): number {
    return server.freeIds.shift() ?? server.fresh++;
  }

  private address(): string {
    return `203.0.113.${1 + this.random.below(250)}:${40000 + this.random.below(20000)}`;
  }

  private time(): string {
    return new Date(this.now).toISOString().slice(0, 23);
  }

  private process(time: number, level: string, message: string): void {
    this.now = Math.max(this.now, time);
    this.write(level, message, undefined);
  }

  private server(server: ServerSim, message: string): void {
    this.write('W', `${server.id} => ${message}`, server.id);
  }

  private user(server: ServerSim, session: number, name: string, userId: number, message: string): void {
    this.write('W', `${server.id} => <${session}:${name}(${userId})> ${message}`, server.id);
  }

  private write(level: string, message: string, server: number | undefined): void {
    this.now += 1;
    const time = this.time();
    this.truth.observe(time, server);
    this.out.push(`<${level}>${time.slice(0, 10)} ${time.slice(11)} ${message}`);
  }
}

/** The whole log as one string, with what it should report. For small logs (tests). */
export function generateSyntheticLog(options: SyntheticLogOptions): { text: string; expected: SyntheticExpectation } {
  const log = new SyntheticLog(options);
  let text = '';
  for (const day of log.days()) text += day.text;
  return { text, expected: log.expected() };
}
