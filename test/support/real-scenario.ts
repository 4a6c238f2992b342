// The scripted life of a real Murmur, shared by the fixture capture and the integration tests: joins,
// leaves, a drop, a timeout, a registration, a ghost reconnect, a rejected login, a graceful restart,
// a kill -9, and a rotation by rename + SIGHUP (for a log file: the journal and Docker rotate by themselves).
// It returns what a log reader must conclude afterwards.
import { Attendance } from './attendance.js';
import { makeClientCertificate } from './client-certificate.js';
import { MumbleTestClient, type SeenUser } from './mumble-client.js';
import type { MurmurServer } from './murmur-server.js';

export interface ScenarioOptions {
  /** Also let a silent client time out (Murmur checks only every ~15 s: slow, so for fixtures). */
  withTimeout: boolean;
}

export interface ScenarioResult {
  /** Successful authentications the scenario made (what the day's `logins` must be). */
  logins: number;
  /** The most clients connected at once. */
  peakOnline: number;
  /** Distinct users among the logins (registered id when >= 0, else the lower-cased name: contract.ts). */
  uniqueUsers: number;
  /** The server's user list as the connected observer sees it at the end (the observer included). */
  observerView: SeenUser[];
  /** The registered id Murmur gave the user registered mid-session. */
  registeredId: number;
  /** Clients still connected at the end; drop them when done. */
  clients: MumbleTestClient[];
}

/** A name with the oddities each version allows by default: 1.4+ allows spaces and `:`, 1.3 only `(`, `)`. */
function oddName(server: MurmurServer): string {
  return server.version === '1.3' ? 'zoë(admin)' : 'Zoë de la Cruz: (admin)';
}

export async function runScenario(server: MurmurServer, options: ScenarioOptions): Promise<ScenarioResult> {
  const people = new Attendance(server);
  try {
    return await play(server, people, options);
  } catch (error) {
    people.serverGone();
    throw error;
  }
}

async function play(server: MurmurServer, people: Attendance, options: ScenarioOptions): Promise<ScenarioResult> {
  await people.join('observer');
  const alice = await people.join('alice');
  await people.join('bob');
  await people.leave(alice);
  await people.leave(await people.join('dave'), 'drop');

  // A rejected login: wrong server password.
  let mark = server.logSize();
  await MumbleTestClient.connect({ port: server.port, name: 'mallory', password: 'wrong' }).then(
    () => Promise.reject(new Error('a wrong server password was accepted')),
    () => undefined,
  );
  await server.waitForLogLine(/<\d+:mallory\(-1\)> Rejected connection/, 10_000, mark);

  // A registration mid-session, by SuperUser (Murmur writes no line for it), then a leave and a new login.
  const carolCertificate = await makeClientCertificate('carol');
  const carol = await people.join('carol', { certificate: carolCertificate });
  const superUser = await people.join('SuperUser', { password: server.superUserPassword });
  const registeredId = await superUser.register(carol.session);
  await people.leave(carol);
  await people.join('carol', { certificate: carolCertificate });
  await people.leave(superUser);

  // A ghost: the same name connects again while its old session still stands; Murmur drops the old one.
  const erin = await people.join('erin');
  mark = server.logSize();
  await people.join('erin');
  await server.waitForLogLine(/<\d+:erin\(-1\)> Disconnecting ghost/, 10_000, mark);
  people.forget(erin);

  await people.join(oddName(server));
  if (options.withTimeout) {
    const silent = await people.join('frank', { pingIntervalMs: 3_600_000 });
    await server.waitForLogLine(new RegExp(`<${silent.session}:frank\\(-1\\)> Timeout`), 60_000, mark);
    people.forget(silent);
  }

  // A graceful restart with people on: Murmur writes no close line for them, and session ids start again at 1.
  await server.restart();
  people.serverGone();
  // More people than will come back after the crash, so a session left open would not be hidden by reuse.
  for (const name of ['observer', 'bob', 'henry', 'ivy', 'jack', 'kim']) await people.join(name);

  // A crash with people on, then a start.
  await server.kill();
  people.serverGone();
  await server.start();
  const observer = await people.join('observer');
  await people.join('bob');

  // Rotation by rename + SIGHUP, then life goes on in the new file.
  if (server.output === 'file') await server.rotateByRename();
  await people.join('carol', { certificate: carolCertificate });
  await people.join(oddName(server));
  await people.leave(await people.join('grace'));

  const clients = [...people.online];
  const observerView = await observer.waitForUsers((users) => users.length === clients.length);
  return { logins: people.logins, peakOnline: people.peakOnline, uniqueUsers: people.identities.size, observerView, registeredId, clients };
}
