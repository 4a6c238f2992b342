// The access token of a `serve` reachable from other machines: made once and kept in the data folder (mode
// 0600), so the desktops that follow it keep working across restarts. An admin may write their own in the file.
import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDataFolder, writeFileAtomic } from '../core/atomic-file.js';
import { generateToken } from './access.js';

export const TOKEN_FILE = 'token';

export interface KeptToken {
  token: string;
  path: string;
  /** Made by this start (so worth showing once); false when read from an earlier one. */
  created: boolean;
}

/** A token is at least 8 characters without spaces (the same rule as --token). */
export function isUsableToken(token: string): boolean {
  return token.length >= 8 && !/\s/.test(token);
}

export async function keptToken(dataDir: string, platform: NodeJS.Platform = process.platform): Promise<KeptToken> {
  const path = join(dataDir, TOKEN_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const token = generateToken();
    await makeDataFolder(dataDir);
    await writeFileAtomic(path, `${token}\n`); // written 0600
    return { token, path, created: true };
  }
  const token = text.trim();
  if (!isUsableToken(token)) {
    throw new Error(`${path}: expected one token of at least 8 characters without spaces; delete the file to have a new one made`);
  }
  // Windows has no mode bits to speak of (ACLs guard the user's profile).
  if (platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return { token, path, created: false };
}
