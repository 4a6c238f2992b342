// Runs each compiled benchmark in dist/bench one after another; each prints its own figures
// against a baseline measured in the same run. `npm run bench -- report` runs the ones whose name matches.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const benches = readdirSync('dist/bench')
  .filter((file) => file.endsWith('.bench.js'))
  .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', `dist/bench/${file}`], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
