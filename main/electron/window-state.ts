// The dashboard window's last bounds, in their own small file so moving the window never rewrites settings.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.js';
import type { Bounds } from './window-options.js';

const FILE = 'window-state.json';

/** Whatever was saved (checked by restorableBounds), or null when there is nothing usable. */
export async function readWindowBounds(dataDir: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(join(dataDir, FILE), 'utf8'));
  } catch {
    return null;
  }
}

export async function writeWindowBounds(dataDir: string, bounds: Bounds): Promise<void> {
  await writeFileAtomic(join(dataDir, FILE), `${JSON.stringify(bounds)}\n`);
}
