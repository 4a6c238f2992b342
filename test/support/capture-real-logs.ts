// Re-creates test/fixtures/real/: runs the real-Murmur scenario (real-scenario.ts) against Murmur 1.3 and 1.5
// and keeps what they wrote: murmur-VERSION.log.1 (before the rotation), murmur-VERSION.log (after it), and
// murmur-VERSION.expected.json (what a reader of those two files must conclude).
// Usage, as root after `npx tsc -p tsconfig.json`: node dist/test/support/capture-real-logs.js [1.3] [1.5]
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_PASSWORD } from './attendance.js';
import { findMurmur, MURMUR_VERSIONS, type MurmurVersion } from './murmur-install.js';
import { MurmurServer } from './murmur-server.js';
import { runScenario } from './real-scenario.js';

const OUT = join(process.cwd(), 'test', 'fixtures', 'real');

async function capture(version: MurmurVersion): Promise<void> {
  const found = findMurmur(version);
  if (typeof found === 'string') throw new Error(found);
  const server = await MurmurServer.start({ version, serverPassword: SERVER_PASSWORD, clientTimeoutSeconds: 4 });
  try {
    const result = await runScenario(server, { withTimeout: true });
    const expected = {
      murmur: version,
      logins: result.logins,
      uniqueUsers: result.uniqueUsers,
      peakOnline: result.peakOnline,
      registeredId: result.registeredId,
      online: result.observerView,
    };
    // Copied while everyone is still on, so the logs end with people online.
    copyFileSync(`${server.logPath}.1`, join(OUT, `murmur-${version}.log.1`));
    copyFileSync(server.logPath, join(OUT, `murmur-${version}.log`));
    writeFileSync(join(OUT, `murmur-${version}.expected.json`), `${JSON.stringify(expected, null, 2)}\n`);
    for (const client of result.clients) client.drop();
    process.stdout.write(`captured Murmur ${version}: ${result.logins} logins, ${result.observerView.length} online at the end\n`);
  } finally {
    await server.dispose();
  }
}

const versions = process.argv.slice(2) as MurmurVersion[];
mkdirSync(OUT, { recursive: true });
for (const version of versions.length > 0 ? versions : MURMUR_VERSIONS) await capture(version);
