// The settings view in Debian's Chromium, with a fake SettingsApi: first-run prompt, adding a source,
// errors placed beside their fields, hostile names shown as text, and what Save sends.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import type { SettingsState } from '../../main/contract.js';
import { DEFAULT_SETTINGS } from '../../main/core/settings/schema.js';
import { launchBrowser, watchProblems, type BrowserSession } from '../support/browser.js';

const ENTRY = `
import { mountSettings } from './settings-view.ts';
const calls = [];
window.__calls = calls;
const api = {
  get: async () => structuredClone(window.__state),
  save: async (value) => {
    calls.push(['save', value]);
    return window.__saveResult ?? { ok: true, settings: value };
  },
  discover: async () => (calls.push(['discover']), window.__found ?? []),
  pickLogFile: async () => (calls.push(['pick']), '/picked/mumble-server.log'),
  startDemo: async () => void calls.push(['demo']),
  onChanged: () => () => undefined,
};
mountSettings(document.getElementById('root'), api);
`;

let session: BrowserSession;
let bundle = '';

before(async () => {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: 'renderer/settings', loader: 'ts' },
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]?.text ?? '';
  session = await launchBrowser();
});

after(async () => {
  await session?.close();
});

async function open(state: SettingsState, extra: Record<string, unknown> = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await session.context.newPage();
  const problems = await watchProblems(page);
  await page.setContent('<!doctype html><main id="root"></main>');
  await page.evaluate((init) => Object.assign(globalThis, init), { __state: state, ...extra });
  await page.addScriptTag({ content: bundle, type: 'module' });
  await page.locator('form.settings-form').waitFor({ timeout: 5000 });
  return { page, problems: problems.list };
}

const calls = (page: Page) => page.evaluate(() => (globalThis as unknown as { __calls: unknown[][] }).__calls);

test('first run: the prompt explains and offers the demo', async () => {
  const { page, problems } = await open({ settings: DEFAULT_SETTINGS, firstRun: true, demoRunning: false, tokenStorage: 'plain' });
  assert.equal(await page.locator('.prompt h3').textContent(), 'No Murmur server found');
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await page.getByText('The demo is running').waitFor({ timeout: 5000 });
  assert.deepEqual(await calls(page), [['demo']]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a picked log becomes a source; Save sends the whole document', async () => {
  const { page } = await open({ settings: DEFAULT_SETTINGS, firstRun: false, demoRunning: false, tokenStorage: 'plain' });
  await page.getByRole('button', { name: 'Add a log file…' }).click();
  await page.locator('[data-field="sources.0.name"]').waitFor({ timeout: 5000 });
  assert.equal(await page.locator('[data-field="sources.0.name"]').inputValue(), 'mumble-server');
  assert.equal(await page.locator('[data-field="sources.0.path"]').inputValue(), '/picked/mumble-server.log');
  await page.locator('[data-field="sources.0.timezone"]').fill('Europe/Berlin');
  await page.locator('[data-field="notifications.watchList"]').fill('alice\nbob');
  await page.locator('[data-field="retentionDays"]').fill('30');
  await page.locator('[data-field="keepAddresses"]').uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved and applied.').waitFor({ timeout: 5000 });
  const saved = (await calls(page)).find((call) => call[0] === 'save')?.[1];
  assert.deepEqual(saved, {
    ...DEFAULT_SETTINGS,
    sources: [{ name: 'mumble-server', path: '/picked/mumble-server.log', timezone: 'Europe/Berlin' }],
    notifications: { ...DEFAULT_SETTINGS.notifications, watchList: ['alice', 'bob'] },
    retentionDays: 30,
    keepAddresses: false,
  });
  await page.close();
});

test('errors from main are shown beside their fields; hostile names stay text', async () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const settings = { ...DEFAULT_SETTINGS, sources: [{ name: hostile, path: '' }] };
  const { page, problems } = await open(
    { settings, firstRun: false, demoRunning: false, tokenStorage: 'plain' },
    {
      __saveResult: {
        ok: false,
        errors: [
          { field: 'sources.0.path', message: 'must not be empty' },
          { field: 'sources.0.name', message: 'use up to 40 letters' },
        ],
      },
      __found: [{ iniPath: '/etc/murmur.ini', logPath: null, problem: `logs to syslog ${hostile}` }],
    },
  );
  assert.equal(await page.getByText(`Notify for ${hostile}`).count(), 1);
  await page.getByRole('button', { name: 'Find Murmur on this computer' }).click();
  await page.getByText(`logs to syslog ${hostile}`).waitFor({ timeout: 5000 });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('.field-error').first().waitFor({ timeout: 5000 });
  assert.equal(await page.locator('[data-field="sources.0.path"]').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await page.locator('.field-error').allTextContents(), ['use up to 40 letters', 'must not be empty']);
  assert.equal(await page.locator('.error-summary').textContent(), 'Not saved: 2 problems to fix.');
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a bad alias line is caught before anything is sent', async () => {
  const { page } = await open({ settings: DEFAULT_SETTINGS, firstRun: false, demoRunning: false, tokenStorage: 'plain' });
  await page.locator('[data-field="perf.aliases"]').fill('eth0 WAN');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('.field-error').waitFor({ timeout: 5000 });
  assert.equal(await page.locator('.field-error').textContent(), '"eth0 WAN" should look like eth0=WAN');
  assert.deepEqual(await calls(page), []);
  await page.close();
});
