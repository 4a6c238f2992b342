// The object the preload puts on `window.murmurMonitor`: named functions only, each bound to one channel
// of the contract; listeners get the payload, never Electron's event object, and an unsubscribe function
// back (security checklist item 20; electron/fiddle's preload does the same).
import type { RendererApi, SettingsApi } from '../contract.js';
import type { InvokeArgs, InvokeChannel, InvokeResult, PushChannel, PushContract } from './ipc-contract.js';

/** The parts of Electron's ipcRenderer we use (injected, so this is testable without Electron). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function createPreloadApi(ipc: IpcRendererLike): RendererApi & { settings: SettingsApi } {
  // Main answers each channel with its contract's result type (ipc-main.ts registers them from the same map).
  const invoke = <C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>) =>
    ipc.invoke(channel, ...args) as Promise<InvokeResult<C>>;

  const subscribe = <C extends PushChannel>(channel: C, listener: (payload: PushContract[C]) => void) => {
    const relay = (_event: unknown, payload: unknown) => listener(payload as PushContract[C]);
    ipc.on(channel, relay);
    return () => {
      ipc.removeListener(channel, relay);
    };
  };

  const settings = {
    get: () => invoke('settings:get'),
    save: (value) => invoke('settings:save', value),
    discover: () => invoke('settings:discover'),
    pickLogFile: () => invoke('settings:pick-log'),
    startDemo: () => invoke('settings:start-demo'),
    onChanged: (listener) => subscribe('settings:changed', listener),
  } satisfies SettingsApi;

  return {
    getSnapshot: () => invoke('snapshot:get'),
    getHistory: (query) => invoke('history:get', query),
    findLastSeen: (name) => invoke('last-seen:find', name),
    getPerf: (range) => invoke('perf:get', range),
    exportCsv: (kind) => invoke('export:csv', kind),
    onJoin: (listener) => subscribe('monitor:join', listener),
    onLeave: (listener) => subscribe('monitor:leave', listener),
    onProgress: (listener) => subscribe('monitor:progress', listener),
    onChanged: (listener) => subscribe('monitor:changed', () => listener()),
    settings,
  } satisfies RendererApi;
}
