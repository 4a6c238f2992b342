// Main's end of the IPC contract: one wrapper registers every handler, refuses any sender that is not our
// window showing our own pages (security checklist item 17), and checks the payload before the handler runs.
import { APP_HOST, APP_SCHEME } from './app-identity.js';
import { INVOKE_CHANNELS, parseInvokeArgs, type InvokeArgs, type InvokeChannel, type InvokeResult } from './ipc-contract.js';

/** The parts of Electron's IpcMainInvokeEvent we look at. */
export interface InvokeEventLike {
  sender: unknown;
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type InvokeHandlers = {
  [C in InvokeChannel]: (...args: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>>;
};

/** True for `app://bundle/...` only. A URL parser, not a prefix test (`app://bundle.evil/` must fail). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    // Node's URL gives custom schemes an opaque origin ("null"), so compare scheme and host instead.
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

export class IpcSenderError extends Error {
  override name = 'IpcSenderError';
}

/** `isOurWindow(sender)` is BrowserWindow.fromWebContents(sender) compared with the dashboard window. */
export function checkSender(event: InvokeEventLike, isOurWindow: (sender: unknown) => boolean): void {
  if (!isOurWindow(event.sender)) throw new IpcSenderError('refused: the sender is not the dashboard window');
  const url = event.senderFrame?.url ?? '';
  if (!isAppUrl(url)) throw new IpcSenderError(`refused: the sender frame is not an app page (${url || 'no frame'})`);
}

function register<C extends InvokeChannel>(
  ipcMain: IpcMainLike,
  channel: C,
  handler: InvokeHandlers[C],
  isOurWindow: (sender: unknown) => boolean,
): void {
  ipcMain.handle(channel, async (event, ...raw) => {
    checkSender(event, isOurWindow);
    const args = parseInvokeArgs(channel, raw);
    return (handler as (...args: InvokeArgs<C>) => unknown)(...args);
  });
}

/** Registers every channel of the contract; returns a function that removes them all. */
export function registerInvokeHandlers(
  ipcMain: IpcMainLike,
  handlers: InvokeHandlers,
  isOurWindow: (sender: unknown) => boolean,
): () => void {
  for (const channel of INVOKE_CHANNELS) register(ipcMain, channel, handlers[channel], isOurWindow);
  return () => INVOKE_CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
}
