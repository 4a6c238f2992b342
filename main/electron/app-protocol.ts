// `app://bundle/...` serves the built renderer (dist/renderer) with a strict Content-Security-Policy header;
// nothing else is reachable through it (security checklist items 7 and 18).
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../server/headers.js';
import { RENDERER_CONTENT_TYPES, rendererFile } from '../server/renderer-files.js';
import { APP_HOST, APP_SCHEME } from './app-identity.js';

// One policy for both transports: the window gets the same header as `serve` gives a browser.
export { CONTENT_SECURITY_POLICY };

/** The file under `root` a request URL names, or null for anything outside it or not ours. */
export function appRequestPath(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  return rendererFile(root, parsed.pathname);
}

function contentType(file: string): string {
  return RENDERER_CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The handler for `protocol.handle(APP_SCHEME, ...)`; `read` is injected for tests. */
export function createAppProtocolHandler(
  root: string,
  read: (file: string) => Promise<Uint8Array> = (file) => readFile(file),
): (request: { url: string; method?: string }) => Promise<Response> {
  return async (request) => {
    if (request.method !== undefined && request.method !== 'GET') {
      return new Response('method not allowed', { status: 405, headers: SECURITY_HEADERS });
    }
    const file = appRequestPath(request.url, root);
    if (file === null) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    try {
      const body = await read(file);
      return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentType(file) } });
    } catch {
      return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    }
  };
}
