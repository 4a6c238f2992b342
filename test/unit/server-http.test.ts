import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PerfSeries, Snapshot } from '../../main/contract.js';
import { Monitor } from '../../main/core/monitor.js';
import { CONTENT_SECURITY_POLICY } from '../../main/server/headers.js';
import { startHttpServer, type RunningServer } from '../../main/server/http-server.js';
import { API_ROUTES } from '../../main/server/routes.js';
import { rawRequest, type Reply } from '../support/raw-request.js';
import { joinLineAfter, leaveLineAfter, syntheticText, tempRoot, writeRotatedLog } from './monitor-fixtures.js';

const root = tempRoot('mm-server-');
const staticRoot = join(root, 'www', 'renderer');
let monitor: Monitor;
let open: RunningServer;
let guarded: RunningServer;
let logPath: string;
let logText: string;
const TOKEN = 'correct-horse-battery';
const BIG_SCRIPT = Array.from({ length: 300 }, (_, index) => `const value${index} = compute(${index} * 7, "text");\n`).join('');
const series: PerfSeries = { interval: 300, points: [], samples: [], latest: null, aliases: { eth0: 'WAN' } };

before(async () => {
  mkdirSync(staticRoot, { recursive: true });
  writeFileSync(join(staticRoot, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(staticRoot, 'app.js'), 'export {};');
  writeFileSync(join(staticRoot, 'styles.css'), 'body{}');
  writeFileSync(join(staticRoot, 'big.js'), BIG_SCRIPT);
  writeFileSync(join(root, 'www', 'secret.txt'), 'do not serve');
  const log = writeRotatedLog(join(root, 'logs'), syntheticText(5));
  logPath = log.path;
  logText = log.text;
  monitor = await Monitor.open({
    sources: [{ name: 'a', path: log.path }],
    dataDir: join(root, 'data'),
    tail: { watch: false, pollIntervalMs: 30 },
    perf: { series: () => series, metrics: () => '# TYPE perf_cpu gauge\nperf_cpu 0.5\n' },
    warn: () => undefined,
  });
  await monitor.backfilled();
  open = await startHttpServer({ monitor, host: '127.0.0.1', port: 0, token: null, staticRoot, keepAliveMs: 100 });
  guarded = await startHttpServer({ monitor, host: '127.0.0.1', port: 0, token: TOKEN, staticRoot });
});

after(async () => {
  await open.close();
  await guarded.close();
  await monitor.close();
  rmSync(root, { recursive: true, force: true });
});

/** A raw request (fetch cannot send a foreign Host header or an unnormalised path); fails if the answer does not end within 5 s. */
function get(server: RunningServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return rawRequest({ host: '127.0.0.1', port: server.port, path, method, headers }, 5000);
}

test('snapshot: the report plus source states, with the security headers', async () => {
  const reply = await get(open, '/api/snapshot');
  assert.equal(reply.status, 200);
  assert.match(String(reply.headers['content-type']), /^application\/json/);
  assert.equal(reply.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  assert.equal(reply.headers['x-content-type-options'], 'nosniff');
  assert.equal(reply.headers['referrer-policy'], 'no-referrer');
  assert.match(String(reply.headers['x-event-id']), /^[0-9a-f]{8}-\d+$/, 'the event stream position the snapshot reflects');
  const snapshot = JSON.parse(reply.body) as Snapshot;
  assert.deepEqual(snapshot.servers, monitor.snapshot().servers);
  assert.equal(snapshot.sources[0]?.state, 'following');
  assert.deepEqual(snapshot.perf, series);
});

test('history, last-seen, perf, export and metrics answer; bad parameters get 400', async () => {
  const history = JSON.parse((await get(open, '/api/history?server=2&days=400')).body) as { sessions: Array<{ server: number }> };
  assert.ok(history.sessions.length > 0);
  assert.ok(history.sessions.every((session) => session.server === 2));
  assert.equal((await get(open, '/api/history?server=x')).status, 400);
  assert.equal((await get(open, '/api/history?days=0')).status, 400);
  const someone = monitor.history({ days: 400 }).sessions[0]?.name ?? '';
  const seen = JSON.parse((await get(open, `/api/last-seen?name=${encodeURIComponent(someone)}`)).body) as Array<{ name: string }>;
  assert.ok(seen.some((entry) => entry.name === someone));
  assert.equal((await get(open, '/api/last-seen')).status, 400);
  assert.equal((await get(open, `/api/last-seen?name=${'a'.repeat(513)}`)).status, 400, 'longer than Murmur allows');
  assert.equal((await get(open, `/api/last-seen?name=${'a'.repeat(512)}`)).status, 200);
  assert.equal((await get(open, '/api/perf?range=30d')).status, 200);
  assert.equal((await get(open, '/api/perf?range=1y')).status, 400);
  const csv = await get(open, '/api/export.csv?kind=days');
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.match(String(csv.headers['content-disposition']), /attachment; filename="murmur-days.csv"/);
  assert.ok(csv.body.startsWith('source,server,date,logins,uniqueUsers,peakOnline\r\n'));
  assert.equal((await get(open, '/api/export.csv?kind=all')).status, 400);
  const metrics = await get(open, '/metrics');
  assert.match(String(metrics.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  assert.match(metrics.body, /^murmur_monitor_online_users\{source="a",server="1"\} \d+$/m);
  assert.match(metrics.body, /^perf_cpu 0\.5$/m);
  assert.equal((await get(open, '/api/nothing')).status, 404);
  assert.equal((await get(open, '/api/snapshot', {}, 'POST')).status, 405);
});

test('HEAD on every route: the headers GET would send, no body, and the answer ends (the event stream too)', async () => {
  const paths = ['/', '/app.js', '/styles.css', '/missing.js', '/api/nothing', '/api/history?days=0', '/api/snapshot', '/api/history?days=400', '/api/last-seen?name=x', '/api/perf', '/api/export.csv?kind=days', '/metrics'];
  for (const route of Object.keys(API_ROUTES)) assert.ok(paths.some((path) => path.split('?')[0] === route), `${route} is tried`);
  for (const path of paths) {
    const [head, full] = [await get(open, path, {}, 'HEAD'), await get(open, path)];
    assert.equal(head.body, '', path);
    assert.equal(head.status, full.status, path);
    assert.equal(head.headers['content-type'], full.headers['content-type'], path);
    assert.equal(head.headers['content-security-policy'], CONTENT_SECURITY_POLICY, path);
    assert.match(String(head.headers['content-length']), /^\d+$/, path);
  }
  const events = await get(open, '/api/events', {}, 'HEAD');
  assert.deepEqual([events.status, events.body], [200, '']);
  assert.match(String(events.headers['content-type']), /^text\/event-stream/);
  assert.equal((await get(guarded, '/api/events', {}, 'HEAD')).status, 401);
});

test('the dashboard files with their content types; paths outside the folder are refused', async () => {
  const index = await get(open, '/');
  assert.equal(index.status, 200);
  assert.match(String(index.headers['content-type']), /^text\/html/);
  assert.equal(index.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  assert.match(String((await get(open, '/app.js')).headers['content-type']), /^text\/javascript/);
  assert.match(String((await get(open, '/styles.css')).headers['content-type']), /^text\/css/);
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/app.js%00.html', '/%E0%A4%A']) {
    const reply = await get(open, path);
    assert.equal(reply.status, 404, path);
    assert.doesNotMatch(reply.body, /do not serve/, path);
  }
});

test('a Host header naming another site is refused (DNS rebinding)', async () => {
  assert.equal((await get(open, '/api/snapshot', { Host: 'evil.example' })).status, 403);
  assert.equal((await get(open, '/api/snapshot', { Host: `evil.example:${open.port}` })).status, 403);
  assert.equal((await get(open, '/api/snapshot', { Host: `localhost:${open.port}` })).status, 200);
  assert.equal((await get(open, '/api/snapshot', { Host: `[::1]:${open.port}` })).status, 200);
});

test('with a token: data needs it (401 without it or with a wrong one; Bearer header or ?token= let in), the page files do not', async () => {
  const missing = await get(guarded, '/api/snapshot');
  assert.equal(missing.status, 401);
  assert.match(String(missing.headers['www-authenticate']), /^Bearer/);
  assert.equal((await get(guarded, '/api/snapshot', { Authorization: 'Bearer wrong-token-here' })).status, 401);
  assert.equal((await get(guarded, '/api/history?token=wrong')).status, 401);
  assert.equal((await get(guarded, '/metrics')).status, 401);
  assert.equal((await get(guarded, '/api/events')).status, 401);
  // The page's own files hold no data, and its <script> and stylesheet requests cannot carry the token.
  assert.equal((await get(guarded, '/')).status, 200);
  assert.equal((await get(guarded, '/app.js')).status, 200);
  assert.equal((await get(guarded, '/api/snapshot', { Authorization: `Bearer ${TOKEN}` })).status, 200);
  assert.equal((await get(guarded, `/?token=${TOKEN}`)).status, 200);
  assert.equal((await get(guarded, `/metrics?token=${TOKEN}`)).status, 200);
});

test('events: a live join arrives as `event: join`, and keep-alive comments flow', async () => {
  const received = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: open.port, path: '/api/events' }, (res) => {
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/event-stream/);
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('event: join') && text.includes(': keep-alive')) {
          req.destroy();
          resolve(text);
        }
      });
      appendFileSync(logPath, joinLineAfter(logText, 777, '<b>evil</b>'));
      monitor.wake();
    });
    req.on('error', reject);
    setTimeout(() => reject(new Error('no join event within 5 s')), 5000).unref();
    req.end();
  });
  const data = /event: join\ndata: (.*)\n\n/.exec(received)?.[1] ?? '';
  const event = JSON.parse(data) as { name: string; session: number; source: string; server: number };
  assert.deepEqual([event.name, event.session, event.source, event.server], ['<b>evil</b>', 777, 'a', 1]);
});

/** The body as the server meant it, whatever coding it came in. */
function decoded(reply: Reply): string {
  const coding = reply.headers['content-encoding'];
  const raw = coding === 'br' ? brotliDecompressSync(reply.raw) : coding === 'gzip' ? gunzipSync(reply.raw) : reply.raw;
  return raw.toString('utf8');
}

test('text answers compressed as the client accepts: brotli, else gzip, else none; small ones as they are', async () => {
  const cases: Array<[accept: string | undefined, coding: string | undefined]> = [
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['*', 'br'],
    ['br;q=0, *;q=0', undefined],
    ['identity', undefined],
    [undefined, undefined],
  ];
  for (const [accept, coding] of cases) {
    const reply = await get(open, '/big.js', accept === undefined ? {} : { 'accept-encoding': accept });
    assert.equal(reply.headers['content-encoding'], coding, String(accept));
    assert.equal(decoded(reply), BIG_SCRIPT, String(accept));
    assert.equal(Number(reply.headers['content-length']), reply.raw.length, String(accept));
    assert.equal(reply.headers.vary, 'Accept-Encoding');
    if (coding !== undefined) assert.ok(reply.raw.length < BIG_SCRIPT.length / 4, `${coding}: ${reply.raw.length} bytes`);
    const head = await get(open, '/big.js', accept === undefined ? {} : { 'accept-encoding': accept }, 'HEAD');
    assert.deepEqual([head.body, head.headers['content-length'], head.headers.etag], ['', reply.headers['content-length'], reply.headers.etag], 'HEAD: the same headers, no body');
  }
  const small = await get(open, '/styles.css', { 'accept-encoding': 'br, gzip' });
  assert.equal(small.headers['content-encoding'], undefined, 'six bytes are not worth compressing');
  for (const path of ['/api/history?days=400', '/metrics', '/api/export.csv?kind=sessions']) {
    const reply = await get(open, path, { 'accept-encoding': 'gzip' });
    assert.equal(reply.headers['content-encoding'], 'gzip', path);
    assert.equal(decoded(reply), (await get(open, path)).body, path);
  }
  const snapshot = await get(open, '/api/snapshot', { 'accept-encoding': 'br' });
  assert.equal(snapshot.headers['content-encoding'], 'br');
  assert.equal((JSON.parse(decoded(snapshot)) as Snapshot).servers.length, 2);
});

test('ETag and If-None-Match: 304 without a body for a dashboard file and /api/history, 200 once they change', async () => {
  const first = await get(open, '/big.js', { 'accept-encoding': 'br' });
  const tag = String(first.headers.etag);
  assert.match(tag, /^"[\w-]+-br"$/, 'the coding is part of the tag');
  assert.equal(first.headers['cache-control'], 'no-cache', 'kept, and asked again each time');
  for (const sent of [tag, `W/${tag}`, `"other", ${tag}`, String((await get(open, '/big.js')).headers.etag)]) {
    const again = await get(open, '/big.js', { 'accept-encoding': 'br', 'if-none-match': sent });
    assert.deepEqual([again.status, again.raw.length, again.headers.etag], [304, 0, tag], sent);
  }
  assert.equal((await get(open, '/big.js', { 'if-none-match': '"other"' })).status, 200);
  assert.equal((await get(open, '/big.js', { 'if-none-match': tag }, 'HEAD')).status, 304);
  writeFileSync(join(staticRoot, 'big.js'), `${BIG_SCRIPT}// changed\n`);
  const changed = await get(open, '/big.js', { 'accept-encoding': 'br', 'if-none-match': tag });
  assert.equal(changed.status, 200, 'a rebuilt file is sent again');
  assert.notEqual(changed.headers.etag, tag);
  assert.ok(decoded(changed).endsWith('// changed\n'));
  writeFileSync(join(staticRoot, 'big.js'), BIG_SCRIPT);

  const history = await get(open, '/api/history?days=400', { 'accept-encoding': 'gzip' });
  const historyTag = String(history.headers.etag);
  assert.equal(history.headers['cache-control'], 'private, no-cache');
  assert.equal((await get(open, '/api/history?days=400', { 'if-none-match': historyTag })).status, 304);
  assert.equal((await get(open, '/api/snapshot')).headers.etag, undefined, 'the snapshot changes all the time: no tag, not kept');
  assert.equal((await get(open, '/api/snapshot')).headers['cache-control'], 'no-store');
  const session = [joinLineAfter(logText, 950, 'newcomer'), leaveLineAfter(logText, 950, 'newcomer', 2)];
  for (const line of session) appendFileSync(logPath, line);
  logText += session.join('');
  monitor.wake();
  let fresh: Reply | undefined;
  for (let tries = 0; tries < 100 && fresh?.status !== 200; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    monitor.wake();
    fresh = await get(open, '/api/history?days=400', { 'if-none-match': historyTag });
  }
  assert.equal(fresh?.status, 200, 'a new session changes the history and its tag');
  assert.notEqual(fresh?.headers.etag, historyTag);
});
