// The dashboard in Chromium showing a remote agent's source beside a local log, as the tray app's window
// shows it: the page's API is bridged to the app's merged view (a local Monitor and the remote client
// following an agent over TLS) the way the preload bridges it over IPC. The remote's people are online,
// its filter works, a live join arrives, and when the agent stops the source says since when.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { MONITOR_EVENTS, type MonitorCallName, type MonitorEventName } from '../../main/api.js';
import type { SettingsState } from '../../main/contract.js';
import { Monitor } from '../../main/core/monitor.js';
import { CombinedMonitor } from '../../main/core/remote/combined-monitor.js';
import { RemoteSource } from '../../main/core/remote/remote-source.js';
import { DEFAULT_SETTINGS } from '../../main/core/settings/schema.js';
import { launchBrowser, serveStatic, watchProblems, type BrowserSession, type PageProblems } from '../support/browser.js';
import { LocalAgent } from '../support/local-agent.js';
import { makeServerCertificate } from '../support/server-certificate.js';
import { waitUntil } from '../support/wait-until.js';
import { syntheticText, tempRoot, until, writeRotatedLog } from '../unit/monitor-fixtures.js';

const SCREENSHOTS = 'test-output/screenshots';
const TOKEN = 'browser-remote-token-0123456789';

/** The page side of the bridge: a RendererApi whose calls go to Node and whose events Node pushes in. */
function installBridge(settings: SettingsState): void {
  const page = globalThis as unknown as Record<string, unknown> & {
    __murmurCall(name: string, args: unknown[]): Promise<unknown>;
  };
  const listeners = new Map<string, Set<(payload?: unknown) => void>>();
  page.__murmurPush = (name: string, payload: unknown) => listeners.get(name)?.forEach((listener) => listener(payload));
  const on = (name: string) => (listener: (payload?: unknown) => void) => {
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  const call = (name: string) => (...args: unknown[]) => page.__murmurCall(name, args);
  page.murmurMonitor = {
    getSnapshot: call('getSnapshot'),
    getHistory: call('getHistory'),
    findLastSeen: call('findLastSeen'),
    getPerf: call('getPerf'),
    exportCsv: call('exportCsv'),
    onJoin: on('join'),
    onLeave: on('leave'),
    onProgress: on('progress'),
    onChanged: on('changed'),
    settings: {
      get: async () => settings,
      save: async () => ({ ok: false, errors: [] }),
      discover: async () => [],
      pickLogFile: async () => null,
      startDemo: async () => undefined,
      onChanged: () => () => undefined,
    },
  };
}

describe('a remote source in the dashboard', { timeout: 90_000 }, () => {
  const root = tempRoot('mm-browser-remote-');
  let site: { url: string; close(): Promise<void> };
  let browser: BrowserSession;
  let agent: LocalAgent;
  let local: Monitor;
  let remote: RemoteSource;
  let view: CombinedMonitor;
  let page: Page;
  let problems: PageProblems;

  before(async () => {
    const certificate = await makeServerCertificate(root);
    agent = new LocalAgent(root, 'vps', TOKEN, certificate);
    await agent.start();
    const home = writeRotatedLog(join(root, 'home'), syntheticText(3, 11));
    local = await Monitor.open({ sources: [{ name: 'home', path: home.path }], dataDir: join(root, 'home-data'), tail: { watch: false, pollIntervalMs: 50 }, warn: () => undefined });
    await local.backfilled();
    remote = new RemoteSource({ name: 'vps', url: agent.url, token: TOKEN, fingerprint: certificate.fingerprint }, { warn: () => undefined });
    remote.start();
    await until(() => remote.state.kind === 'live', 10_000, 'the agent followed');
    view = new CombinedMonitor({ local, remotes: [remote], localSources: true, warn: () => undefined });

    site = await serveStatic('dist/renderer');
    browser = await launchBrowser({ viewport: { width: 1280, height: 1000 } });
    page = await browser.context.newPage();
    problems = await watchProblems(page);
    await page.exposeFunction('__murmurCall', (name: MonitorCallName, args: unknown[]) =>
      (view.requests[name] as (...values: unknown[]) => Promise<unknown>)(...args),
    );
    for (const name of Object.keys(MONITOR_EVENTS) as MonitorEventName[]) {
      const push = ([event, data]: readonly [string, unknown]) => (globalThis as unknown as { __murmurPush(n: string, d: unknown): void }).__murmurPush(event, data);
      view.on(name, ((payload?: unknown) => void page.evaluate(push, [name, payload ?? null] as const)) as never);
    }
    const settings: SettingsState = {
      settings: { ...DEFAULT_SETTINGS, sources: [{ name: 'home', path: home.path }], remotes: [{ name: 'vps', url: agent.url, token: TOKEN, fingerprint: certificate.fingerprint }] },
      firstRun: false,
      demoRunning: false,
      tokenStorage: 'encrypted',
    };
    await page.addInitScript(installBridge, settings);
    await page.goto(site.url);
    await page.waitForSelector('html[data-renders]');
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await remote?.stop();
    await local?.close();
    await agent?.front.close();
    rmSync(root, { recursive: true, force: true });
  });

  test("the remote's source, its people and its filter, beside the local log", async () => {
    const states = await page.locator('#source-states li .label').allTextContents();
    assert.deepEqual(states, ['home', 'vps/main']);
    const remoteOnline = remote.snapshot().servers.flatMap((server) => server.online.map((user) => user.name));
    assert.ok(remoteOnline.length > 0, 'the agent has people online');
    const table = await page.locator('#online-table').textContent();
    for (const name of remoteOnline) assert.ok(table?.includes(name), `${name} is listed`);
    assert.ok(table?.includes('vps/main'), 'with its source');

    const option = page.locator('#filter option', { hasText: 'vps/main' }).first();
    await page.selectOption('#filter', { label: (await option.textContent()) ?? '' });
    await waitUntil(
      async () => {
        const rows = await page.locator('#sessions-table tbody tr').allTextContents();
        return rows.length > 0 && rows.every((row) => row.includes('vps/main')) ? true : undefined;
      },
      { timeoutMs: 10_000, what: "the sessions of vps/main only" },
    );
    await page.selectOption('#filter', { index: 0 });

    agent.join(950, 'Zoë <i>remote</i>');
    await page.locator('#online-table', { hasText: 'Zoë <i>remote</i>' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#online-table i').count(), 0, 'a name is text, never markup');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/remote-source.png`, fullPage: false });
    await page.locator('#open-settings').click();
    await page.locator('#settings-root form').waitFor();
    await page.locator('#settings-root fieldset', { hasText: 'Remote servers' }).screenshot({ path: `${SCREENSHOTS}/settings-remote.png` });
    await page.locator('#open-settings').click();
  });

  test('an agent that stops answering says since when', async () => {
    await agent.stop();
    await until(() => remote.state.kind === 'unreachable', 10_000, 'the agent seen gone');
    await page.locator('#source-states .state-unreachable', { hasText: 'since' }).waitFor({ timeout: 10_000 });
    const text = await page.locator('#source-states .state-unreachable').textContent();
    assert.match(text ?? '', /vps\/mainunreachablesince \d\d:\d\d/);
    await page.locator('#source-states').screenshot({ path: `${SCREENSHOTS}/remote-unreachable.png` });
    assert.deepEqual(problems.list, []);
  });
});
