// The API table (main/api.ts) is the only description of the API: the HTTP routes, the IPC handlers, the
// preload and the browser transport are made from it, and a bad argument is refused alike over HTTP and IPC.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { ApiArgumentError, MONITOR_CALLS, MONITOR_EVENTS, queryFromArgs, SETTINGS_CALLS, SETTINGS_EVENTS, type MonitorCallName } from '../../main/api.js';
import type { ExportKind, HistoryQuery, PerfRange, RendererApi } from '../../main/contract.js';
import type { MonitorApi } from '../../main/core/monitor-types.js';
import { CombinedMonitor } from '../../main/core/remote/combined-monitor.js';
import { INVOKE_CHANNELS } from '../../main/electron/ipc-contract.js';
import { createInvokeHandlers } from '../../main/electron/ipc-handlers.js';
import { registerInvokeHandlers } from '../../main/electron/ipc-main.js';
import { createPreloadApi, type IpcRendererLike } from '../../main/electron/preload-api.js';
import { SettingsService } from '../../main/electron/settings-service.js';
import type { Shell } from '../../main/electron/shell.js';
import { DEFAULT_SETTINGS } from '../../main/core/settings/schema.js';
import { API_ROUTES } from '../../main/server/routes.js';
import { startHttpServer, type RunningServer } from '../../main/server/http-server.js';
import { FakeIpcMain, snapshotWith } from '../electron/fakes.js';

/**
 * The browser's transport, bundled as the dashboard's build bundles it and run in Node (whose fetch is the
 * browser's; no EventSource is needed until something subscribes).
 */
async function loadBrowserTransport(): Promise<(base: URL) => RendererApi> {
  const bundle = await build({ entryPoints: ['renderer/transport-http.ts'], bundle: true, format: 'cjs', write: false, logLevel: 'silent' });
  const module = { exports: {} as { createHttpApi: (base: URL) => RendererApi } };
  new Function('module', 'exports', bundle.outputFiles[0]?.text ?? '')(module, module.exports);
  return module.exports.createHttpApi;
}

/** A monitor that answers with what it was asked, so both transports can be compared. */
function echoMonitor(calls: string[]): MonitorApi {
  const note = (text: string) => calls.push(text);
  return {
    snapshot: () => (note('snapshot'), snapshotWith({ 'main#1': ['alice'] })),
    history: (query: HistoryQuery) => (note(`history ${JSON.stringify(query)}`), { sessions: [], serverEvents: [], security: [], topUsers: [] }),
    lastSeen: (name: string) => (note(`lastSeen ${name}`), [{ name, userId: -1, source: 'main', server: 1, lastSeen: '2026-11-27T12:00:00', online: false }]),
    perf: (range: PerfRange) => (note(`perf ${range}`), { interval: range === '24h' ? 300 : 3600, points: [], samples: [], latest: null, aliases: {} }),
    exportCsv: (kind: ExportKind) => (note(`csv ${kind}`), `kind\r\n${kind}\r\n`),
    metrics: () => '',
    on: () => () => undefined,
  };
}

/** The preload over a fake ipcRenderer wired straight to the fake ipcMain, as Electron would carry it. */
function wiredPreload(ipcMain: FakeIpcMain) {
  const sender = { id: 'window' };
  const ipcRenderer: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      const handler = ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler({ sender, senderFrame: { url: 'app://bundle/index.html' } }, ...args);
    },
    on: () => undefined,
    removeListener: () => undefined,
  };
  /** A call as our window's page would send it, past the preload (what a compromised page could do). */
  const raw = async (channel: string, ...args: unknown[]) => ipcMain.handlers.get(channel)?.({ sender, senderFrame: { url: 'app://bundle/' } }, ...args);
  return { api: createPreloadApi(ipcRenderer), raw, isOurWindow: (candidate: unknown) => candidate === sender };
}

const ipcCalls: string[] = [];
const httpCalls: string[] = [];
const root = mkdtempSync(join(tmpdir(), 'mm-api-'));
let server: RunningServer;
let createHttpApi: (base: URL) => RendererApi;
const ipcMain = new FakeIpcMain();
const preload = wiredPreload(ipcMain);

before(async () => {
  createHttpApi = await loadBrowserTransport();
  server = await startHttpServer({ monitor: echoMonitor(httpCalls), host: '127.0.0.1', port: 0, token: null, staticRoot: root });
  const monitor = echoMonitor(ipcCalls);
  const settings = new SettingsService({
    initial: DEFAULT_SETTINGS,
    persist: async () => undefined,
    apply: async () => undefined,
    onChanged: () => undefined,
    warn: () => undefined,
  });
  const view = new CombinedMonitor({ local: monitor, remotes: [], localSources: true, warn: () => undefined });
  const shell = { engine: { monitor: view } } as unknown as Shell;
  const handlers = createInvokeHandlers({ shell, settings, discover: async () => [], pickLogFile: async () => null, startDemo: async () => undefined });
  registerInvokeHandlers(ipcMain, handlers, preload.isOurWindow);
});

after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

test('each call of the table has its HTTP route and its IPC channel, and nothing else has one', () => {
  const names = Object.keys(MONITOR_CALLS) as MonitorCallName[];
  assert.deepEqual(Object.keys(API_ROUTES).sort(), [...names.map((name) => MONITOR_CALLS[name].http.path), '/metrics'].sort());
  const channels = [...Object.values(MONITOR_CALLS), ...Object.values(SETTINGS_CALLS)].map((entry) => entry.channel);
  assert.equal(new Set(channels).size, channels.length, 'channels are unique');
  assert.deepEqual([...INVOKE_CHANNELS].sort(), [...channels].sort());
  assert.deepEqual([...ipcMain.handlers.keys()].sort(), [...channels].sort());
});

test('the preload and the browser transport expose exactly the table: its calls and its listeners', () => {
  const listeners = (table: Record<string, { listener: string | null }>) =>
    Object.values(table).flatMap((entry) => (entry.listener === null ? [] : [entry.listener]));
  const expected = [...Object.keys(MONITOR_CALLS), ...listeners(MONITOR_EVENTS), 'settings'].sort();
  assert.deepEqual(Object.keys(preload.api).sort(), expected);
  assert.deepEqual(Object.keys(preload.api.settings).sort(), [...Object.keys(SETTINGS_CALLS), ...listeners(SETTINGS_EVENTS)].sort());
  const browser = createHttpApi(new URL(server.url));
  // The browser's transport adds only the state of its stream, which can drop.
  assert.deepEqual(Object.keys(browser).sort(), [...Object.keys(MONITOR_CALLS), ...listeners(MONITOR_EVENTS), 'onConnection'].sort());
});

test('good arguments reach the monitor the same way through IPC and through HTTP', async () => {
  const browser = createHttpApi(new URL(server.url));
  for (const api of [preload.api, browser]) {
    assert.equal((await api.getSnapshot()).servers[0]?.online[0]?.name, 'alice');
    await api.getHistory({ source: 'main', server: 2147483647, days: 7 });
    await api.getHistory({});
    assert.equal((await api.findLastSeen('<b>bob</b>'))[0]?.name, '<b>bob</b>');
    assert.equal((await api.getPerf('30d')).interval, 3600);
    assert.equal(await api.exportCsv('days'), 'kind\r\ndays\r\n');
  }
  assert.deepEqual(ipcCalls, httpCalls);
  assert.deepEqual(ipcCalls, [
    'snapshot',
    'history {"source":"main","server":2147483647,"days":7}',
    'history {}',
    'lastSeen <b>bob</b>',
    'perf 30d',
    'csv days',
  ]);
});

/** Arguments each call must refuse, whatever carries them. */
const BAD: Array<[MonitorCallName, unknown, RegExp]> = [
  ['getHistory', { server: -1 }, /^server must be a whole number from 0 to 2147483647$/],
  // ipc-contract.ts allowed 2**31 and routes.ts did not, before the table.
  ['getHistory', { server: 2 ** 31 }, /^server must be a whole number from 0 to 2147483647$/],
  ['getHistory', { server: 1.5 }, /^server must be a whole number/],
  ['getHistory', { days: 0 }, /^days must be a whole number from 1 to 3660$/],
  ['getHistory', { days: 3661 }, /^days must be a whole number from 1 to 3660$/],
  ['getHistory', { source: '   ' }, /^source must be a non-blank text/],
  ['getHistory', { source: 's'.repeat(201) }, /^source must be a non-blank text of at most 200 characters$/],
  // A blank name was refused over HTTP only, before the table.
  ['findLastSeen', '   ', /^name must be a non-blank text of at most 512 characters$/],
  ['findLastSeen', 'a'.repeat(513), /^name must be a non-blank text of at most 512 characters$/],
  ['getPerf', '1y', /^range must be one of 24h, 30d$/],
  ['exportCsv', 'passwd', /^kind must be one of sessions, days$/],
];

test('a bad argument is refused with the same message over IPC and over HTTP, and never reaches the monitor', async () => {
  const before = [ipcCalls.length, httpCalls.length];
  const ipcMessages: string[] = [];
  const httpMessages: string[] = [];
  for (const [name, arg] of BAD) {
    const entry = MONITOR_CALLS[name];
    await assert.rejects(
      () => preload.raw(entry.channel, arg),
      (error: Error) => (ipcMessages.push(error.message), error instanceof ApiArgumentError),
    );
    const url = new URL(entry.http.path, server.url);
    for (const [key, item] of queryFromArgs(entry.argument, [arg] as never)) url.searchParams.set(key, item);
    const response = await fetch(url);
    assert.equal(response.status, 400, `${name} ${JSON.stringify(arg)}`);
    httpMessages.push(((await response.json()) as { error: string }).error);
  }
  assert.deepEqual(httpMessages, ipcMessages);
  BAD.forEach(([name, arg, message], index) => assert.match(ipcMessages[index] ?? '', message, `${name} ${JSON.stringify(arg)}`));
  assert.deepEqual([ipcCalls.length, httpCalls.length], before);
});

test('each transport refuses what only it can carry: extra or unknown IPC values, malformed query text', async () => {
  const call = preload.raw;
  await assert.rejects(() => call('history:get', { days: 7 }, 'extra'), /expected 1 argument\(s\), got 2/);
  await assert.rejects(() => call('history:get', { token: 'x' }), /unknown field "token"/);
  await assert.rejects(() => call('history:get', []), /must be an object/);
  await assert.rejects(() => call('last-seen:find'), /expected 1 argument\(s\), got 0/);
  const status = async (path: string) => (await fetch(new URL(path, server.url))).status;
  assert.equal(await status('/api/history?server=x'), 400);
  assert.equal(await status('/api/history?server=1e3'), 400);
  assert.equal(await status('/api/history?days=99999999999999999999'), 400);
  assert.equal(await status('/api/last-seen'), 400);
  // Other query parameters (the browser's `?token=`) are not arguments; absent choices take their default.
  assert.equal(await status('/api/history?token=t&_=1'), 200);
  assert.equal(await status('/api/perf'), 200);
});
