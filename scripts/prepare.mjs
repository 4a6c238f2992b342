// `npm ci` and `npm install` in a checkout run this: it builds dist/ with the dev dependencies (TypeScript,
// esbuild). An install without them (`npm ci --omit=dev`) cannot build; instead of failing on a missing
// module, it says so and leaves dist/ as it is (one built earlier, or a package's own).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync('node_modules/typescript') || !existsSync('node_modules/esbuild')) {
  const state = existsSync('dist/main/cli.js') ? 'the dist/ already there is kept' : 'there is no dist/ yet';
  process.stderr.write(
    `murmur-monitor: the dev dependencies are not installed, so nothing is built (${state}). ` +
      'Build with them, then drop them: npm ci && npm prune --omit=dev\n',
  );
} else {
  process.exitCode = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status ?? 1;
}
