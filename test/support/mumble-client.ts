// A real Mumble protocol client for the tests (over @tf2pickup-org/mumble-client): connect with a name and
// optionally a password and certificate, leave cleanly, drop abruptly, register users, and read the user
// list as the server sends it to a connected client. Murmur's self-signed server certificate is accepted.
import { Client, ConnectionRejectedError } from '@tf2pickup-org/mumble-client';
import { connect as netConnect, type Socket } from 'node:net';
import type { ClientCertificate } from './client-certificate.js';
import { waitUntil } from './wait-until.js';

export interface SeenUser {
  session: number;
  name: string;
  /** Murmur's registered user id: -1 unregistered, 0 SuperUser, >0 registered. */
  userId: number;
}

export interface ClientOptions {
  port: number;
  name: string;
  host?: string;
  password?: string;
  certificate?: ClientCertificate;
  /** Milliseconds between pings; a huge value makes a client that goes silent, so Murmur times it out. */
  pingIntervalMs?: number;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

// Client.connect() builds its "rejected" promise before it awaits its first writes, so when Murmur's Reject
// arrives during those writes, that promise rejects with no handler yet, and Node would end the process.
// connect() awaits it right after, so that rejection does reach our caller: only this one kind is let through.
process.on('unhandledRejection', (reason) => {
  if (!(reason instanceof ConnectionRejectedError)) throw reason;
});

export class MumbleTestClient {
  /** Errors the library reported after connecting (e.g. a ping to a server that was killed). */
  readonly errors: unknown[] = [];

  private constructor(
    private readonly client: Client,
    private readonly socket: Socket,
    readonly name: string,
  ) {
    client.on('error', (error) => this.errors.push(error));
    // However the connection ends (Murmur stopped or killed included), stop the library's pinger with it,
    // or its timer would keep the test process alive.
    socket.once('close', () => client.disconnect());
  }

  /** Connects and authenticates; rejects (with Murmur's reason, if it gave one) and closes the socket on failure. */
  static async connect(options: ClientOptions): Promise<MumbleTestClient> {
    const host = options.host ?? '127.0.0.1';
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const socket = await openSocket(host, options.port, timeoutMs);
    const client = new Client({
      host,
      port: options.port,
      username: options.name,
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.certificate ?? {}),
      socket,
      rejectUnauthorized: false,
      // Every second, so a server started with a short client timeout (the fixture capture) keeps us.
      pingInterval: options.pingIntervalMs ?? 1_000,
      clientName: 'murmur-monitor tests',
    });
    const wrapper = new MumbleTestClient(client, socket, options.name);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.connect(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`connecting ${options.name} to port ${options.port} timed out`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      wrapper.drop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return wrapper;
  }

  /** This client's session id on the server. */
  get session(): number {
    if (this.client.session === undefined) throw new Error(`${this.name} has no session`);
    return this.client.session;
  }

  /** The users this client currently knows of, itself included, as the server told it. */
  users(): SeenUser[] {
    return this.client.users
      .findAll(() => true)
      .map((user) => ({ session: user.session, name: user.name ?? '', userId: user.userId ?? -1 }))
      .sort((a, b) => a.session - b.session);
  }

  /** Waits until the user list satisfies `check`, e.g. until a join or a leave has reached this client. */
  async waitForUsers(check: (users: SeenUser[]) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SeenUser[]> {
    return waitUntil(
      () => {
        const users = this.users();
        return check(users) ? users : undefined;
      },
      { timeoutMs, what: `${this.name}'s user list to change` },
    );
  }

  /**
   * Registers the connected user with session `session` (this client's own by default) and returns its new id.
   * Murmur registers only users with a certificate; registering someone else needs the Register permission
   * (SuperUser has it), registering oneself needs SelfRegister.
   */
  async register(session = this.session): Promise<number> {
    const user = this.client.users.bySession(session);
    if (!user) throw new Error(`${this.name} sees no user with session ${session}`);
    await user.register();
    const seen = await this.waitForUsers((users) => users.some((u) => u.session === session && u.userId >= 0));
    return seen.find((u) => u.session === session)?.userId ?? -1;
  }

  /** Creates a permanent channel under the root (needs MakeChannel: SuperUser has it); returns its id. */
  async createChannel(name: string): Promise<number> {
    const root = this.client.channels.root;
    if (!root) throw new Error(`${this.name} sees no root channel`);
    return (await root.createSubChannel(name)).id;
  }

  /** Moves this client into a channel: Murmur logs `Moved NAME:SESSION(ID) to CHANNEL`. */
  async moveTo(channelId: number): Promise<void> {
    const self = this.client.users.bySession(this.session);
    if (!self) throw new Error(`${this.name} does not see itself`);
    await self.moveToChannel(channelId);
  }

  /** Leaves cleanly (TLS close), and waits until the socket is closed. */
  async leave(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    this.client.disconnect();
    await waitUntil(() => (this.socket.closed ? true : undefined), { timeoutMs, what: `${this.name}'s socket to close` });
  }

  /** Vanishes without a goodbye: the TCP connection is reset, as when a client crashes or its network goes. */
  drop(): void {
    this.socket.resetAndDestroy();
    // Stops the library's pinger; the socket is already gone.
    this.client.disconnect();
  }
}

function openSocket(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port, timeout: timeoutMs });
    // After connecting, errors (a reset by a dying server) reach the TLS layer; nothing to do here.
    socket.on('error', () => undefined);
    socket.once('error', reject);
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`TCP connect to ${host}:${port} timed out`));
    });
    socket.once('connect', () => {
      socket.setTimeout(0);
      resolve(socket);
    });
  });
}
