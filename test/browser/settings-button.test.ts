// The Settings button is the one difference between the two transports: shown and working when the API
// has `settings` (Electron), absent in a browser. Runs the built renderer with an injected API.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Settings } from '../../main/contract.js';
import { launchBrowser, serveStatic, watchProblems, type BrowserSession } from '../support/browser.js';
import { emptyData, installApi } from './injected-api.js';

const SCREENSHOTS = 'test-output/screenshots';

const settings: Settings = {
  sources: [],
  remotes: [],
  notifications: { joins: true, leaves: false, serverEvents: true, mutedSources: [], watchList: [], quietHours: null },
  perf: { cpuIntervalSeconds: 5, netIntervalSeconds: 5, aliases: {} },
  retentionDays: 90,
  keepAddresses: true,
  startAtLogin: false,
};

describe('Settings button', { timeout: 60_000 }, () => {
  let site: { url: string; close(): Promise<void> };
  let browser: BrowserSession;

  before(async () => {
    site = await serveStatic('dist/renderer');
    browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('hidden when the API has no settings', async () => {
    const page = await browser.context.newPage();
    const problems = await watchProblems(page);
    await page.addInitScript(installApi, emptyData());
    await page.goto(site.url);
    await page.waitForSelector('html[data-renders]');
    assert.equal(await page.locator('#open-settings').isHidden(), true);
    assert.equal(await page.locator('#settings-root').isHidden(), true);
    assert.deepEqual(problems.list, []);
    await page.close();
  });

  test('opens by itself on a first run, toggles, and saves through the API', async () => {
    const page = await browser.context.newPage();
    const problems = await watchProblems(page);
    await page.addInitScript(installApi, { ...emptyData(), settings: { settings, firstRun: true, demoRunning: false, tokenStorage: 'plain' as const } });
    await page.goto(site.url);
    const button = page.locator('#open-settings');
    await button.waitFor();
    await page.locator('#settings-root form').waitFor({ timeout: 5000 });
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.locator('#settings-root').screenshot({ path: `${SCREENSHOTS}/settings-first-run-${scheme}.png` });
    }
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction('window.__saved.length === 1', undefined, { timeout: 5000 });
    await button.click();
    assert.equal(await page.locator('#settings-root').isHidden(), true);
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.deepEqual(problems.list, []);
    await page.close();
  });
});
