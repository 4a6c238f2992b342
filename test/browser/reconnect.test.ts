// The event stream can drop (serve restarted, a proxy timing out); EventSource reconnects by itself, but the
// joins and leaves sent meanwhile are gone. The dashboard must say so while it is down, then fetch a fresh
// snapshot once it is back, and only then.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
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

test('a reconnect of the event stream makes the dashboard fetch a fresh snapshot', { timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  const problems = await watchProblems(page);
  await page.addInitScript(RECORD_STREAMS);
  await page.goto(server.url);
  await page.waitForSelector('html[data-renders]', { timeout: 15_000 });
  assert.equal(await page.evaluate('window.__streams.length'), 1, 'one stream for every listener');
  await page.waitForSelector('html[data-live="live"]', { timeout: 10_000 });
  assert.deepEqual(await liveStatus(page), { live: 'live', shown: null });

  const onOpenAlone = await snapshotRequestsDuring(page, `window.__streams[0].dispatchEvent(new Event('open'))`, 1000);
  assert.equal(onOpenAlone, 0, 'an open that follows no error is not a reconnect');

  await page.evaluate(`window.__streams[0].dispatchEvent(new Event('error'))`);
  const down = await liveStatus(page);
  assert.equal(down.live, 'reconnecting');
  assert.match(down.shown ?? '', /Live updates paused.*Reconnecting/);

  const afterDrop = await snapshotRequestsDuring(page, `window.__streams[0].dispatchEvent(new Event('open'))`, 2000);
  assert.equal(afterDrop, 1, 'the snapshot is fetched once after the stream came back');
  assert.deepEqual(await liveStatus(page), { live: 'live', shown: null }, 'the status line goes once the stream is back');
  assert.deepEqual(problems.list, []);
  await page.close();
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
