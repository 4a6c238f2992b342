// Remote tokens on disk: sealed by the OS's keychain where there is one (Electron's safeStorage, injected:
// the core never imports electron), otherwise kept as plain text in the settings file, which only its owner
// may read (0600). The settings document in memory always holds the token itself.
import type { RemoteSettings, Settings } from '../../contract.js';

export interface SecretStore {
  /** `encrypted` when the OS keeps the key (Keychain, DPAPI, libsecret, KWallet); `plain` when it cannot. */
  storage(): Promise<'encrypted' | 'plain'>;
  /** Text → base64 of the sealed bytes. */
  seal(text: string): Promise<string>;
  /** Base64 of sealed bytes → text; throws when it cannot (another user, a keychain that was reset). */
  open(sealed: string): Promise<string>;
}

/** For `serve`, tests, and machines without a keychain: tokens stay as they are. */
export const PLAIN_SECRETS: SecretStore = {
  storage: async () => 'plain',
  seal: async () => {
    throw new Error('no keychain: tokens are kept as plain text');
  },
  open: async () => {
    throw new Error('no keychain: this token was sealed on a system with one');
  },
};

/** A remote as written to the settings file: `sealedToken` instead of `token` when sealed. */
type StoredRemote = Omit<RemoteSettings, 'token'> & { token?: string; sealedToken?: string };

/** The document to write: each remote's token sealed when the OS offers it. */
export async function sealTokens(settings: Settings, secrets: SecretStore): Promise<unknown> {
  const encrypted = (await secrets.storage()) === 'encrypted';
  const remotes = await Promise.all(
    settings.remotes.map(async ({ token, ...rest }): Promise<StoredRemote> => {
      if (token === '') return rest;
      return encrypted ? { ...rest, sealedToken: await secrets.seal(token) } : { ...rest, token };
    }),
  );
  return { ...settings, remotes };
}

/**
 * The document read from the file with each sealed token opened. A token that cannot be opened becomes
 * empty, with a warning: that remote then asks for it again (401) instead of the whole file being lost.
 */
export async function openTokens(document: unknown, secrets: SecretStore, warn: (message: string) => void): Promise<unknown> {
  const raw = document as { remotes?: unknown };
  if (typeof raw !== 'object' || raw === null || !Array.isArray(raw.remotes)) return document;
  const remotes = await Promise.all(
    raw.remotes.map(async (item: unknown) => {
      const remote = item as StoredRemote | null;
      if (typeof remote !== 'object' || remote === null || typeof remote.sealedToken !== 'string') return item;
      const { sealedToken, ...rest } = remote;
      try {
        return { ...rest, token: await secrets.open(sealedToken) };
      } catch (error) {
        warn(`the token of remote ${String(rest.name)} cannot be decrypted (${(error as Error).message}); enter it again in the settings`);
        return { ...rest, token: '' };
      }
    }),
  );
  return { ...raw, remotes };
}
