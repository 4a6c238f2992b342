// The object the preload puts on `window.murmurMonitor`, made from the API table: named functions only, each
// bound to one channel; listeners get the payload, never Electron's event object, and an unsubscribe
// function back (security checklist item 20; electron/fiddle's preload does the same).
import { callsThrough, MONITOR_CALLS, MONITOR_EVENTS, SETTINGS_CALLS, SETTINGS_EVENTS, subscriptionsThrough, type PushEvent } from '../api.js';
import type { RendererApi, SettingsApi } from '../contract.js';

/** The parts of Electron's ipcRenderer we use (injected, so this is testable without Electron). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function createPreloadApi(ipc: IpcRendererLike): RendererApi & { settings: SettingsApi } {
  // Main answers each channel with its table entry's result type (ipc-main.ts registers them from the same table).
  const invoke = (_name: string, entry: { channel: string }, args: unknown[]) => ipc.invoke(entry.channel, ...args);
  const subscribe = (_name: string, entry: PushEvent, deliver: (payload: unknown) => void) => {
    const relay = (_event: unknown, payload: unknown) => deliver(payload);
    const channel = entry.channel as string;
    ipc.on(channel, relay);
    return () => {
      ipc.removeListener(channel, relay);
    };
  };
  const settings = {
    ...callsThrough(SETTINGS_CALLS, invoke),
    ...subscriptionsThrough(SETTINGS_EVENTS, subscribe),
  } satisfies SettingsApi;
  return {
    ...callsThrough(MONITOR_CALLS, invoke),
    ...subscriptionsThrough(MONITOR_EVENTS, subscribe),
    settings,
  } satisfies RendererApi;
}
