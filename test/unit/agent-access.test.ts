// What makes `serve` an agent for other machines: the kept token, the certificate (made in node:crypto and
// checked by the real openssl, or the admin's own), and the addresses it tells people to use.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { reachableHosts, urlFor } from '../../main/server/addresses.js';
import { makeSelfSignedCertificate } from '../../main/server/self-signed.js';
import { loadTls } from '../../main/server/tls.js';
import { keptToken } from '../../main/server/token-file.js';
import { makeClientCertificate } from '../support/client-certificate.js';
import { runCommand } from '../support/murmur-process.js';
import { tempRoot } from './monitor-fixtures.js';

const root = tempRoot('mm-agent-');
after(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string): number => statSync(path).mode & 0o777;
const posix = process.platform !== 'win32';

test('the token is made once, kept with mode 0600, and the same at the next start', { skip: !posix && 'mode bits are POSIX' }, async () => {
  const dataDir = join(root, 'token');
  const first = await keptToken(dataDir);
  assert.equal(first.created, true);
  assert.match(first.token, /^[\w-]{32}$/);
  assert.equal(mode(first.path), 0o600);
  const second = await keptToken(dataDir);
  assert.deepEqual([second.token, second.created], [first.token, false]);
  chmodSync(first.path, 0o644);
  await keptToken(dataDir);
  assert.equal(mode(first.path), 0o600, 'a file others could read is closed again');
  writeFileSync(first.path, 'my-own-token-1234\n');
  assert.equal((await keptToken(dataDir)).token, 'my-own-token-1234', 'an admin may write their own');
  writeFileSync(first.path, 'short\n');
  await assert.rejects(keptToken(dataDir), /token: expected one token of at least 8 characters without spaces; delete the file/);
  assert.equal(readFileSync(first.path, 'utf8'), 'short\n', 'a bad file is left for the admin, not replaced');
});

test('a certificate made in node:crypto is one openssl reads and verifies, with the names asked for', async () => {
  const made = makeSelfSignedCertificate({ commonName: 'murmur-monitor on test', altNames: ['localhost', 'vps.example', '127.0.0.1', '::1', '2001:db8::5', 'fe80::1%eth0', 'сервер'], days: 30 });
  const certPath = join(root, 'made.pem');
  writeFileSync(certPath, made.cert);
  const text = await runCommand('openssl', ['x509', '-in', certPath, '-noout', '-text', '-fingerprint', '-sha256'], 10_000);
  assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/);
  assert.match(text, /DNS:localhost, DNS:vps\.example, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1, IP Address:2001:DB8:0:0:0:0:0:5\s*$/m, 'a zoned address and a name in another script are left out');
  assert.match(text, /CA:TRUE/);
  const parsed = new X509Certificate(made.cert);
  assert.ok(text.includes(`sha256 Fingerprint=${parsed.fingerprint256}`), 'node and openssl agree on the fingerprint');
  assert.match(await runCommand('openssl', ['verify', '-CAfile', certPath, certPath], 10_000), /: OK/);
  assert.ok(parsed.checkHost('vps.example'));
  assert.ok(parsed.checkIP('127.0.0.1'));
  const days = (Date.parse(parsed.validTo) - Date.parse(parsed.validFrom)) / 86_400_000;
  assert.equal(Math.round(days), 31, 'a day of slack before now, then 30 days');
});

test('every certificate made parses (its random serial always encoded as DER wants it)', () => {
  // A serial with a zero first byte is refused by OpenSSL ("illegal padding"): one in 128 did before.
  for (let i = 0; i < 400; i += 1) {
    const { cert } = makeSelfSignedCertificate({ commonName: 'x', altNames: ['localhost'], days: 1 });
    assert.doesNotThrow(() => new X509Certificate(cert), `certificate ${i}`);
  }
});

test('--tls self-signed: made once in DATA/tls and kept; an expired one is set aside and replaced', async () => {
  const dataDir = join(root, 'tls');
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const first = await loadTls({ kind: 'self-signed' }, dataDir, ['localhost', '127.0.0.1'], warn);
  assert.equal(first.created, true);
  if (posix) assert.equal(mode(join(dataDir, 'tls', 'key.pem')), 0o600);
  const again = await loadTls({ kind: 'self-signed' }, dataDir, ['localhost'], warn);
  assert.deepEqual([again.created, again.fingerprint, again.cert], [false, first.fingerprint, first.cert], 'the pinned fingerprint stays');
  assert.deepEqual(warnings, []);

  const muchLater = new Date(Date.now() + 4000 * 86_400_000);
  const renewed = await loadTls({ kind: 'self-signed' }, dataDir, ['localhost'], warn, muchLater);
  assert.equal(renewed.created, true);
  assert.notEqual(renewed.fingerprint, first.fingerprint);
  assert.match(warnings[0] ?? '', /the certificate expired on .*; they are set aside and a new certificate is made \(clients must pin its fingerprint\)/);
  assert.equal(readdirSync(join(dataDir, 'tls')).filter((name) => name.includes('.unusable-')).length, 2, 'the old pair is kept aside, not overwritten');
});

test('--tls-cert/--tls-key: an openssl-made pair is used as it is; a key of another certificate is refused', async () => {
  const folder = join(root, 'own');
  const one = await makeClientCertificate('agent-one');
  const other = await makeClientCertificate('agent-two');
  rmSync(folder, { recursive: true, force: true });
  const write = (name: string, content: Buffer): string => {
    const path = join(root, name);
    writeFileSync(path, content);
    return path;
  };
  const cert = write('one.crt', one.cert);
  const loaded = await loadTls({ kind: 'files', cert, key: write('one.key', one.key) }, folder, [], () => undefined);
  assert.equal(loaded.fingerprint, new X509Certificate(one.cert).fingerprint256);
  assert.equal(existsSync(folder), false, 'nothing is made in the data folder');
  await assert.rejects(loadTls({ kind: 'files', cert, key: write('two.key', other.key) }, folder, [], () => undefined), /one\.crt and .*two\.key: the key does not belong to the certificate/);
  await assert.rejects(loadTls({ kind: 'files', cert: join(root, 'missing.crt'), key: cert }, folder, [], () => undefined), /ENOENT/);
});

test('bound to every address, the addresses to give are this machine’s own, not 0.0.0.0 or loopback', () => {
  const address = (value: string, family: 'IPv4' | 'IPv6', internal = false) =>
    ({ address: value, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as never;
  const interfaces = {
    lo: [address('127.0.0.1', 'IPv4', true), address('::1', 'IPv6', true)],
    eth0: [address('192.168.1.20', 'IPv4'), address('fe80::1', 'IPv6'), address('2001:db8::20', 'IPv6')],
    wg0: [address('10.8.0.1', 'IPv4')],
  };
  assert.deepEqual(reachableHosts('0.0.0.0', interfaces), ['192.168.1.20', '10.8.0.1']);
  assert.deepEqual(reachableHosts('::', interfaces), ['192.168.1.20', '2001:db8::20', '10.8.0.1'], 'no link-local: its zone differs on the client');
  assert.deepEqual(reachableHosts('192.168.1.20', interfaces), ['192.168.1.20']);
  assert.equal(urlFor('https', '2001:db8::20', 8767), 'https://[2001:db8::20]:8767/');
});
