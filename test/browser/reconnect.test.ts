// The event stream can drop (serve restarted, a proxy timing out); EventSource reconnects by itself with the
// last id it saw, and the server replays what was missed. The dashboard must say so while it is down, and
// fetch a fresh snapshot only when the server announces a gap (it restarted, or too much was missed).
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, watchProblems, type BrowserSession } from '../support/browser.js';
import { serve, type RunningServer } from './serve.js';

let server: RunningServer;
let browser: BrowserSession;

before(async () => {
  server = await serve([{ name: 'hostile', path: 'test/fixtures/browser/hostile.log' }], ['--no-perf']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Keeps every EventSource the page opens in `window.__streams`, so the test can replay its events. */
const RECORD_STREAMS = `{
  const NativeEventSource = window.EventSource;
  window.__streams = [];
  window.EventSource = class extends NativeEventSource {
    constructor(...args) { super(...args); window.__streams.push(this); }
  };
}`;

const SCREENSHOTS = 'test-output/screenshots';

/** What the page shows of its live connection: the html flag and the status line's text when shown. */
function liveStatus(page: Page): Promise<{ live: string | undefined; shown: string | null }> {
  return page.evaluate(`{
    const line = document.getElementById('live-status');
    ({ live: document.documentElement.dataset.live, shown: line === null || line.hidden ? null : line.textContent });
  }`);
}

async function snapshotRequestsDuring(page: Page, action: string, settleMs: number): Promise<number> {
  let count = 0;
  const onRequest = (request: { url(): string }) => {
    if (new URL(request.url()).pathname === '/api/snapshot') count += 1;
  };
  page.on('request', onRequest);
  await page.evaluate(action);
  await page.waitForTimeout(settleMs);
  page.off('request', onRequest);
  return count;
}

test('a reconnect resumes the stream without refetching; a gap makes the dashboard fetch a fresh snapshot once', { timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  const problems = await watchProblems(page);
  await page.addInitScript(RECORD_STREAMS);
  await page.goto(server.url);
  await page.waitForSelector('html[data-renders]', { timeout: 15_000 });
  assert.equal(await page.evaluate('window.__streams.length'), 1, 'one stream for every listener');
  await page.waitForSelector('html[data-live="live"]', { timeout: 10_000 });
  assert.deepEqual(await liveStatus(page), { live: 'live', shown: null });

  await page.evaluate(`window.__streams[0].dispatchEvent(new Event('error'))`);
  const down = await liveStatus(page);
  assert.equal(down.live, 'reconnecting');
  assert.match(down.shown ?? '', /Live updates paused.*Reconnecting/);

  const afterDrop = await snapshotRequestsDuring(page, `window.__streams[0].dispatchEvent(new Event('open'))`, 1500);
  assert.equal(afterDrop, 0, 'a resumed stream brings what was missed itself');
  assert.deepEqual(await liveStatus(page), { live: 'live', shown: null }, 'the status line goes once the stream is back');

  const afterGap = await snapshotRequestsDuring(page, `window.__streams[0].dispatchEvent(new MessageEvent('gap', { data: '{"reason":"restarted"}' }))`, 2000);
  assert.equal(afterGap, 1, 'the snapshot is fetched once after a gap');
  assert.deepEqual(problems.list, []);
  await page.close();
});

/** A TCP relay to `serve` whose connections the test can cut, and which can refuse new ones for a while. */
class CuttableRelay {
  private readonly sockets = new Set<Socket>();
  private refusing = false;
  private readonly server: Server;

  private constructor(target: URL) {
    this.server = createNetServer((client) => {
      if (this.refusing) return void client.destroy();
      const upstream = connect(Number(target.port), target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
  }

  static async start(target: URL): Promise<CuttableRelay> {
    const relay = new CuttableRelay(target);
    await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Destroys every open connection (the page's event stream among them) and refuses new ones. */
  cut(): void {
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
  }

  mend(): void {
    this.refusing = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

test('a real cut: Chromium resumes with Last-Event-ID and the join written meanwhile appears, without a snapshot fetch', { timeout: 60_000 }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'mm-resume-'));
  const log = join(folder, 'murmur.log');
  copyFileSync('test/fixtures/browser/hostile.log', log);
  const resumable = await serve([{ name: 'hostile', path: log }], ['--no-perf']);
  const relay = await CuttableRelay.start(new URL(resumable.url));
  const page = await browser.context.newPage();
  try {
    const problems = await watchProblems(page);
    await page.goto(relay.url);
    await page.waitForSelector('html[data-renders][data-live="live"]', { timeout: 15_000 });
    relay.cut();
    await page.waitForSelector('html[data-live="reconnecting"]', { timeout: 15_000 });
    appendFileSync(log, '<W>2026-11-26 10:30:00.000 1 => <77:resumed-while-cut(-1)> Authenticated\n');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let snapshots = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/snapshot') snapshots += 1;
    });
    relay.mend();
    await page.waitForSelector('html[data-live="live"]', { timeout: 15_000 });
    await page.waitForFunction(`document.body.textContent.includes('resumed-while-cut')`, undefined, { timeout: 10_000 });
    assert.equal(snapshots, 0, 'the join came by the replay, not by a fresh snapshot');
    // The cut itself is the one thing the console may report.
    assert.deepEqual(problems.list.filter((problem) => !problem.includes('ERR_INCOMPLETE_CHUNKED_ENCODING')), []);
  } finally {
    await page.close();
    await relay.close();
    await resumable.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('when the monitor really goes away, the page says live updates are paused and dims who is online', { timeout: 60_000 }, async () => {
  const leaving = await serve([{ name: 'hostile', path: 'test/fixtures/browser/hostile.log' }], ['--no-perf']);
  const page = await browser.context.newPage();
  try {
    await page.goto(leaving.url);
    await page.waitForSelector('html[data-renders][data-live="live"]', { timeout: 15_000 });
    await leaving.stop();
    await page.waitForSelector('html[data-live="reconnecting"]', { timeout: 15_000 });
    const status = await liveStatus(page);
    assert.match(status.shown ?? '', /connection to the monitor was lost/);
    const opacity = await page.evaluate(`getComputedStyle(document.querySelector('.card.online')).opacity`);
    assert.equal(opacity, '0.6', 'the online list is dimmed while it may be stale');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-reconnecting.png` });
  } finally {
    await page.close();
    await leaving.stop().catch(() => undefined);
  }
});
