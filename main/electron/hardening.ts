// App-wide refusals: no navigation away, no new windows, no permissions (security checklist items 5, 13, 14).
// Electron objects are passed in, so the handlers are unit-tested with fakes.

export interface HardenedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface PermissionSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** Every navigation is refused: the page is one document and changes view through its fragment, which
 *  is a same-document navigation that does not raise `will-navigate`. */
export function hardenContents(contents: HardenedContents, warn: (message: string) => void): void {
  const refuse = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    warn(`refused navigation to ${url}`);
  };
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.setWindowOpenHandler(({ url }) => {
    warn(`refused to open a window for ${url}`);
    return { action: 'deny' };
  });
}

/** We need no permission: notifications are shown by the main process, not by the page. */
export function denyPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
