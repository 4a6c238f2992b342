// The settings file: read with a fallback to defaults, written atomically (temp file, fsync, rename) so a
// crash mid-save leaves either the old or the new document, never half of one.
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Settings } from '../../contract.js';
import { DEFAULT_SETTINGS, describeErrors, validateSettings } from './schema.js';

export interface LoadedSettings {
  settings: Settings;
  /** Set when the file existed but could not be used; it was renamed to `setAside`. */
  warning?: string;
  setAside?: string;
}

function copyDefaults(): Settings {
  return structuredClone(DEFAULT_SETTINGS);
}

/** Numbers each write's temp file: two writes of one path at once must not share (and garble) one. */
let writes = 0;

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  writes += 1;
  const temp = `${path}.${process.pid}-${writes}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // Make the rename itself durable; not possible on Windows, where opening a folder fails.
  const folder = await open(dirname(path), 'r').catch(() => null);
  await folder?.sync().catch(() => undefined);
  await folder?.close();
}

export async function loadSettings(path: string, now: () => Date = () => new Date()): Promise<LoadedSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: copyDefaults() };
    throw new Error(`cannot read settings file ${path}: ${(error as Error).message}`);
  }
  let problem: string;
  try {
    const result = validateSettings(JSON.parse(text));
    if (result.ok) return { settings: result.settings };
    problem = describeErrors(result.errors);
  } catch (error) {
    problem = `not valid JSON (${(error as Error).message})`;
  }
  // Keep the user's file for inspection instead of overwriting it with defaults on the next save.
  const setAside = `${path}.invalid-${now().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, setAside);
  return {
    settings: copyDefaults(),
    warning: `settings file ${path} was unusable (${problem}); it was renamed to ${setAside} and defaults are in use`,
    setAside,
  };
}

export async function saveSettings(path: string, settings: Settings): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(settings, null, 2)}\n`);
}
