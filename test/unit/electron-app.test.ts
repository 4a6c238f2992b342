// app.ts as Electron would run it, in plain Node: a module resolve hook hands it test/electron/fake-electron
// instead of 'electron'. Checks the wiring the unit tests cannot see: what happens before `ready`, the
// hardening, IPC from the window, a live join turned into tray text and a notification, and a clean quit.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Snapshot } from '../../main/contract.js';
import type { TestProbe } from '../../main/electron/test-probe.js';
import { LocalAgent } from '../support/local-agent.js';
import { makeServerCertificate } from '../support/server-certificate.js';
import { waitUntil } from '../support/wait-until.js';

type Fake = typeof import('../electron/fake-electron.js');

const FAKE_URL = new URL('../electron/fake-electron.js', import.meta.url).href;
const HOOK = `export async function resolve(specifier, context, next) {
  return specifier === 'electron' ? { url: ${JSON.stringify(FAKE_URL)}, shortCircuit: true } : next(specifier, context);
}`;

function line(message: string): string {
  const now = new Date();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `<W>${date} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)} ${message}\n`;
}

async function until<T>(what: string, read: () => T, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

test('app.ts wires a hardened tray app (with a fake electron module)', { timeout: 60_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'mm-app-'));
  const log = join(dataDir, 'murmur.log');
  await writeFile(log, line('Murmur 1.3.4 (1.3.4-4) running on X11: Debian: Booting servers') + line('1 => Server listening on 127.0.0.1:64738'));
  // A remote agent over TLS with a pinned self-signed certificate, its token sealed by the (fake) keychain.
  const certificate = await makeServerCertificate(dataDir);
  const agent = new LocalAgent(dataDir, 'vps', 'agent-token-42', certificate);
  await agent.start();
  const sealedToken = Buffer.from(`sealed:${[...'agent-token-42'].reverse().join('')}`).toString('base64');
  const remote = { name: 'vps', url: agent.url, fingerprint: certificate.fingerprint };
  await writeFile(
    join(dataDir, 'settings.json'),
    JSON.stringify({ sources: [{ name: 'e2e', path: log }], remotes: [{ ...remote, sealedToken }], perf: { cpuIntervalSeconds: 3600, netIntervalSeconds: 3600 } }),
  );
  process.env.MURMUR_MONITOR_DATA_DIR = dataDir;
  process.env.MURMUR_MONITOR_TEST_PROBE = '1';
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
  const fake = (await import(FAKE_URL)) as Fake;
  try {
    await import('../../main/electron/app.js');
    assert.deepEqual(fake.calls.slice(0, 4), [
      'app.enableSandbox',
      `protocol.registerSchemesAsPrivileged [{"scheme":"app","privileges":{"standard":true,"secure":true,"supportFetchAPI":true}}]`,
      'app.setPath userData',
      'app.requestSingleInstanceLock',
    ]);
    assert.equal(fake.calls.at(-1), 'app.whenReady', 'nothing else happens before ready');
    fake.fireReady();

    const probe = (globalThis as unknown as { __murmurMonitorTestProbe: TestProbe }).__murmurMonitorTestProbe;
    await until('the tray', () => probe.trayCreated, Boolean);
    assert.ok(fake.calls.includes('protocol.handle app'));
    const icon = fake.Tray.all[0]?.image.path ?? '';
    assert.ok(existsSync(icon), `tray icon ${icon} exists (npm run icons makes it)`);
    assert.equal(fake.session.defaultSession.checkHandler?.(null, 'notifications'), false);
    let granted: boolean | null = null;
    fake.session.defaultSession.requestHandler?.(null, 'media', (g) => (granted = g));
    assert.equal(granted, false);

    const page = await fake.protocol.handlers.get('app')?.({ url: 'app://bundle/index.html' });
    assert.equal(page?.status, 200);
    assert.match(page?.headers.get('content-security-policy') ?? '', /default-src 'none'/);

    probe.act({ kind: 'open-dashboard' });
    const window = await until('the window', () => fake.BrowserWindow.all[0], Boolean);
    assert.ok(window);
    assert.deepEqual(window.loaded, ['app://bundle/index.html']);
    const prefs = (window.options as { webPreferences: Record<string, unknown> }).webPreferences;
    assert.deepEqual([prefs.sandbox, prefs.contextIsolation, prefs.nodeIntegration, prefs.preload], [true, true, false, join(process.cwd(), 'dist', 'preload.cjs')]);
    await until('ready-to-show', () => window.visible, Boolean);

    let prevented = false;
    window.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://example.invalid/');
    assert.equal(prevented, true);
    const open = window.webContents.openHandler as (details: { url: string }) => { action: string };
    assert.deepEqual(open({ url: 'https://example.invalid/' }), { action: 'deny' });
    assert.equal(probe.refused.length, 2);

    const invoke = (channel: string, sender: unknown, url: string, ...args: unknown[]) =>
      Promise.resolve().then(() => fake.ipcMain.handlers.get(channel)?.({ sender, senderFrame: { url } }, ...args));
    const snapshotNow = async () => (await invoke('snapshot:get', window.webContents, 'app://bundle/index.html')) as Snapshot;
    const remoteFollowed = () =>
      waitUntil(async () => {
        const next = await snapshotNow();
        // Every source live, the local log too: a line appended while it still catches up is history, not a join.
        return next.sources.length === 2 && next.sources.every((source) => source.state === 'following') ? next : undefined;
      }, { timeoutMs: 20_000, what: 'the local log and the remote agent followed live' });
    const snapshot = await remoteFollowed();
    assert.deepEqual(snapshot.sources.map((source) => source.name), ['e2e', 'vps/main']);
    await assert.rejects(invoke('snapshot:get', new fake.FakeWebContents(), 'app://bundle/index.html'), /refused/);
    await assert.rejects(invoke('snapshot:get', window.webContents, 'https://evil.example/'), /refused/);

    await appendFile(log, line('1 => <7:(-1)> New connection: 127.0.0.1:50000') + line('1 => <7:e2e-alice(-1)> Authenticated'));
    await until('the join', () => window.webContents.sent.some(([channel]) => channel === 'monitor:join'), Boolean);
    const onlineNow = (await snapshotNow()).servers.reduce((sum, server) => sum + server.online.length, 0);
    assert.ok(onlineNow > 1, 'the remote agent has people online too');
    assert.equal(fake.Tray.all[0]?.tooltip, `Murmur Monitor: ${onlineNow} online`);
    await until('the notification', () => fake.Notification.shown.length, (n) => n > 0);
    assert.deepEqual(fake.Notification.shown, [{ title: 'e2e-alice joined', body: 'e2e #1' }]);

    // The remote's join notifies like a local one.
    fake.Notification.shown.length = 0;
    agent.join(601, 'remote-zoe');
    await until('the remote notification', () => fake.Notification.shown.length, (n) => n > 0);
    assert.deepEqual(fake.Notification.shown, [{ title: 'remote-zoe joined', body: 'vps/main #1' }]);
    assert.match(fake.Tray.all[0]?.tooltip ?? '', /Murmur Monitor: \d+ online/);

    const saved = await invoke('settings:save', window.webContents, 'app://bundle/index.html', {
      sources: [{ name: 'e2e', path: log }],
      remotes: [{ ...remote, token: 'agent-token-42' }],
      retentionDays: 30,
    });
    assert.equal((saved as { ok: boolean }).ok, true);
    const written = JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'));
    assert.equal(written.retentionDays, 30);
    assert.deepEqual(written.remotes, [{ ...remote, sealedToken }], 'the token is stored sealed, never in the clear');
    const state = (await invoke('settings:get', window.webContents, 'app://bundle/index.html')) as { settings: { remotes: unknown[] }; tokenStorage: string };
    assert.equal(state.tokenStorage, 'encrypted');

    // The agent goes away: the tray says since when.
    await remoteFollowed();
    await agent.stop();
    await until('the tray to say unreachable', () => fake.Tray.all[0]?.tooltip ?? '', (tip) => /vps: unreachable since \d\d:\d\d/.test(tip));

    const exited = new Promise((done) => fake.app.once('test-exited', done));
    fake.app.quit();
    await exited;
    assert.ok(fake.calls.includes('tray.destroy'));
  } finally {
    if (!fake.app.quitted) fake.app.quit();
    await agent.front.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
