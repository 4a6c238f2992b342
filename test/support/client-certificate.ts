// A self-signed certificate made with the openssl command-line tool: for Mumble clients (Murmur registers
// only users that present one: it keys the account on the certificate's hash), and for `serve --tls-cert`
// (with the names a client checks, `altNames`, e.g. IP:127.0.0.1).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './murmur-process.js';

export interface ClientCertificate {
  key: Buffer;
  cert: Buffer;
}

export async function makeClientCertificate(commonName: string, altNames: string[] = []): Promise<ClientCertificate> {
  const folder = mkdtempSync(join(tmpdir(), 'mumble-cert-'));
  try {
    const key = join(folder, 'key.pem');
    const cert = join(folder, 'cert.pem');
    await runCommand(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
        '-subj', `/CN=${commonName.replace(/[/\\=+,]/g, '_')}`, '-keyout', key, '-out', cert,
        ...(altNames.length > 0 ? ['-addext', `subjectAltName=${altNames.join(',')}`] : [])],
      10_000,
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
