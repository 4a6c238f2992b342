// The clients a test has connected to one Murmur, and what that must have produced in its log: logins,
// the peak of simultaneous sessions, distinct users. Shared by the scenario and the serve tests.
import type { ClientCertificate } from './client-certificate.js';
import { MumbleTestClient } from './mumble-client.js';
import type { MurmurServer } from './murmur-server.js';

/** Every test Murmur is started with this server password (so a wrong one can be rejected). */
export const SERVER_PASSWORD = 'letmein';

/** Who the scenario has connected, and what that must have produced in the log. */
export class Attendance {
  logins = 0;
  peakOnline = 0;
  readonly identities = new Set<string>();
  readonly online = new Set<MumbleTestClient>();

  constructor(private readonly server: MurmurServer) {}

  async join(name: string, extra: { certificate?: ClientCertificate; pingIntervalMs?: number; password?: string } = {}): Promise<MumbleTestClient> {
    const client = await MumbleTestClient.connect({ port: this.server.port, name, password: SERVER_PASSWORD, ...extra });
    this.logins += 1;
    // The id the server itself gave this login, as the client sees it (not read from the log).
    const self = client.users().find((user) => user.session === client.session);
    this.identities.add(self && self.userId >= 0 ? `id:${self.userId}` : `name:${name.toLowerCase()}`);
    this.online.add(client);
    this.peakOnline = Math.max(this.peakOnline, this.online.size);
    return client;
  }

  /** Leaves cleanly (or drops) and waits for Murmur's `Connection closed` line for that session. */
  async leave(client: MumbleTestClient, how: 'leave' | 'drop' = 'leave'): Promise<void> {
    const mark = this.server.logSize();
    if (how === 'leave') await client.leave();
    else client.drop();
    this.online.delete(client);
    await this.server.waitForLogLine(new RegExp(`^<W>\\S+ \\S+ 1 => <${client.session}:.*> Connection closed`), 10_000, mark);
  }

  /** Murmur itself ended this client's session (a ghost replaced, a timeout): tidy it up. */
  forget(client: MumbleTestClient): void {
    this.online.delete(client);
    client.drop();
  }

  /** Murmur went away (stopped or killed): every client lost its connection; tidy them up. */
  serverGone(): void {
    for (const client of this.online) client.drop();
    this.online.clear();
  }
}
