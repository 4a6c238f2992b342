// The dashboard's built files (dist/renderer) at `/`; renderer-files.ts decides which paths are reachable.
// Each file is read once per version (size and mtime) and kept with its entity tag and its compressed forms,
// made on first demand: browsers revalidate (`no-cache`) and get 304 while the build has not changed.
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { compress, type ContentCoding } from './content-coding.js';
import { sendBody, sendError, sendText } from './headers.js';
import { RENDERER_CONTENT_TYPES, rendererFile } from './renderer-files.js';
import { entityTag } from './validators.js';

interface KeptFile {
  version: string;
  body: Buffer;
  tag: string;
  codings: Map<ContentCoding, Promise<Buffer>>;
}

const kept = new Map<string, KeptFile>();

async function keptFile(file: string, version: string): Promise<KeptFile> {
  const known = kept.get(file);
  if (known?.version === version) return known;
  const body = await readFile(file);
  const entry: KeptFile = { version, body, tag: entityTag(body), codings: new Map() };
  kept.set(file, entry);
  return entry;
}

export async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<void> {
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
  const entry = await keptFile(file, `${info.size}:${info.mtimeMs}`);
  response.setHeader('Cache-Control', 'no-cache');
  sendBody(response, 200, entry.body, type, {
    tag: entry.tag,
    encoded: (coding) => {
      let encoded = entry.codings.get(coding);
      if (encoded === undefined) {
        encoded = compress(entry.body, coding, 'once');
        entry.codings.set(coding, encoded);
        encoded.catch(() => entry.codings.delete(coding)); // a failure is not kept: the next request tries again
      }
      return encoded;
    },
  });
}
