// End to end through a real Electron: the built app (npm run build) starts on a temp data folder that
// follows a temp log; the tray exists, a join appended to the log shows in the dashboard and fires a
// notification, and the window refuses navigation and new windows. Needs an Electron binary: set
// ELECTRON_EXECUTABLE=/path/to/electron, or have one in node_modules/electron/dist (it is downloaded on the
// first `npx electron` where GitHub is reachable). Skipped, with that reason, anywhere else.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { _electron, type ElectronApplication } from 'playwright-core';
import type { TestProbe } from '../../main/electron/test-probe.js';

const ROOT = resolve('.');

function electronBinary(): string | null {
  const fromEnv = process.env.ELECTRON_EXECUTABLE;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  // node_modules/electron writes path.txt (the binary's path inside dist/) once it has downloaded one.
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** A Murmur 1.3 log line stamped now, in local time like Murmur writes it. */
function logLine(message: string, level = 'W'): string {
  const now = new Date();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const stamp =
    `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ` +
    `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)}`;
  return `<${level}>${stamp} ${message}\n`;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

const binary = electronBinary();

test('the tray app end to end', { timeout: 120_000 }, async (t) => {
  if (binary === null) {
    t.skip('no Electron binary: set ELECTRON_EXECUTABLE=/path/to/electron (none can be downloaded here)');
    return;
  }
  assert.ok(existsSync(join(ROOT, 'dist', 'main', 'electron', 'app.js')), 'run `npm run build` first');
  const dataDir = await mkdtemp(join(tmpdir(), 'mm-e2e-'));
  const log = join(dataDir, 'murmur.log');
  let app: ElectronApplication | null = null;
  try {
    await writeFile(log, logLine('Murmur 1.3.4 (1.3.4-4) running on X11: Debian GNU/Linux 12 (bookworm): Booting servers') + logLine('1 => Server listening on 127.0.0.1:64738'));
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ sources: [{ name: 'e2e', path: log }] }));
    app = await _electron.launch({
      executablePath: binary,
      args: [ROOT],
      cwd: ROOT,
      env: { ...process.env, MURMUR_MONITOR_DATA_DIR: dataDir, MURMUR_MONITOR_TEST_PROBE: '1' },
      timeout: 60_000,
    });
    const electronApp = app;
    // A JSON copy: the probe's `act` function cannot cross to the test process.
    const probe = (): Promise<Omit<TestProbe, 'act'>> =>
      electronApp.evaluate(() => JSON.parse(JSON.stringify((globalThis as unknown as { __murmurMonitorTestProbe: TestProbe }).__murmurMonitorTestProbe)));

    await until('the tray', probe, (p) => p.trayCreated);
    await app.evaluate(() => (globalThis as unknown as { __murmurMonitorTestProbe: TestProbe }).__murmurMonitorTestProbe.act({ kind: 'open-dashboard' }));
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    assert.match(page.url(), /^app:\/\/bundle\/index\.html/);

    // No Node, no raw IPC, only the named API; permissions denied.
    const exposure = await page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown>;
      return { require: typeof scope.require, process: typeof scope.process, api: Object.keys(scope.murmurMonitor as object).sort() };
    });
    assert.deepEqual(exposure.require, 'undefined');
    assert.deepEqual(exposure.process, 'undefined');
    assert.ok(exposure.api.includes('getSnapshot') && exposure.api.includes('settings'));
    const permission = await page.evaluate(() =>
      (globalThis as unknown as { Notification: { requestPermission(): Promise<string> } }).Notification.requestPermission(),
    );
    assert.equal(permission, 'denied');

    await appendFile(log, logLine('1 => <7:(-1)> New connection: 127.0.0.1:50000') + logLine('1 => <7:e2e-alice(-1)> Authenticated'));
    await page.locator('#online-table', { hasText: 'e2e-alice' }).waitFor({ timeout: 15_000 });
    const seen = await until('a notification', probe, (p) => p.notifications.length > 0);
    assert.deepEqual(seen.notifications[0], { title: 'e2e-alice joined', body: 'e2e #1', target: { source: 'e2e', server: 1 } });
    assert.match(seen.tooltip, /1 online/);

    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.invalid/';
    });
    const opened = await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.invalid/') === null);
    assert.equal(opened, true);
    const refused = await until('both refusals', probe, (p) => p.refused.length >= 2);
    assert.ok(refused.refused.some((line) => line.startsWith('refused navigation to https://example.invalid/')));
    assert.ok(refused.refused.some((line) => line.startsWith('refused to open a window')));
    assert.equal(page.url(), before);
    assert.equal(app.windows().length, 1);
  } finally {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
