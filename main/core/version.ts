// The version in package.json: dist/main/core/ lies three folders below the package root, in a checkout and
// in a packaged app alike. `--version` prints it and /metrics labels murmur_monitor_build_info with it.
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  if (typeof pkg.version === 'string') return pkg.version;
  throw new Error('package.json has no version');
}
