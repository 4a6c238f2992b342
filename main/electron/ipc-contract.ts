// The IPC side of the API table (main/api.ts): each call's channel with its argument and result types, each
// push channel with its payload, and the check main runs on what arrives (the renderer is untrusted).
// Imported by main and the preload; no Electron import here, so it runs in plain Node and in the preload.
import {
  checkArgs,
  MONITOR_CALLS,
  MONITOR_EVENTS,
  SETTINGS_CALLS,
  SETTINGS_EVENTS,
  type Argument,
  type Call,
  type CallArgs,
  type CallResult,
  type PayloadOf,
  type PushEvent,
} from '../api.js';

/** Name of the preload's object on `window` (the renderer looks for it to pick its transport). */
export const RENDERER_API_GLOBAL = 'murmurMonitor';

type ByChannel<T extends Record<string, Call>> = {
  [K in keyof T as T[K]['channel']]: { args: CallArgs<T, K>; result: CallResult<T, K> };
};
type PushByChannel<T extends Record<string, PushEvent>> = {
  [K in keyof T as T[K]['channel'] & string]: PayloadOf<T[K]>;
};

/** Renderer → main requests (`ipcRenderer.invoke` / `ipcMain.handle`). */
export type InvokeContract = ByChannel<typeof MONITOR_CALLS> & ByChannel<typeof SETTINGS_CALLS>;
/** Main → renderer pushes (`webContents.send` / `ipcRenderer.on`). */
export type PushContract = PushByChannel<typeof MONITOR_EVENTS> & PushByChannel<typeof SETTINGS_EVENTS>;

export type InvokeChannel = keyof InvokeContract;
export type PushChannel = keyof PushContract;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result'];

const ARGUMENTS = new Map<string, Argument>([...Object.values(MONITOR_CALLS), ...Object.values(SETTINGS_CALLS)].map((entry) => [entry.channel, entry.argument]));

export const INVOKE_CHANNELS = [...ARGUMENTS.keys()] as InvokeChannel[];

/** Checks what a renderer sent before any handler sees it; throws ApiArgumentError with the reason. */
export function parseInvokeArgs<C extends InvokeChannel>(channel: C, raw: readonly unknown[]): InvokeArgs<C> {
  const argument = ARGUMENTS.get(channel);
  if (argument === undefined) throw new Error(`no such channel: ${channel}`);
  return checkArgs(argument, raw) as InvokeArgs<C>;
}
