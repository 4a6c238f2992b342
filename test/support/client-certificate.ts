// A self-signed client certificate: Murmur registers only users that present one (it keys the account on
// the certificate's hash), so the registration tests need it. Made with the openssl command-line tool.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './murmur-process.js';

export interface ClientCertificate {
  key: Buffer;
  cert: Buffer;
}

export async function makeClientCertificate(commonName: string): Promise<ClientCertificate> {
  const folder = mkdtempSync(join(tmpdir(), 'mumble-cert-'));
  try {
    const key = join(folder, 'key.pem');
    const cert = join(folder, 'cert.pem');
    await runCommand(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
        '-subj', `/CN=${commonName.replace(/[/\\=+,]/g, '_')}`, '-keyout', key, '-out', cert],
      10_000,
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
