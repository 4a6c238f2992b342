#!/usr/bin/env node
// Entry for the `murmur-monitor` command: the compiled CLI lives in dist/ (built by `npm ci` through the
// prepare script, or by `npm run build`). Without it, say so rather than fail with ERR_MODULE_NOT_FOUND.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/main/cli.js', import.meta.url);
if (existsSync(cli)) {
  await import(cli.href);
} else {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`murmur-monitor: ${fileURLToPath(cli)} is missing: build it with \`npm run build\` in ${root}\n`);
  process.exitCode = 1;
}
