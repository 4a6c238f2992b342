import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appRequestPath, CONTENT_SECURITY_POLICY, createAppProtocolHandler } from '../../main/electron/app-protocol.js';
import { denyPermissions, hardenContents, type HardenedContents } from '../../main/electron/hardening.js';

const root = '/opt/app/dist/renderer';

test('app:// maps to files under the renderer folder only', () => {
  assert.equal(appRequestPath('app://bundle/index.html', root), `${root}/index.html`);
  assert.equal(appRequestPath('app://bundle/', root), `${root}/index.html`);
  assert.equal(appRequestPath('app://bundle/charts/app.js?v=1#x', root), `${root}/charts/app.js`);
  // The URL parser folds plain `..` at the root, so this one stays inside (and is a 404).
  assert.equal(appRequestPath('app://bundle/../../etc/passwd', root), `${root}/etc/passwd`);
  assert.equal(appRequestPath('app://bundle/%2e%2e/%2e%2e/etc/passwd', root), `${root}/etc/passwd`);
  for (const url of [
    'app://bundle/..%2f..%2fetc%2fpasswd',
    'app://bundle/%00.html',
    'app://bundle/%E0%A4%A',
    'app://other/index.html',
    'https://bundle/index.html',
    'garbage',
  ]) {
    assert.equal(appRequestPath(url, root), null, url);
  }
});

test('responses carry the CSP; missing files and other methods are refused', async () => {
  const files: Record<string, string> = { [`${root}/index.html`]: '<!doctype html>', [`${root}/app.js`]: 'x()' };
  const handler = createAppProtocolHandler(root, async (file) => {
    const text = files[file];
    if (text === undefined) throw new Error('ENOENT');
    return new TextEncoder().encode(text);
  });
  const page = await handler({ url: 'app://bundle/index.html', method: 'GET' });
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.equal(await page.text(), '<!doctype html>');
  assert.equal((await handler({ url: 'app://bundle/app.js' })).headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal((await handler({ url: 'app://bundle/missing.js' })).status, 404);
  assert.equal((await handler({ url: 'app://bundle/../../etc/passwd' })).status, 404);
  assert.equal((await handler({ url: 'app://bundle/index.html', method: 'POST' })).status, 405);
  assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|https?:/);
});

test('navigation, redirects and new windows are refused', () => {
  const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  const contents: HardenedContents = {
    on: (event, listener) => listeners.set(event, listener),
    setWindowOpenHandler: (handler) => {
      openHandler = handler;
    },
  };
  const warnings: string[] = [];
  hardenContents(contents, (message) => warnings.push(message));
  for (const name of ['will-navigate', 'will-redirect']) {
    let prevented = false;
    listeners.get(name)?.({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
    assert.equal(prevented, true, name);
  }
  const open = openHandler as ((details: { url: string }) => { action: string }) | null;
  assert.deepEqual(open?.({ url: 'https://evil.example/' }), { action: 'deny' });
  assert.equal(warnings.length, 3);
});

test('every permission request and check is denied', () => {
  let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null = null;
  let check: ((c: unknown, p: string) => boolean) | null = null;
  denyPermissions({
    setPermissionRequestHandler: (handler) => (request = handler),
    setPermissionCheckHandler: (handler) => (check = handler),
  });
  for (const permission of ['notifications', 'media', 'geolocation', 'openExternal']) {
    let granted: boolean | null = null;
    (request as unknown as (c: unknown, p: string, cb: (g: boolean) => void) => void)(null, permission, (g) => (granted = g));
    assert.equal(granted, false);
    assert.equal((check as unknown as (c: unknown, p: string) => boolean)(null, permission), false);
  }
});
