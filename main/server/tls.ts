// The certificate `serve` answers HTTPS with: the admin's own files (--tls-cert/--tls-key), or one made once
// by `--tls self-signed` and kept in the data folder, so the fingerprint that clients pin stays the same.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.js';
import { setAside } from '../core/set-aside.js';
import { makeSelfSignedCertificate } from './self-signed.js';

export type TlsChoice = { kind: 'files'; cert: string; key: string } | { kind: 'self-signed' };

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the certificate's DER, as `AB:CD:...` (what `openssl x509 -fingerprint -sha256` prints). */
  fingerprint: string;
  certPath: string;
  /** Made by this start: clients that pinned an earlier one must pin this. */
  created: boolean;
}

export const SELF_SIGNED_DAYS = 3650;

/** Checks that `cert` parses, is in force, and belongs to `key`; throws the reason in words. */
function checkPair(cert: string, key: string, now: Date): X509Certificate {
  const parsed = new X509Certificate(cert);
  if (!parsed.checkPrivateKey(createPrivateKey(key))) throw new Error('the key does not belong to the certificate');
  if (new Date(parsed.validTo).getTime() < now.getTime()) throw new Error(`the certificate expired on ${parsed.validTo}`);
  return parsed;
}

async function ownFiles(certPath: string, keyPath: string, now: Date): Promise<TlsMaterial> {
  const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
  try {
    return { cert, key, fingerprint: checkPair(cert, key, now).fingerprint256, certPath, created: false };
  } catch (error) {
    throw new Error(`${certPath} and ${keyPath}: ${(error as Error).message}`);
  }
}

/**
 * The kept self-signed pair in DATA/tls, made when absent. One that no longer works (unreadable, expired, a
 * key of another certificate) is set aside, not overwritten, and a new one made; `warn` says the fingerprint changed.
 */
async function selfSigned(dataDir: string, altNames: string[], now: Date, warn: (message: string) => void): Promise<TlsMaterial> {
  const folder = join(dataDir, 'tls');
  const certPath = join(folder, 'cert.pem');
  const keyPath = join(folder, 'key.pem');
  try {
    return await ownFiles(certPath, keyPath, now);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      warn(`murmur-monitor: ${(error as Error).message}; they are set aside and a new certificate is made (clients must pin its fingerprint)`);
      for (const path of [certPath, keyPath]) await setAside(path, 'unusable', now).catch(() => undefined);
    }
  }
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const made = makeSelfSignedCertificate({ commonName: `murmur-monitor on ${hostname()}`, altNames, days: SELF_SIGNED_DAYS, now });
  // The key first: a start that finds the certificate finds its key too.
  await writeFileAtomic(keyPath, made.key);
  await writeFileAtomic(certPath, made.cert);
  return { ...made, fingerprint: new X509Certificate(made.cert).fingerprint256, certPath, created: true };
}

/** `altNames`: the names and addresses a new self-signed certificate is made for. */
export async function loadTls(choice: TlsChoice, dataDir: string, altNames: string[], warn: (message: string) => void, now = new Date()): Promise<TlsMaterial> {
  if (choice.kind === 'files') return ownFiles(choice.cert, choice.key, now);
  return selfSigned(dataDir, altNames, now, warn);
}
