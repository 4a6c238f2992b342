// The settings file: read with a fallback to defaults, written atomically (atomic-file.ts) so a crash
// mid-save leaves either the old or the new document, never half of one.
import { readFile } from 'node:fs/promises';
import { setAside } from '../set-aside.js';
import { writeFileAtomic } from '../atomic-file.js';
import type { Settings } from '../../contract.js';
import { DEFAULT_SETTINGS, describeErrors, validateSettings } from './schema.js';
import { openTokens, PLAIN_SECRETS, sealTokens, type SecretStore } from './secrets.js';

export interface LoadedSettings {
  settings: Settings;
  /** Set when the file existed but could not be used; it was renamed to `setAside`. */
  warning?: string;
  setAside?: string;
}

function copyDefaults(): Settings {
  return structuredClone(DEFAULT_SETTINGS);
}

export interface SettingsFileOptions {
  /** Where remote tokens are sealed (default: kept as plain text). */
  secrets?: SecretStore;
  warn?: (message: string) => void;
  now?: () => Date;
}

export async function loadSettings(path: string, options: SettingsFileOptions = {}): Promise<LoadedSettings> {
  const now = options.now ?? (() => new Date());
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: copyDefaults() };
    throw new Error(`cannot read settings file ${path}: ${(error as Error).message}`);
  }
  let problem: string;
  try {
    const document = await openTokens(JSON.parse(text), options.secrets ?? PLAIN_SECRETS, options.warn ?? (() => undefined));
    const result = validateSettings(document);
    if (result.ok) return { settings: result.settings };
    problem = describeErrors(result.errors);
  } catch (error) {
    problem = `not valid JSON (${(error as Error).message})`;
  }
  // Keep the user's file for inspection instead of overwriting it with defaults on the next save.
  const aside = await setAside(path, 'invalid', now());
  return {
    settings: copyDefaults(),
    warning: `settings file ${path} was unusable (${problem}); it was renamed to ${aside} and defaults are in use`,
    setAside: aside,
  };
}

export async function saveSettings(path: string, settings: Settings, secrets: SecretStore = PLAIN_SECRETS): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(await sealTokens(settings, secrets), null, 2)}\n`);
}
