// The dashboard's built files (dist/renderer) at `/`; renderer-files.ts decides which paths are reachable.
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { sendError, sendText } from './headers.js';
import { RENDERER_CONTENT_TYPES, rendererFile } from './renderer-files.js';

export async function serveStatic(root: string, pathname: string, response: ServerResponse, headOnly: boolean): Promise<void> {
  const file = rendererFile(root, pathname);
  const type = file === null ? undefined : RENDERER_CONTENT_TYPES[extname(file).toLowerCase()];
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
