// The dashboard's built files (dist/renderer) at `/`. Only regular files inside that folder are served;
// anything that resolves outside it (`..`, encoded or not, absolute paths, NUL bytes) is refused.
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { sendError, sendText } from './headers.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The file under `root` that `pathname` names, or null when it would leave `root` or is malformed. */
function resolveStatic(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.split('/').some((part) => part === '..')) return null;
  const base = resolve(root);
  const full = resolve(join(base, relative));
  return full.startsWith(base + sep) ? full : null;
}

export async function serveStatic(root: string, pathname: string, response: ServerResponse, headOnly: boolean): Promise<void> {
  const file = resolveStatic(root, pathname);
  const type = file === null ? undefined : CONTENT_TYPES[extname(file).toLowerCase()];
  if (file === null || type === undefined) {
    sendError(response, 404, 'not found');
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (pathname === '/') sendText(response, 503, 'The dashboard is not built: run `npm run build` (it writes dist/renderer).\n');
    else sendError(response, 404, 'not found');
    return;
  }
  const body = await readFile(file);
  response.statusCode = 200;
  response.setHeader('Content-Type', type);
  response.setHeader('Content-Length', body.length);
  response.setHeader('Cache-Control', 'no-cache');
  response.end(headOnly ? undefined : body);
}
