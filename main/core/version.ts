// The version in package.json, read once: dist/main/core/ lies three folders below the package root, in a
// checkout and in a packaged app alike.
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
