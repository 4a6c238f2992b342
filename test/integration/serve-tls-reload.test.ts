// A certificate renewed while `serve` runs (certbot, an ACME client, a new internal CA pair): SIGHUP, as
// `systemctl reload` sends it, makes serve answer new connections with the files as they are now. A pair
// that does not work is refused with the reason and the one in use stays; without TLS, SIGHUP changes
// nothing and does not end the process (Node's default for it).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { after, test } from 'node:test';
import { MonitorProcess } from '../support/monitor-process.js';
import { makeServerCertificate, type ServerCertificate } from '../support/server-certificate.js';
import { waitUntil } from '../support/wait-until.js';

const root = join(tmpdir(), `mm-tls-reload-${process.pid}`);
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
after(() => rmSync(root, { recursive: true, force: true }));

const certFile = join(root, 'live-cert.pem');
const keyFile = join(root, 'live-key.pem');
const log = join(root, 'murmur.log');
writeFileSync(log, '');

function install(pair: ServerCertificate): void {
  copyFileSync(pair.certFile, certFile);
  copyFileSync(pair.keyFile, keyFile);
}

/** The SHA-256 fingerprint of the certificate a new TLS connection to `url` is answered with. */
function servedFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => {
      const fingerprint = socket.getPeerX509Certificate()?.fingerprint256;
      socket.destroy();
      if (fingerprint === undefined) reject(new Error('no certificate was presented'));
      else resolve(fingerprint);
    });
    socket.once('error', reject);
  });
}

async function waitPrinted(monitor: MonitorProcess, pattern: RegExp, what: string): Promise<void> {
  await waitUntil(() => (pattern.test(monitor.printed) ? true : undefined), { timeoutMs: 10_000, what: `${what} (printed: ${monitor.printed})` });
}

test('SIGHUP answers with the renewed certificate; a broken pair is refused and the one in use stays', async () => {
  const [first, second] = await Promise.all(['first', 'second'].map((name) => makeServerCertificate(mkdtempSync(join(root, name)))));
  if (first === undefined || second === undefined) throw new Error('two certificates were made');
  install(first);
  const monitor = await MonitorProcess.start({ a: log }, join(root, 'data'), 20_000, ['--no-perf', '--tls-cert', certFile, '--tls-key', keyFile]);
  try {
    assert.equal(await servedFingerprint(monitor.url), first.fingerprint);

    install(second);
    monitor.hangUp();
    await waitPrinted(monitor, new RegExp(`certificate reloaded: ${certFile}, SHA-256 fingerprint ${second.fingerprint}`), 'the reload line');
    assert.equal(await servedFingerprint(monitor.url), second.fingerprint);

    // The first key with the second certificate: not a pair.
    copyFileSync(first.keyFile, keyFile);
    monitor.hangUp();
    await waitPrinted(monitor, /SIGHUP: the certificate was not reloaded, the previous one stays: .*the key does not belong to the certificate/, 'the refusal');
    assert.equal(await servedFingerprint(monitor.url), second.fingerprint);
    assert.equal(await monitor.stop(), 0);
  } finally {
    await monitor.stop('SIGKILL');
  }
});

test('without TLS, SIGHUP says there is nothing to reload and serve goes on', async () => {
  const monitor = await MonitorProcess.start({ a: log }, join(root, 'plain-data'), 20_000, ['--no-perf']);
  try {
    monitor.hangUp();
    await waitPrinted(monitor, /SIGHUP: nothing to reload \(no --tls\)/, 'the nothing-to-reload line');
    const health = await fetch(`${monitor.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(await monitor.stop(), 0);
  } finally {
    await monitor.stop('SIGKILL');
  }
});
