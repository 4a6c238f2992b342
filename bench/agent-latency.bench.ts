// `node scripts/bench.mjs agent-latency`: `serve` as an agent for another machine (HTTPS with its self-signed
// certificate, a token), measured as its client sees it: a join line written to the log until its
// `event: join` reaches an HTTPS event-stream client that trusts only that certificate; then the stream is
// cut, joins are written, and the time from the reconnect (with Last-Event-ID) until all of them arrived.
// Baseline, same run, joins alternating with the agent's: the same over plain HTTP on loopback without a token.
// Goal (issue 13): agent → client p95 <= 250 ms.
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { startServe, type ServeChild } from './serve-child.js';
import { onSseBlocks } from './sse-blocks.js';
import { percentile } from './stats.js';

const JOINS = 60;
const MISSED = 20;
const GOAL_MS = 250;
const TOKEN = 'bench-token-0123456789';
const root = join('bench-output', 'agent-latency');
rmSync(root, { recursive: true, force: true });

interface Side {
  name: string;
  log: string;
  serve: ServeChild;
  /** For HTTPS: the certificate to trust, from the agent's data folder. */
  ca: string | undefined;
  headers: Record<string, string>;
  arrived: Map<number, number>;
  lastEventId: string;
  stream: ClientRequest | null;
}

const BOOT = '<W>2026-11-27 10:00:00.000 Murmur 1.3.4 (1.3.4-1) running on X11: Debian GNU/Linux 12 (bookworm): Booting servers\n<W>2026-11-27 10:00:00.100 1 => Server listening on 0.0.0.0:64738\n';

async function startSide(name: string, tls: boolean): Promise<Side> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'murmur.log');
  writeFileSync(log, BOOT);
  const data = join(dir, 'data');
  const extra = tls ? ['--tls', 'self-signed', '--token', TOKEN] : [];
  const serve = await startServe(['--source', `bench=${log}`, '--data', data, '--no-perf', '--host', '127.0.0.1', ...extra]);
  const side: Side = {
    name,
    log,
    serve,
    ca: tls ? readFileSync(join(data, 'tls', 'cert.pem'), 'utf8') : undefined,
    headers: tls ? { Authorization: `Bearer ${TOKEN}` } : {},
    arrived: new Map(),
    lastEventId: '',
    stream: null,
  };
  await waitFollowing(side);
  return side;
}

function get(side: Side, path: string, headers: Record<string, string>, onResponse: (response: IncomingMessage) => void): ClientRequest {
  const url = new URL(path, side.serve.base);
  const options = { host: url.hostname, port: url.port, path: url.pathname, headers, ca: side.ca };
  const request = side.ca === undefined ? httpRequest(options, onResponse) : httpsRequest(options, onResponse);
  request.on('error', () => undefined);
  request.end();
  return request;
}

async function waitFollowing(side: Side): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const body = await new Promise<string>((resolve) => {
      get(side, '/healthz', {}, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
      }).on('error', () => resolve(''));
    });
    if (body.includes('"sources":{"following":1}')) return;
    if (Date.now() > deadline) throw new Error(`${side.name} never followed its log: ${body}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens the event stream (resuming from the last id seen, when there is one) and records each join's arrival. */
function openStream(side: Side): Promise<void> {
  const headers: Record<string, string> = { ...side.headers, Accept: 'text/event-stream' };
  if (side.lastEventId !== '') headers['Last-Event-ID'] = side.lastEventId;
  return new Promise((resolve) => {
    side.stream = get(side, '/api/events', headers, (response) => {
      onSseBlocks(response, (block) => {
        const id = /^id: (.*)$/m.exec(block)?.[1];
        if (id !== undefined) side.lastEventId = id;
        const data = /^event: join\ndata: (.*)$/m.exec(block)?.[1];
        if (data) side.arrived.set((JSON.parse(data) as { session: number }).session, performance.now());
      });
      resolve();
    });
  });
}

let clock = Date.parse('2026-11-27T10:01:00Z');
function writeJoin(side: Side, session: number): number {
  clock += 1000;
  const time = new Date(clock).toISOString();
  const written = performance.now();
  appendFileSync(side.log, `<W>${time.slice(0, 10)} ${time.slice(11, 23)} 1 => <${session}:user${session}(-1)> Authenticated\n`);
  return written;
}

async function arrival(side: Side, session: number): Promise<number> {
  const deadline = performance.now() + 5000;
  while (!side.arrived.has(session)) {
    if (performance.now() > deadline) throw new Error(`${side.name}: join ${session} never arrived`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return side.arrived.get(session) as number;
}

const plain = await startSide('plain', false);
const agent = await startSide('agent', true);
await Promise.all([openStream(plain), openStream(agent)]);
await new Promise((resolve) => setTimeout(resolve, 300));

const latency = new Map<Side, number[]>([[plain, []], [agent, []]]);
for (let i = 0; i < JOINS; i += 1) {
  for (const side of i % 2 === 0 ? [plain, agent] : [agent, plain]) {
    const session = 100 + i;
    const written = writeJoin(side, session);
    latency.get(side)?.push((await arrival(side, session)) - written);
    // Joins arrive spread out in real life; a pause also keeps one measurement from queueing behind the last.
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
  }
}

// A cut: the client's socket destroyed, joins written meanwhile, then a reconnect with Last-Event-ID.
const catchUp = new Map<Side, number>();
for (const side of [plain, agent]) {
  side.stream?.destroy();
  for (let i = 0; i < MISSED; i += 1) writeJoin(side, 1000 + i);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const reconnected = performance.now();
  await openStream(side);
  catchUp.set(side, (await arrival(side, 1000 + MISSED - 1)) - reconnected);
  const missing = Array.from({ length: MISSED }, (_, i) => 1000 + i).filter((session) => !side.arrived.has(session));
  if (missing.length > 0) throw new Error(`${side.name}: joins ${missing.join(', ')} lost in the cut`);
  side.stream?.destroy();
}
await Promise.all([plain.serve.stop(), agent.serve.stop()]);

const fmt = (values: number[], p: number): string => `${percentile(values, p).toFixed(1)} ms`;
const tlsTimes = latency.get(agent) as number[];
const plainTimes = latency.get(plain) as number[];
console.log(`agent (HTTPS, self-signed, token): join written → event received, ${JOINS} joins: p50 ${fmt(tlsTimes, 50)}, p95 ${fmt(tlsTimes, 95)}, max ${fmt(tlsTimes, 100)}`);
console.log(`baseline, plain HTTP on loopback, same run: p50 ${fmt(plainTimes, 50)}, p95 ${fmt(plainTimes, 95)}; agent/baseline p50 ${(percentile(tlsTimes, 50) / percentile(plainTimes, 50)).toFixed(2)}x`);
console.log(`after a cut, ${MISSED} missed joins replayed from Last-Event-ID: all in ${(catchUp.get(agent) as number).toFixed(1)} ms over HTTPS (new TLS handshake included), ${(catchUp.get(plain) as number).toFixed(1)} ms over HTTP; none lost`);
const ok = percentile(tlsTimes, 95) <= GOAL_MS;
console.log(`goal p95 <= ${GOAL_MS} ms: ${ok ? 'met' : 'MISSED'}`);
process.exitCode = ok ? 0 : 1;
