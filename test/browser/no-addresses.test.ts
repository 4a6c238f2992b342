// `serve --no-addresses`: the security panel lists failed logins and probes without any client address,
// and says why none is shown. Screenshot: test-output/screenshots/security-no-addresses.png.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateSyntheticLog } from '../../main/core/synthetic/log.js';
import { launchBrowser, watchProblems, type BrowserSession } from '../support/browser.js';
import { serve, type RunningServer } from './serve.js';

const SCREENSHOTS = 'test-output/screenshots';
const logDir = mkdtempSync(join(tmpdir(), 'murmur-no-addresses-'));

let server: RunningServer;
let browser: BrowserSession;

before(async () => {
  const logPath = join(logDir, 'murmur.log');
  writeFileSync(logPath, generateSyntheticLog({ seed: 4, days: 3, style: '1.3', loginsPerDay: 40 }).text);
  server = await serve([{ name: 'main', path: logPath }], ['--no-addresses', '--no-perf']);
  browser = await launchBrowser({ viewport: { width: 1100, height: 900 } });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(logDir, { recursive: true, force: true });
});

test('with --no-addresses the security panel lists what it can, without addresses, and says so', { timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  const problems = await watchProblems(page);
  await page.goto(server.url);
  await page.waitForSelector('html[data-renders]', { timeout: 15_000 }).catch((error: Error) => {
    throw new Error(`${error.message}; page problems: ${problems.list.join('; ')}`);
  });
  const rows = page.locator('#security-table tbody tr');
  await page.locator('#security-table tbody tr.sec-rejected').first().waitFor({ timeout: 15_000 });
  assert.ok((await rows.count()) > 1);
  const table = await page.locator('#security-table').innerText();
  assert.doesNotMatch(table, /203\.0\.113\./, 'no client address shown');
  assert.match(table, /failed login/);
  const note = page.locator('#security-addresses');
  assert.equal(await note.isVisible(), true);
  assert.match(await note.innerText(), /Client addresses are not kept/);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.locator('#security-title').scrollIntoViewIfNeeded();
  await page.locator('section[aria-labelledby="security-title"]').screenshot({ path: join(SCREENSHOTS, 'security-no-addresses.png') });
  assert.deepEqual(problems.list, []);
});
