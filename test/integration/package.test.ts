// What `npm pack` makes of the package: the files that run and no others, and a tarball that installs and
// runs (`murmur-monitor --version`, a report, serve's dashboard) without the repository around it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { Report } from '../../main/contract.js';
import { ServeChild } from '../support/serve-child.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let dir = '';
let packed: { filename: string; files: Array<{ path: string }> };

function npm(args: string[], cwd: string): string {
  // The tests may run under `npm test`: its npm_config_* settings are for the repository, not for this install.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_config_')));
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 180_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'murmur-pack-'));
  // --ignore-scripts: dist/ is built already (the tests run from it); prepare would rebuild it under them.
  [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as [typeof packed];
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the tarball holds what runs, the licence and the service files; no tests, benchmarks, fixtures, sources or maps', async () => {
  const files = packed.files.map((file) => file.path);
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { main: string; bin: Record<string, string> };
  for (const needed of [
    'package.json',
    'LICENSE',
    'README.md',
    pkg.main,
    ...Object.values(pkg.bin),
    'dist/main/cli.js',
    'dist/main/server/serve-command.js',
    'dist/preload.cjs',
    'dist/renderer/index.html',
    'dist/renderer/app.js',
    'dist/renderer/styles.css',
    'assets/demo/murmur-demo.log',
    'contrib/systemd/murmur-monitor.service',
    'contrib/systemd/murmur-monitor@.service',
  ]) {
    assert.ok(files.includes(needed), `${needed} is packed`);
  }
  const unwanted = files.filter((file) => /^(test|bench|main|renderer|scripts|\.ci)\/|^dist\/(test|bench)\/|\.map$|\.ts$|fixtures/.test(file));
  assert.deepEqual(unwanted, []);
});

test('the packed tarball installs and runs: --version, a report, and serve with its dashboard', async () => {
  const prefix = join(dir, 'install');
  npm(['install', '--prefix', prefix, '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(dir, packed.filename)], dir);
  const installed = join(prefix, 'node_modules', 'murmur-monitor');
  const bin = join(prefix, 'node_modules', '.bin', 'murmur-monitor');
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(execFileSync(bin, ['--version'], { encoding: 'utf8' }), `murmur-monitor ${version}\n`);

  const report = JSON.parse(execFileSync(bin, ['report', '--source', `demo=${join(installed, 'assets/demo/murmur-demo.log')}`, '--json'], { encoding: 'utf8' })) as Report;
  assert.ok(report.servers.length > 0 && report.servers.every((server) => server.days.length > 0), 'the demo log reports its servers and days');

  const serve = ServeChild.start(bin, ['serve', '--demo', '--no-perf', '--port', '0', '--data', join(dir, 'data')]);
  let status: number | null;
  try {
    const url = await serve.listening();
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?([\w.-]+\.(?:js|css))"/g)].map((match) => match[1] as string);
    assert.ok(assets.some((asset) => asset.endsWith('.js')) && assets.some((asset) => asset.endsWith('.css')), `the page's script and styles: ${assets.join(', ')}`);
    for (const asset of assets) assert.equal((await fetch(new URL(asset, url))).status, 200, `${asset} is served from the installed package`);
  } finally {
    status = await serve.stop();
  }
  assert.equal(status, 0, serve.stderr);
});
