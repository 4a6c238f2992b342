// The one way every data file is written (store, perf history, settings, window bounds, autostart entries,
// the demo log), so that a crash or a power cut mid-write leaves the old or the new content, never half
// of one: a temp file beside it (mode 0600: the files name people and their addresses), synced, renamed
// over the old one, then the folder synced so the rename itself is on disk. A temp file is removed
// whatever fails (a full disk must not fill up with partial copies).
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorCode } from './source/source-errors.js';

export const PRIVATE_FILE_MODE = 0o600;

/** Numbers each write's temp file: two writes of one path at once must not share (and garble) one. */
let writes = 0;

/** `${path}.PID-N.tmp`: the pattern staleTempFiles() recognises. */
const TEMP_NAME = /\.(\d+)-\d+\.tmp$/;

/** Windows: antivirus or indexers may hold the target for a moment (steno retries the same way). */
const RENAME_TRIES = process.platform === 'win32' ? 10 : 1;
const RENAME_DELAY_MS = 100;

export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  writes += 1;
  const temp = `${path}.${process.pid}-${writes}.tmp`;
  try {
    const handle = await open(temp, 'w', PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameRetrying(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // Make the rename itself durable; not possible on Windows, where opening a folder fails.
  const folder = await open(dirname(path), 'r').catch(() => null);
  await folder?.sync().catch(() => undefined);
  await folder?.close();
}

async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      if (attempt >= RENAME_TRIES || !['EPERM', 'EACCES', 'EBUSY'].includes(errorCode(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, RENAME_DELAY_MS));
    }
  }
}

/** Whether `name` is a temp file of `file` left by a process that is gone (killed mid-write). */
export function isStaleTempOf(file: string, name: string, alive: (pid: number) => boolean = processAlive): boolean {
  if (!name.startsWith(`${file}.`)) return false;
  const match = TEMP_NAME.exec(name.slice(file.length));
  return match !== null && match.index === 0 && !alive(Number(match[1]));
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

export const PRIVATE_FOLDER_MODE = 0o700;

/** Creates the data folder (and any missing parent) readable by this user only. */
export async function makeDataFolder(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
}

/** Removes temp files of `path` that a killed process left behind (a live one's are its own). */
export async function removeStaleTemps(path: string): Promise<void> {
  const names = await readdir(dirname(path)).catch(() => []);
  const file = basename(path);
  for (const name of names) {
    if (isStaleTempOf(file, name)) await unlink(join(dirname(path), name)).catch(() => undefined);
  }
}
