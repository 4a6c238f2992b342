// `serve --token T` with the page opened as `/?token=T`: the dashboard must load and carry the token on
// every API request and on the event stream (EventSource cannot send headers).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, watchProblems, type BrowserSession } from '../support/browser.js';
import { serve, type RunningServer } from './serve.js';

const TOKEN = 'browser-test-token-1';

let server: RunningServer;
let browser: BrowserSession;

before(async () => {
  server = await serve([{ name: 'hostile', path: 'test/fixtures/browser/hostile.log' }], ['--token', TOKEN, '--no-perf']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The page's script and style requests carry no token (a CSP without inline script cannot add one), so serve
// hands out the dashboard's own files freely and asks the token only for data.
test('the dashboard opened with ?token= loads its data and events', { timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  const problems = await watchProblems(page);
  const requested: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) requested.push(`${url.pathname} ${url.searchParams.get('token') === TOKEN}`);
  });
  await page.goto(`${server.url}?token=${TOKEN}`);
  await page.waitForSelector('html[data-renders]', { timeout: 15_000 });
  assert.ok((await page.locator('#online-table tbody tr').count()) > 0, 'online users shown');
  assert.ok(requested.includes('/api/snapshot true'));
  assert.ok(requested.includes('/api/events true'));
  assert.deepEqual(requested.filter((line) => line.endsWith('false')), [], 'every API request carries the token');
  assert.deepEqual(problems.list, []);
});
