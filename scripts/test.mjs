// Runs every compiled test file under dist/test with Node's own test runner.
// Files run one at a time: the integration tests start real Murmur servers and share loopback ports.
// --test-force-exit: a handle leaked by a third-party client library must not hold CI until its time limit.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = findTests('dist/test')
  .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
  .sort();
// Node's test runner given no file searches the whole tree, support scripts included: never hand it none.
if (files.length === 0) {
  console.error(`no test file under dist/test matches ${only.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-force-exit', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
