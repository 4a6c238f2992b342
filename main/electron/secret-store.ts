// Remote tokens sealed with Electron's safeStorage (injected, so this runs in plain Node tests). On Linux
// without a secret service, safeStorage falls back to a password built into Chromium ("basic_text",
// docs/api/safe-storage.md): that protects nothing, so it counts as no keychain and the tokens are kept as
// plain text in the settings file (0600), which the settings view says.
import type { SecretStore } from '../core/settings/secrets.js';

/** The parts of Electron's safeStorage we use (the asynchronous API; the synchronous one is deprecated in 45). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend(): string;
}

export function safeStorageSecrets(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretStore {
  let storage: Promise<'encrypted' | 'plain'> | null = null;
  return {
    storage: () =>
      (storage ??= safeStorage.isAsyncEncryptionAvailable().then(
        (available) => (available && !(platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') ? 'encrypted' : 'plain'),
        () => 'plain' as const,
      )),
    seal: async (text) => (await safeStorage.encryptStringAsync(text)).toString('base64'),
    open: async (sealed) => (await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'))).result,
  };
}
