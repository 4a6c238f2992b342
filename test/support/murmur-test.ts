// One node:test test per Murmur version, each with a fresh server that is killed and removed afterwards,
// even when the test fails; a version that is not installed is skipped with the reason.
import { test, type TestContext } from 'node:test';
import { SERVER_PASSWORD } from './attendance.js';
import { findMurmur, MURMUR_VERSIONS, type MurmurVersion } from './murmur-install.js';
import { MurmurServer } from './murmur-server.js';

export function testEachMurmur(
  title: (version: MurmurVersion) => string,
  timeoutMs: number,
  body: (t: TestContext, server: MurmurServer) => Promise<void>,
): void {
  for (const version of MURMUR_VERSIONS) {
    test(title(version), { timeout: timeoutMs }, async (t) => {
      const install = findMurmur(version);
      if (typeof install === 'string') {
        t.skip(install);
        return;
      }
      const server = await MurmurServer.start({ version, serverPassword: SERVER_PASSWORD });
      t.after(() => server.dispose());
      await body(t, server);
    });
  }
}
