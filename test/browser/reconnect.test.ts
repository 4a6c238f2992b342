// The event stream can drop (serve restarted, a proxy timing out); EventSource reconnects by itself, but the
// joins and leaves sent meanwhile are gone. The dashboard must then fetch a fresh snapshot, and only then.
import assert from 'node:assert/strict';
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

  const onOpenAlone = await snapshotRequestsDuring(page, `window.__streams[0].dispatchEvent(new Event('open'))`, 1000);
  assert.equal(onOpenAlone, 0, 'an open that follows no error is not a reconnect');

  const afterDrop = await snapshotRequestsDuring(
    page,
    `{ const s = window.__streams[0]; s.dispatchEvent(new Event('error')); s.dispatchEvent(new Event('open')); }`,
    2000,
  );
  assert.equal(afterDrop, 1, 'the snapshot is fetched once after the stream came back');
  assert.deepEqual(problems.list, []);
  await page.close();
});
