// A self-signed server certificate for `serve --tls-cert/--tls-key`, made with the openssl command-line
// tool, and its SHA-256 fingerprint as openssl prints it: the pin a remote client is given.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './murmur-process.js';

export interface ServerCertificate {
  keyFile: string;
  certFile: string;
  key: Buffer;
  cert: Buffer;
  /** `AB:CD:...`, from `openssl x509 -fingerprint -sha256`. */
  fingerprint: string;
}

export async function makeServerCertificate(folder = mkdtempSync(join(tmpdir(), 'mm-tls-'))): Promise<ServerCertificate> {
  const keyFile = join(folder, 'key.pem');
  const certFile = join(folder, 'cert.pem');
  await runCommand(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
    10_000,
  );
  const printed = await runCommand('openssl', ['x509', '-in', certFile, '-noout', '-fingerprint', '-sha256'], 10_000);
  const fingerprint = /Fingerprint=([0-9A-F:]{95})/i.exec(printed)?.[1]?.toUpperCase();
  if (fingerprint === undefined) throw new Error(`openssl printed no SHA-256 fingerprint: ${printed}`);
  return { keyFile, certFile, key: readFileSync(keyFile), cert: readFileSync(certFile), fingerprint };
}
