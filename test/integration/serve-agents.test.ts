// Two `serve` agents over HTTPS on loopback, as another machine would follow them: one with a certificate
// made here by openssl (--tls-cert/--tls-key), one bound to every address with --tls self-signed and the
// token it keeps. A client that loses its event stream resumes with Last-Event-ID and gets exactly what it
// missed; after an agent's restart it is told of the gap. The token and fingerprint survive the restart.
// Agent one also posts its alerts to a local receiver, and to an endpoint that is down; no secret of either
// URL may appear in what it prints.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeClientCertificate } from '../support/client-certificate.js';
import { MonitorProcess } from '../support/monitor-process.js';
import { runCommand } from '../support/murmur-process.js';
import { rawRequest, type Reply } from '../support/raw-request.js';
import { SseClient } from '../support/sse-client.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const root = join(tmpdir(), `mm-agents-${process.pid}`);
const running: MonitorProcess[] = [];

interface Agent {
  name: string;
  log: string;
  data: string;
  args: string[];
  process: MonitorProcess;
  /** The certificate a client trusts (for B: the one B made, read from its data folder, as an admin copies it). */
  ca: string;
  headers: Record<string, string>;
}

/** Where a client on this machine reaches `agent` (one bound to 0.0.0.0 is reached on 127.0.0.1, a name its certificate has). */
const base = (agent: Agent): string => agent.process.url.replace('//0.0.0.0:', '//127.0.0.1:');

let one: Agent;
let two: Agent;
let ownCertPath: string;
let receiver: WebhookReceiver;
const SECRETS = ['HOOKSECRET', 'QUERYSECRET', 'PASSSECRET', 'DEADSECRET'];

const BOOT = '<W>2026-12-02 10:00:00.000 Murmur 1.3.4 (1.3.4-4) running on X11: Debian GNU/Linux 12 (bookworm): Booting servers\n<W>2026-12-02 10:00:00.100 1 => Server listening on 127.0.0.1:64738\n';
let clock = Date.parse('2026-12-02T10:00:01Z');
function logLine(text: string): string {
  clock += 1000;
  const time = new Date(clock).toISOString();
  return `<W>${time.slice(0, 10)} ${time.slice(11, 23)} 1 => ${text}\n`;
}
const joinLine = (session: number, name: string) => logLine(`<${session}:${name}(-1)> Authenticated`);

async function startAgent(name: string, args: string[]): Promise<MonitorProcess> {
  const monitor = await MonitorProcess.start({ [name]: join(root, `${name}.log`) }, join(root, `${name}-data`), 20_000, ['--no-perf', ...args]);
  running.push(monitor);
  return monitor;
}

function get(agent: Agent, path: string, headers = agent.headers): Promise<Reply> {
  const url = new URL(path, base(agent));
  return rawRequest({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, ca: agent.ca, headers });
}

const printed = (agent: Agent, label: string): string | undefined => new RegExp(`^${label}: (.*)$`, 'm').exec(agent.process.printed)?.[1];

/** Until every source follows its log live (/healthz is 200 already while one backfills). */
async function waitFollowing(agent: Agent): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const health = await get(agent, '/healthz', {}).catch((error: Error) => ({ status: 0, body: error.message }));
    if (health.status === 200 && Object.keys((JSON.parse(health.body) as { sources: object }).sources).join() === 'following') return;
    if (Date.now() > deadline) throw new Error(`${agent.name} not following: ${health.body}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

before(async () => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const name of ['one', 'two']) writeFileSync(join(root, `${name}.log`), BOOT);
  const own = await makeClientCertificate('agent one', ['IP:127.0.0.1', 'DNS:localhost']);
  ownCertPath = join(root, 'one.crt');
  writeFileSync(ownCertPath, own.cert);
  writeFileSync(join(root, 'one.key'), own.key);
  receiver = await WebhookReceiver.start();
  const oneArgs = [
    '--tls-cert', ownCertPath, '--tls-key', join(root, 'one.key'),
    '--notify', `json+${receiver.base}/hook/HOOKSECRET?key=QUERYSECRET`,
    // Port 9 (discard) on loopback: nothing listens there, so every attempt fails.
    '--notify', 'discord+http://bob:PASSSECRET@127.0.0.1:9/api/webhooks/1/DEADSECRET',
  ];
  one = { name: 'one', log: join(root, 'one.log'), data: join(root, 'one-data'), args: oneArgs, process: await startAgent('one', oneArgs), ca: own.cert.toString(), headers: {} };
  const twoArgs = ['--host', '0.0.0.0', '--tls', 'self-signed'];
  const process2 = await startAgent('two', twoArgs);
  const data2 = join(root, 'two-data');
  const token = readFileSync(join(data2, 'token'), 'utf8').trim();
  two = { name: 'two', log: join(root, 'two.log'), data: data2, args: twoArgs, process: process2, ca: readFileSync(join(data2, 'tls', 'cert.pem'), 'utf8'), headers: { Authorization: `Bearer ${token}` } };
  await Promise.all([waitFollowing(one), waitFollowing(two)]);
});

after(async () => {
  for (const monitor of running) await monitor.stop('SIGKILL').catch(() => undefined);
  await receiver?.close();
  rmSync(root, { recursive: true, force: true });
});

test('each agent prints what another machine needs: an https address that is not 0.0.0.0, the fingerprint to pin, the token once', async () => {
  assert.match(one.process.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const opensslFingerprint = /sha256 Fingerprint=(\S+)/.exec(await runCommand('openssl', ['x509', '-in', ownCertPath, '-noout', '-fingerprint', '-sha256'], 10_000))?.[1];
  assert.equal(printed(one, 'certificate SHA-256 fingerprint'), opensslFingerprint, 'the printed fingerprint is what openssl says of the file');

  assert.match(two.process.url, /^https:\/\/0\.0\.0\.0:\d+$/);
  const others = printed(two, 'from another machine') ?? '';
  assert.ok(others !== '' && !others.includes('0.0.0.0') && !/\/\/127\./.test(others), others);
  assert.equal(printed(two, 'certificate SHA-256 fingerprint'), new X509Certificate(two.ca).fingerprint256);
  const token = two.headers.Authorization?.slice('Bearer '.length) ?? '';
  assert.match(printed(two, 'access token') ?? '', new RegExp(`^${token} \\(made now, kept in .*token\\)$`));
  assert.equal(statSync(join(two.data, 'token')).mode & 0o777, 0o600);
});

test('over TLS: /healthz without a token, data only with it, and X-Event-Id on the snapshot', async () => {
  for (const agent of [one, two]) {
    const health = await get(agent, '/healthz', {});
    assert.equal(health.status, 200, agent.name);
    assert.deepEqual((JSON.parse(health.body) as { status: string; sources: unknown }).sources, { following: 1 });
    const snapshot = await get(agent, '/api/snapshot');
    assert.equal(snapshot.status, 200);
    assert.match(String(snapshot.headers['x-event-id']), /^[0-9a-f]{8}-\d+$/);
  }
  assert.equal((await get(two, '/api/snapshot', {})).status, 401, 'an agent on the network needs its token');
  await assert.rejects(
    new Promise((resolve, reject) => request(new URL('/healthz', base(two)), { ca: one.ca }, resolve).on('error', reject).end()),
    /self-signed certificate|unable to verify/,
    "a client that pinned another certificate refuses this agent",
  );
});

test('a cut stream resumes with Last-Event-ID: every join exactly once; after a restart the gap is announced; token and fingerprint stay', { timeout: 90_000 }, async () => {
  const open = (agent: Agent, lastEventId?: string) =>
    SseClient.open(new URL('/api/events', base(agent)).href, { ca: agent.ca, headers: agent.headers, ...(lastEventId === undefined ? {} : { lastEventId }) });
  const sessionsOf = (clients: SseClient[]) => clients.flatMap((client) => client.dataOf<{ session: number }>('join').map((join) => join.session));
  const streams = { one: [await open(one)], two: [await open(two)] };

  appendFileSync(one.log, joinLine(1, 'alice'));
  appendFileSync(two.log, joinLine(1, 'bob'));
  await streams.one[0]!.waitFor('join', (join: { name: string }) => join.name === 'alice');
  await streams.two[0]!.waitFor('join', (join: { name: string }) => join.name === 'bob');

  // Cut agent one's stream (its socket destroyed), write while it is down, resume from the last id seen.
  const cut = streams.one[0]!;
  cut.close();
  for (let session = 2; session <= 4; session += 1) appendFileSync(one.log, joinLine(session, `user${session}`));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const resumed = await open(one, cut.lastEventId);
  streams.one.push(resumed);
  await resumed.waitFor('join', (join: { session: number }) => join.session === 4);
  appendFileSync(one.log, joinLine(5, 'user5'));
  await resumed.waitFor('join', (join: { session: number }) => join.session === 5);
  assert.deepEqual(sessionsOf(streams.one), [1, 2, 3, 4, 5], 'every join once: none lost during the cut, none twice');
  assert.equal(resumed.dataOf('gap').length, 0);

  // Restart agent two: the token and the certificate are the ones kept; a client resuming is told of the gap.
  const before = { token: two.headers.Authorization, fingerprint: new X509Certificate(two.ca).fingerprint256, lastId: streams.two[0]!.lastEventId };
  streams.two[0]!.close();
  assert.equal(await two.process.stop('SIGTERM'), 0);
  two.process = await startAgent('two', two.args);
  await waitFollowing(two);
  assert.equal(printed(two, 'access token'), `the one kept in ${join(two.data, 'token')}`, 'the token is not printed again');
  assert.ok(!two.process.printed.includes(before.token?.slice('Bearer '.length) ?? '(none)'), 'nor anywhere else in the output');
  assert.equal(printed(two, 'certificate SHA-256 fingerprint'), before.fingerprint);
  assert.equal((await get(two, '/api/snapshot')).status, 200, 'the old token still works');
  const afterRestart = await open(two, before.lastId);
  streams.two.push(afterRestart);
  assert.deepEqual(await afterRestart.waitFor('gap', () => true), { reason: 'restarted' });
  appendFileSync(two.log, joinLine(2, 'carol'));
  await afterRestart.waitFor('join', (join: { name: string }) => join.name === 'carol');
  assert.deepEqual(sessionsOf(streams.two), [1, 2]);
  for (const client of [...streams.one, ...streams.two]) client.close();
});

test('agent one posted its joins as coalesced alerts, each join once, and kept every secret of its --notify URLs out of its output', async () => {
  const deadline = Date.now() + 10_000;
  const joins = () => receiver.delivered<{ events: Array<{ type: string; session: number }> }>('/hook/HOOKSECRET?key=QUERYSECRET').flatMap((alert) => alert.events.map((event) => event.session));
  while (joins().length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(joins().sort(), [1, 2, 3, 4, 5]);
  assert.ok(receiver.posts.length < 5, `coalesced: ${receiver.posts.length} posts for 5 joins`);
  const output = one.process.printed;
  assert.match(output, /alerts to notify #1 \(json, 127\.0\.0\.1:\d+\), notify #2 \(discord, 127\.0\.0\.1:9\)/);
  assert.match(output, /notify #2 \(discord, 127\.0\.0\.1:9\): .*retrying in/, 'the dead endpoint is retried');
  for (const secret of SECRETS) assert.ok(!output.includes(secret), `${secret} in serve's output`);
});
