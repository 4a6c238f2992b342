// The preload as built (esbuild bundle of main/electron/preload.ts) run against a fake 'electron', and its
// factory against a fake ipcRenderer: named functions only, each on its own channel, unsubscribe works.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { build } from 'esbuild';
import type { RendererApi } from '../../main/contract.js';
import { DEFAULT_SETTINGS } from '../../main/core/settings/schema.js';
import { RENDERER_API_GLOBAL } from '../../main/electron/ipc-contract.js';
import { createPreloadApi, type IpcRendererLike } from '../../main/electron/preload-api.js';

type Listener = (event: unknown, payload: unknown) => void;

class FakeIpcRenderer implements IpcRendererLike {
  invoked: Array<[string, unknown[]]> = [];
  listeners = new Map<string, Set<Listener>>();
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push([channel, args]);
    return `result of ${channel}`;
  }
  on(channel: string, listener: Listener) {
    const set = this.listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(channel, set);
  }
  removeListener(channel: string, listener: Listener) {
    this.listeners.get(channel)?.delete(listener);
  }
  emit(channel: string, payload: unknown) {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: 'IpcRendererEvent' }, payload);
  }
}

const API_KEYS = [
  'exportCsv',
  'findLastSeen',
  'getHistory',
  'getPerf',
  'getSnapshot',
  'onChanged',
  'onJoin',
  'onLeave',
  'onProgress',
  'settings',
];
const SETTINGS_KEYS = ['discover', 'get', 'onChanged', 'pickLogFile', 'save', 'startDemo'];

test('the built preload exposes exactly the API, requires nothing but electron', async () => {
  const bundle = await build({
    entryPoints: ['main/electron/preload.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.text ?? '';
  const ipc = new FakeIpcRenderer();
  const exposed: Array<[string, unknown]> = [];
  const required: string[] = [];
  const fakeElectron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) }, ipcRenderer: ipc };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', code)(
    (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return fakeElectron;
    },
    module,
    module.exports,
  );
  assert.deepEqual(required, ['electron']);
  assert.equal(exposed.length, 1);
  const [key, api] = exposed[0] ?? [];
  assert.equal(key, RENDERER_API_GLOBAL);
  assert.deepEqual(Object.keys(api as object).sort(), API_KEYS);
  assert.ok(Object.values(api as object).every((value) => value !== ipc), 'ipcRenderer itself is never exposed');
  await (api as RendererApi).getSnapshot();
  assert.deepEqual(ipc.invoked, [['snapshot:get', []]]);
});

test('each function invokes its own channel with its arguments', async () => {
  const ipc = new FakeIpcRenderer();
  const api = createPreloadApi(ipc);
  assert.deepEqual(Object.keys(api.settings).sort(), SETTINGS_KEYS);
  assert.ok(Object.values(api).every((value) => typeof value === 'function' || value === api.settings));
  await api.getHistory({ server: 1 });
  await api.findLastSeen('bob');
  await api.getPerf('24h');
  await api.exportCsv('sessions');
  await api.settings.get();
  await api.settings.save(DEFAULT_SETTINGS);
  await api.settings.discover();
  await api.settings.pickLogFile();
  assert.equal(await api.settings.startDemo(), 'result of settings:start-demo');
  assert.deepEqual(ipc.invoked, [
    ['history:get', [{ server: 1 }]],
    ['last-seen:find', ['bob']],
    ['perf:get', ['24h']],
    ['export:csv', ['sessions']],
    ['settings:get', []],
    ['settings:save', [DEFAULT_SETTINGS]],
    ['settings:discover', []],
    ['settings:pick-log', []],
    ['settings:start-demo', []],
  ]);
});

test('listeners get the payload only, and unsubscribe removes exactly their relay', () => {
  const ipc = new FakeIpcRenderer();
  const api = createPreloadApi(ipc);
  const seen: unknown[][] = [];
  const stopJoin = api.onJoin((...args) => seen.push(['join', ...args]));
  api.onLeave((...args) => seen.push(['leave', ...args]));
  const stopChanged = api.onChanged((...args: unknown[]) => seen.push(['changed', ...args]));
  api.settings.onChanged((state) => seen.push(['settings', state]));
  ipc.emit('monitor:join', { name: 'a' });
  ipc.emit('monitor:changed', null);
  ipc.emit('settings:changed', { firstRun: true });
  stopJoin();
  stopChanged();
  ipc.emit('monitor:join', { name: 'b' });
  ipc.emit('monitor:changed', null);
  ipc.emit('monitor:leave', { name: 'c' });
  assert.deepEqual(seen, [['join', { name: 'a' }], ['changed'], ['settings', { firstRun: true }], ['leave', { name: 'c' }]]);
  assert.equal(ipc.listeners.get('monitor:join')?.size, 0);
});
