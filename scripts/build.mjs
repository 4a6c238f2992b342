// Builds everything into dist/: the Node side with tsc, the renderer and the preload with esbuild
// (the renderer needs one bundled script for its Content-Security-Policy, and a sandboxed preload
// can only be a single CommonJS file).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });

mkdirSync('dist/renderer', { recursive: true });
if (existsSync('renderer/main.ts')) {
  await build({
    entryPoints: ['renderer/main.ts'],
    bundle: true,
    // A classic deferred script, not a module: module scripts are fetched in CORS mode, which a custom
    // `app://` scheme serves only with the corsEnabled privilege; a classic script needs nothing extra.
    format: 'iife',
    target: 'es2022',
    outfile: 'dist/renderer/app.js',
    sourcemap: true,
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) {
    if (existsSync(`renderer/${file}`)) cpSync(`renderer/${file}`, `dist/renderer/${file}`);
  }
}
if (existsSync('main/electron/preload.ts')) {
  await build({
    entryPoints: ['main/electron/preload.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    external: ['electron'],
    outfile: 'dist/preload.cjs',
    logLevel: 'warning',
  });
}
