// Builds everything into dist/: the Node side with tsc, the renderer and the preload with esbuild
// (the renderer needs one bundled script for its Content-Security-Policy, and a sandboxed preload
// can only be a single CommonJS file).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';

// From scratch: a module moved or removed must not live on in dist/ (a stale test would still run).
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });

const bundle = { bundle: true, target: 'es2022', logLevel: 'warning' };

mkdirSync('dist/renderer', { recursive: true });
await build({
  ...bundle,
  entryPoints: ['renderer/main.ts'],
  // A classic deferred script, not a module: module scripts are fetched in CORS mode, which a custom
  // `app://` scheme serves only with the corsEnabled privilege; a classic script needs nothing extra.
  format: 'iife',
  outfile: 'dist/renderer/app.js',
  // Minified: the script is most of what a browser loads from `serve` (632 KB as written, 277 KB minified);
  // the source map keeps it readable in the developer tools.
  minify: true,
  sourcemap: true,
});
for (const file of ['index.html', 'styles.css']) cpSync(`renderer/${file}`, `dist/renderer/${file}`);
await build({
  ...bundle,
  entryPoints: ['main/electron/preload.ts'],
  platform: 'node',
  format: 'cjs',
  external: ['electron'],
  outfile: 'dist/preload.cjs',
});
